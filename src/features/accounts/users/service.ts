/**
 * The admin's account management: create (the role must fit the region's level), reset a password, disable,
 * enable, unlock. Every write is audited; disabling an account or resetting its password ends its sessions.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { ROLE, type Role } from '../../../domain/codes.ts';
import { passwordProblem } from '../../../domain/passwords.ts';
import { roleAllowedAt } from '../../../domain/permissions.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { getRegion } from '../../regions/service.ts';
import type { PasswordHasher } from '../passwords/hasher.ts';
import { clearFailures } from '../sign-in/service.ts';
import * as q from './queries.ts';

export type { UserRow, UserWithRegion } from './queries.ts';

export interface NewUser {
  username: string;
  display_name: string;
  role: Role;
  region_id: number;
  password: string;
}

function userSnapshot(u: Pick<q.UserRow, 'username' | 'display_name' | 'role' | 'region_id' | 'active'>) {
  return { username: u.username, display_name: u.display_name, role: u.role, region_id: u.region_id, active: u.active };
}

/**
 * Create an account. Made by an admin in the browser, the user must choose a new password at first sign-in;
 * made by an operator at the command line (mustChangePassword false), they need not.
 */
export async function createUser(db: Knex, hasher: PasswordHasher, actor: Actor | null, input: NewUser, options: { mustChangePassword: boolean }): Promise<q.UserRow> {
  const region = await getRegion(db, input.region_id).catch((err: unknown) => {
    // Only a missing region is the form's fault; a database failure stays what it is (503).
    if (err instanceof NotFoundError) throw ValidationError.field('region_id', '请选择有效的所属区划');
    throw err;
  });
  if (!region.active) throw ValidationError.field('region_id', `${region.name} 已停用`);
  if (!roleAllowedAt(input.role, region.level)) {
    const where = { province: '省级', city: '市级', county: '县级', township: '乡镇', village: '村级' }[region.level];
    throw ValidationError.field('role', `${where}区划不能设${ROLE[input.role]}账户（录入员只设在乡镇，管理员只设在县级及以上，村计生专干只设在村）`);
  }
  if (!/^[A-Za-z0-9_.-]{3,32}$/.test(input.username)) {
    throw ValidationError.field('username', '用户名为 3–32 位字母、数字、下划线、点或横线');
  }
  const problem = passwordProblem(input.password, input.username);
  if (problem) throw ValidationError.field('password', problem);
  const password_hash = await hasher.hash(input.password);
  return db.transaction(async (trx) => {
    if (await q.findUserByUsername(trx, input.username)) throw ValidationError.field('username', '该用户名已被使用');
    const created = await q.insertUser(trx, {
      username: input.username,
      display_name: input.display_name,
      role: input.role,
      region_id: region.id,
      password_hash,
      must_change_password: options.mustChangePassword,
    });
    await recordAudit(trx, actor, {
      action: 'user.create',
      entity: 'user',
      entityId: created.id,
      regionId: region.id,
      after: userSnapshot(created),
    });
    return created;
  });
}

/**
 * The version check that counts is the one in the UPDATE itself: two admins who read the same version at once
 * both pass userForUpdate, and only one of their updates may land.
 */
async function saved(update: Promise<q.UserRow | undefined>): Promise<q.UserRow> {
  const row = await update;
  if (!row) throw new ConflictError('该账户已被他人修改，请刷新后重试。');
  return row;
}

async function userForUpdate(db: Knex, id: number, version: number): Promise<q.UserWithRegion> {
  const user = await q.findUserById(db, id);
  if (!user) throw new NotFoundError('未找到该账户。');
  if (user.version !== version) throw new ConflictError('该账户已被他人修改，请刷新后重试。');
  return user;
}

export async function resetPassword(db: Knex, hasher: PasswordHasher, actor: Actor, id: number, input: { password: string; version: number }) {
  const user = await userForUpdate(db, id, input.version);
  const problem = passwordProblem(input.password, user.username);
  if (problem) throw ValidationError.field('password', problem);
  const password_hash = await hasher.hash(input.password);
  await db.transaction(async (trx) => {
    await saved(q.updateUser(trx, id, { password_hash, must_change_password: true, password_changed_at: new Date() }, input.version));
    await q.deleteSessionsOfUser(trx, id);
    await recordAudit(trx, actor, { action: 'user.reset_password', entity: 'user', entityId: id, regionId: user.region_id });
  });
}

export async function setUserActive(db: Knex, actor: Actor, id: number, input: { active: boolean; version: number }) {
  if (id === actor.userId && !input.active) throw ValidationError.form('不能停用自己的账户。');
  const user = await userForUpdate(db, id, input.version);
  await db.transaction(async (trx) => {
    await saved(q.updateUser(trx, id, { active: input.active }, input.version));
    if (!input.active) await q.deleteSessionsOfUser(trx, id);
    await recordAudit(trx, actor, {
      action: input.active ? 'user.enable' : 'user.disable',
      entity: 'user',
      entityId: id,
      regionId: user.region_id,
      before: { active: user.active },
      after: { active: input.active },
    });
  });
}

export async function unlockUser(db: Knex, actor: Actor, id: number, input: { version: number }) {
  const user = await userForUpdate(db, id, input.version);
  await db.transaction(async (trx) => {
    await clearFailures(trx, user.username);
    await saved(q.updateUser(trx, id, { locked_until: null, failed_logins: 0 }, input.version));
    await recordAudit(trx, actor, { action: 'user.unlock', entity: 'user', entityId: id, regionId: user.region_id });
  });
}

export async function getUser(db: Knex, id: number) {
  const user = await q.findUserById(db, id);
  if (!user) throw new NotFoundError('未找到该账户。');
  return user;
}

/** An account the admin manages: at or below her region (404 otherwise, like an account that does not exist). */
export async function getUserInScope(db: Knex, scope: Scope, id: number) {
  const user = await getUser(db, id);
  if (!user.region_code.startsWith(scope.code)) throw new NotFoundError('未找到该账户。');
  return user;
}

/** The admin's new account: only in a region at or below her own (a city admin: the city, its counties …). */
export async function createUserInScope(db: Knex, hasher: PasswordHasher, actor: Actor, input: NewUser, options: { mustChangePassword: boolean }): Promise<q.UserRow> {
  const region = await getRegion(db, input.region_id).catch(() => undefined);
  if (!region || !region.code.startsWith(actor.scope.code)) throw ValidationError.field('region_id', '请选择有效的所属区划');
  return createUser(db, hasher, actor, input, options);
}

export const listUsers = q.listUsers;
export const countLockedUsers = q.countLockedUsers;
export const usersPerRegion = q.usersPerRegion;
