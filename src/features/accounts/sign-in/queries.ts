/** SQL of sign-in: the failure count per username (under an advisory lock) and the sign-in bookkeeping on the account. */
import type { Knex } from 'knex';
import type { UserRow } from '../users/queries.ts';

/** Attempts on one username wait for each other here (until the transaction ends): the count stays exact. */
export async function lockLoginKey(db: Knex, usernameKey: string) {
  await db.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`login:${usernameKey}`]);
}

export async function recordLoginFailure(db: Knex, usernameKey: string, ip: string | undefined, at: Date): Promise<number> {
  const [row] = await db('login_failures')
    .insert({ username_key: usernameKey, ip: ip ?? null, at })
    .returning('id');
  return Number(row.id);
}

export async function deleteLoginFailure(db: Knex, id: number) {
  await db('login_failures').where({ id }).del();
}

export async function recentLoginFailures(db: Knex, usernameKey: string, since: Date): Promise<Date[]> {
  const rows = await db('login_failures').where('username_key', usernameKey).andWhere('at', '>=', since).select('at');
  return rows.map((r: { at: Date }) => r.at);
}

/** Clear a username's failures; with `upTo`, only those counted up to that attempt (not ones still in flight). */
export async function clearLoginFailures(db: Knex, usernameKey: string, upTo?: number) {
  await db('login_failures')
    .where('username_key', usernameKey)
    .modify((b) => {
      if (upTo !== undefined) b.where('id', '<=', upTo);
    })
    .del();
}

/** Sign-in bookkeeping (failures, lock, last sign-in) does not bump version: it is not an edit of the account. */
export async function updateLoginState(db: Knex, id: number, patch: Partial<Pick<UserRow, 'failed_logins' | 'locked_until' | 'last_login_at'>>) {
  await db('users').where({ id }).update(patch);
}
