/** SQL of accounts: users with their region, the admin's list, the counts on the admin's home page, their sessions. */
import type { Knex } from 'knex';
import type { UsersTable } from '../../../db/tables.ts';
import type { Role } from '../../../domain/codes.ts';

export type UserRow = UsersTable;

export interface UserWithRegion extends UserRow {
  region_code: string;
  region_name: string;
  region_level: 'province' | 'city' | 'county' | 'township' | 'village';
}

const withRegion = (db: Knex) =>
  db('users as u').join('regions as r', 'r.id', 'u.region_id').select<UserWithRegion[]>('u.*', 'r.code as region_code', 'r.name as region_name', 'r.level as region_level');

export async function findUserByUsername(db: Knex, username: string): Promise<UserWithRegion | undefined> {
  return withRegion(db).whereRaw('lower(u.username) = lower(?)', [username]).first();
}

export async function findUserById(db: Knex, id: number): Promise<UserWithRegion | undefined> {
  return withRegion(db).where('u.id', id).first();
}

export async function insertUser(db: Knex, row: Pick<UserRow, 'username' | 'display_name' | 'password_hash' | 'role' | 'region_id' | 'must_change_password'>): Promise<UserRow> {
  const [created] = await db('users').insert(row).returning('*');
  return created;
}

/** Update an account; with `expectedVersion`, only if nobody saved it since (undefined otherwise: a 409). */
export async function updateUser(db: Knex, id: number, patch: Partial<UserRow>, expectedVersion?: number): Promise<UserRow | undefined> {
  const [row] = await db('users')
    .where({ id })
    .modify((b) => {
      if (expectedVersion !== undefined) b.where('version', expectedVersion);
    })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning<UserRow[]>('*');
  return row;
}

/** End every session of a user (disable, password reset): the session rows hold passport's user id. */
export async function deleteSessionsOfUser(db: Knex, userId: number): Promise<number> {
  return db('session')
    .whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(userId)])
    .del();
}

export interface UserListFilters {
  q?: string;
  role?: Role;
  regionId?: number;
  status?: 'active' | 'disabled' | 'locked';
  /** The admin's region code: only accounts at or below it. */
  scopeCode?: string;
}

function listQuery(db: Knex, f: UserListFilters, now: Date) {
  const q = db('users as u').join('regions as r', 'r.id', 'u.region_id');
  if (f.scopeCode) q.whereLike('r.code', `${f.scopeCode}%`);
  if (f.q) q.where((w) => w.whereILike('u.username', `%${f.q}%`).orWhereILike('u.display_name', `%${f.q}%`));
  if (f.role) q.where('u.role', f.role);
  if (f.regionId) q.where('u.region_id', f.regionId);
  if (f.status === 'active') q.where('u.active', true);
  if (f.status === 'disabled') q.where('u.active', false);
  if (f.status === 'locked') q.where('u.locked_until', '>', now);
  return q;
}

export async function listUsers(db: Knex, f: UserListFilters, now: Date, page: { limit: number; offset: number }) {
  const [{ total }] = await listQuery(db, f, now).count<{ total: number }[]>({ total: '*' });
  const rows: UserWithRegion[] = await listQuery(db, f, now)
    .select<UserWithRegion[]>('u.*', 'r.code as region_code', 'r.name as region_name', 'r.level as region_level')
    .orderBy([{ column: 'r.code' }, { column: 'u.role' }, { column: 'u.username' }])
    .limit(page.limit)
    .offset(page.offset);
  return { rows, total };
}

export async function countLockedUsers(db: Knex, now: Date): Promise<number> {
  const [{ n }] = await db('users').where('locked_until', '>', now).count<{ n: number }[]>({ n: '*' });
  return n;
}

/** Active users per township (admin home). */
export async function usersPerRegion(db: Knex) {
  return db('regions as r')
    .leftJoin('users as u', function () {
      this.on('u.region_id', 'r.id').andOn('u.active', db.raw('true'));
    })
    .whereIn('r.level', ['county', 'township'])
    .groupBy('r.id', 'r.code', 'r.name', 'r.level')
    .orderBy('r.code')
    .select(
      'r.id',
      'r.code',
      'r.name',
      'r.level',
      db.raw(`count(u.id) filter (where u.role = 'clerk')::int as clerks`),
      db.raw(`count(u.id) filter (where u.role = 'supervisor')::int as supervisors`),
      db.raw(`count(u.id) filter (where u.role = 'admin')::int as admins`),
    );
}
