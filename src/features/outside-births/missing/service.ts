/**
 * The 漏报 work list (issue 16 §3): births on a confirmed outside list that the register does not hold
 * (not_recorded: the mother is on the register, the child is not; unknown_mother). An item closes when a re-match
 * finds the birth, or when a clerk explains it (reason text, audited).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { ExplainValues } from './schemas.ts';

export type { MissingRow } from './queries.ts';

export async function missingItems(db: Knex, actor: Actor, village: string | undefined, page: { limit: number | null; offset: number }) {
  return q.missingPage(db, actor.scope, village, page);
}

export async function explainItem(db: Knex, actor: Actor, id: number, form: ExplainValues, now: Date): Promise<{ mother_name: string }> {
  return db.transaction(async (trx) => {
    const item = await q.openItem(trx, actor.scope, id);
    if (!item) throw new NotFoundError('未找到该漏报项（可能已关闭），或您无权查看。');
    if ((await q.explain(trx, id, form.explanation, actor.userId > 0 ? actor.userId : null, now)) === 0) throw ValidationError.form('该项已有说明');
    await recordAudit(trx, actor, {
      action: 'outside_birth.explain',
      entity: 'outside_birth',
      entityId: id,
      regionId: item.region_id,
      after: { explanation: form.explanation },
      reason: form.explanation,
    });
    return { mother_name: item.mother_name };
  });
}
