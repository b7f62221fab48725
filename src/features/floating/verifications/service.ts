/**
 * The verification schedule of floating women (issue 16 §2 item 1): each floating woman is verified every N months
 * (floating_settings.verify_every_months), counted from her last verification since she started floating, or from
 * that start. Recording a verification writes its row and the audit row in one transaction.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { FLOATING_VERIFY_RESULT, label } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { can } from '../../../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { VerificationValues } from './schemas.ts';

export type { VerificationListRow } from './queries.ts';

export const FLOATING_WOMAN_NOT_FOUND = '未找到该流动妇女，或不在您的管辖范围内。';

export async function verificationList(db: Knex, scope: Scope, f: { today: IsoDate; status: 'due' | 'all'; village?: string }, page: { limit: number; offset: number }) {
  const months = await q.verifyEveryMonths(db);
  return { ...(await q.verificationPage(db, scope, { ...f, months }, page)), months };
}

export async function floatingWoman(db: Knex, scope: Scope, womanId: number, today: IsoDate) {
  const woman = await q.floatingWomanInScope(db, scope, womanId, today, await q.verifyEveryMonths(db));
  if (!woman) throw new NotFoundError(FLOATING_WOMAN_NOT_FOUND);
  return woman;
}

export async function recordVerification(db: Knex, actor: Actor, womanId: number, v: VerificationValues, today: IsoDate) {
  if (!can(actor, 'services.write')) throw new ForbiddenError('您的角色不能登记流动人口核查。');
  const woman = await floatingWoman(db, actor.scope, womanId, today);
  if (v.verified_on > today) throw ValidationError.field('verified_on', '核查日期不能晚于今天');
  if (v.verified_on < woman.floating_since) throw ValidationError.field('verified_on', `核查日期不能早于流动日期（${woman.floating_since}）`);
  return db.transaction(async (trx) => {
    const regionId = await q.womanRegion(trx, woman.woman_id);
    const row = await q.insertVerification(trx, {
      woman_id: woman.woman_id,
      region_id: regionId,
      verified_on: v.verified_on,
      result: v.result,
      note: v.note ?? null,
      created_by: actor.userId || null,
    });
    await recordAudit(trx, actor, {
      action: 'floating.verify',
      entity: 'woman',
      entityId: woman.woman_id,
      regionId,
      after: { verification_id: row.id, verified_on: row.verified_on, result: label(FLOATING_VERIFY_RESULT, row.result), note: row.note },
    });
    return { row, woman };
  });
}
