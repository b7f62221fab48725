/**
 * Accounts: sign-in with lockout, own password, and the admin's account management. Every write is audited;
 * disabling an account or resetting its password ends its sessions at once.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Actor } from '../../auth/actor.ts';
import { ROLE, type Role } from '../../domain/codes.ts';
import {
  LOCKOUT_WINDOW_MS,
  LOGIN_FAILED_MESSAGE,
  LOGIN_LOCKED_MESSAGE,
  lockState,
  passwordProblem,
} from '../../domain/passwords.ts';
import { roleAllowedAt } from '../../domain/permissions.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { recordAnonymousAudit, recordAudit } from '../audit/service.ts';
import { getRegion } from '../regions/service.ts';
import type { PasswordHasher } from './passwords.ts';
import * as q from './queries.ts';

export type { UserWithRegion } from './queries.ts';

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
export async function signIn(
  db: Knex,
  hasher: PasswordHasher,
  input: { username: string; password: string; ip?: string; now: Date },
): Promise<SignInResult> {
  const typed = typedUsername(input.username);
  const key = loginKey(input.username);
  const since = new Date(input.now.getTime() - 2 * LOCKOUT_WINDOW_MS);
  const admitted = await db.transaction(async (trx) => {
    await q.lockLoginKey(trx, key);
    const failures = await q.recentLoginFailures(trx, key, since);
    if (lockState(failures, input.now).locked) return undefined;
    return { attempt: await q.recordLoginFailure(trx, key, input.ip, input.now), failures };
  });
  if (!admitted) return { ok: false, message: LOGIN_LOCKED_MESSAGE };

  const user = typed ? await q.findUserByUsername(db, typed) : undefined;
  const valid = user ? await hasher.verify(user.password_hash, input.password) : (await hasher.verifyDummy(input.password), false);

  if (user && valid && !user.active) {
    await q.deleteLoginFailure(db, admitted.attempt);
    return { ok: false, message: '该账户已停用，请联系县级管理员。' };
  }
  if (!user || !valid) {
    return db.transaction(async (trx) => {
      const state = lockState([...admitted.failures, input.now], input.now);
      if (user) {
        await q.updateLoginState(trx, user.id, {
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
    await q.clearLoginFailures(trx, key, admitted.attempt);
    await q.updateLoginState(trx, user.id, { failed_logins: 0, locked_until: null, last_login_at: input.now });
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

export async function changeOwnPassword(
  db: Knex,
  hasher: PasswordHasher,
  actor: Actor,
  input: { current_password: string; new_password: string; confirm_password: string; keepSessionId?: string },
) {
  const user = await q.findUserById(db, actor.userId);
  if (!user) throw new NotFoundError();
  if (!(await hasher.verify(user.password_hash, input.current_password))) {
    throw ValidationError.field('current_password', '当前密码不正确');
  }
  const problem = passwordProblem(input.new_password, user.username);
  if (problem) throw ValidationError.field('new_password', problem);
  if (input.new_password !== input.confirm_password) throw ValidationError.field('confirm_password', '两次输入的新密码不一致');
  if (input.new_password === input.current_password) throw ValidationError.field('new_password', '新密码不能与当前密码相同');
  const password_hash = await hasher.hash(input.new_password);
  await db.transaction(async (trx) => {
    await q.updateUser(trx, user.id, { password_hash, must_change_password: false, password_changed_at: new Date() });
    // Other sessions of this user end: a changed password should lock out whoever else had it.
    await trx('session')
      .whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(user.id)])
      .modify((b) => {
        if (input.keepSessionId) b.whereNot('sid', input.keepSessionId);
      })
      .del();
    await recordAudit(trx, actor, { action: 'user.change_password', entity: 'user', entityId: user.id, regionId: user.region_id });
  });
}

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
export async function createUser(
  db: Knex,
  hasher: PasswordHasher,
  actor: Actor | null,
  input: NewUser,
  options: { mustChangePassword: boolean },
): Promise<q.UserRow> {
  const region = await getRegion(db, input.region_id).catch((err: unknown) => {
    // Only a missing region is the form's fault; a database failure stays what it is (503).
    if (err instanceof NotFoundError) throw ValidationError.field('region_id', '请选择有效的所属区划');
    throw err;
  });
  if (!region.active) throw ValidationError.field('region_id', `${region.name} 已停用`);
  if (!roleAllowedAt(input.role, region.level)) {
    const where = region.level === 'county' ? '县级' : region.level === 'township' ? '乡镇' : '村级';
    throw ValidationError.field('role', `${where}区划不能设${ROLE[input.role]}账户（录入员只设在乡镇，管理员只设在县级）`);
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

export async function resetPassword(
  db: Knex,
  hasher: PasswordHasher,
  actor: Actor,
  id: number,
  input: { password: string; version: number },
) {
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
    await q.clearLoginFailures(trx, loginKey(user.username));
    await saved(q.updateUser(trx, id, { locked_until: null, failed_logins: 0 }, input.version));
    await recordAudit(trx, actor, { action: 'user.unlock', entity: 'user', entityId: id, regionId: user.region_id });
  });
}

export async function getUser(db: Knex, id: number) {
  const user = await q.findUserById(db, id);
  if (!user) throw new NotFoundError('未找到该账户。');
  return user;
}

export const listUsers = q.listUsers;
export const countLockedUsers = q.countLockedUsers;
export const usersPerRegion = q.usersPerRegion;
export { createPasswordHasher, type PasswordHasher } from './passwords.ts';
export { safeNext } from './schemas.ts';
