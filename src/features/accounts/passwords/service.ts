/**
 * One's own password: the current one checked, the new one against the password rules; the user's other
 * sessions end (a changed password locks out whoever else had it). Audited.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { passwordProblem } from '../../../domain/passwords.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from '../users/queries.ts';
import type { PasswordHasher } from './hasher.ts';
import { deleteOtherSessionsOfUser } from './queries.ts';

export async function changeOwnPassword(db: Knex, hasher: PasswordHasher, actor: Actor, input: { current_password: string; new_password: string; confirm_password: string; keepSessionId?: string }) {
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
    await deleteOtherSessionsOfUser(trx, user.id, input.keepSessionId);
    await recordAudit(trx, actor, { action: 'user.change_password', entity: 'user', entityId: user.id, regionId: user.region_id });
  });
}
