/**
 * Sign-in with lockout (DESIGN §1): failures counted per typed username under an advisory lock, the account
 * locked after too many, every attempt audited without ever keeping the typed text. The session's user is
 * reloaded on each request and must still be active.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { LOCKOUT_WINDOW_MS, LOGIN_FAILED_MESSAGE, LOGIN_LOCKED_MESSAGE, lockState } from '../../../domain/passwords.ts';
import { recordAnonymousAudit } from '../../audit/service.ts';
import type { PasswordHasher } from '../passwords/hasher.ts';
import * as q from '../users/queries.ts';
import * as lq from './queries.ts';

export type SignInResult = { ok: true; user: q.UserWithRegion } | { ok: false; message: string };

function typedUsername(username: string): string {
  return username.trim().toLowerCase().slice(0, 64);
}

/**
 * The key failed sign-ins are counted under: a SHA-256 of the typed username, so text typed into the username
 * field (often a password) is never kept, while attempts on one name still count together.
 */
export function loginKey(username: string): string {
  return createHash('sha256').update(typedUsername(username)).digest('hex');
}

/** How a sign-in on a name that is no account appears in the audit log: never the typed text. */
export function unknownUsernameLabel(key: string): string {
  return `未知用户名#${key.slice(0, 8)}`;
}

/**
 * Sign in. Each attempt first takes its place in the failure count (one attempt per username at a time, under
 * an advisory lock) and only then is the password checked, so a burst of N guesses makes at most 5 checks;
 * a success clears the failures counted up to its own attempt, never those of attempts still in flight.
 */
export async function signIn(db: Knex, hasher: PasswordHasher, input: { username: string; password: string; ip?: string; now: Date }): Promise<SignInResult> {
  const typed = typedUsername(input.username);
  const key = loginKey(input.username);
  const since = new Date(input.now.getTime() - 2 * LOCKOUT_WINDOW_MS);
  const admitted = await db.transaction(async (trx) => {
    await lq.lockLoginKey(trx, key);
    const failures = await lq.recentLoginFailures(trx, key, since);
    if (lockState(failures, input.now).locked) return undefined;
    return { attempt: await lq.recordLoginFailure(trx, key, input.ip, input.now), failures };
  });
  if (!admitted) return { ok: false, message: LOGIN_LOCKED_MESSAGE };

  const user = typed ? await q.findUserByUsername(db, typed) : undefined;
  const valid = user ? await hasher.verify(user.password_hash, input.password) : (await hasher.verifyDummy(input.password), false);

  if (user && valid && !user.active) {
    await lq.deleteLoginFailure(db, admitted.attempt);
    return { ok: false, message: '该账户已停用，请联系县级管理员。' };
  }
  if (!user || !valid) {
    return db.transaction(async (trx) => {
      const state = lockState([...admitted.failures, input.now], input.now);
      if (user) {
        await lq.updateLoginState(trx, user.id, {
          failed_logins: admitted.failures.length + 1,
          ...(state.locked ? { locked_until: state.until } : {}),
        });
      }
      await recordAnonymousAudit(trx, user ? user.username : unknownUsernameLabel(key), input.ip, {
        action: state.locked ? 'login.locked' : 'login.failed',
        entity: 'user',
        entityId: user?.id ?? null,
        regionId: user?.region_id ?? null,
      });
      return { ok: false as const, message: state.locked ? LOGIN_LOCKED_MESSAGE : LOGIN_FAILED_MESSAGE };
    });
  }

  await db.transaction(async (trx) => {
    await lq.clearLoginFailures(trx, key, admitted.attempt);
    await lq.updateLoginState(trx, user.id, { failed_logins: 0, locked_until: null, last_login_at: input.now });
    await recordAnonymousAudit(trx, user.username, input.ip, {
      action: 'login.success',
      entity: 'user',
      entityId: user.id,
      regionId: user.region_id,
    });
  });
  return { ok: true, user };
}

/** The user behind a session, or undefined when the account is gone or disabled (the session then ends). */
export async function loadActiveUser(db: Knex, id: number): Promise<q.UserWithRegion | undefined> {
  const user = await q.findUserById(db, id);
  return user && user.active ? user : undefined;
}

/** Clear a username's failures (an admin unlocking the account). */
export async function clearFailures(db: Knex, username: string): Promise<void> {
  await lq.clearLoginFailures(db, loginKey(username));
}
