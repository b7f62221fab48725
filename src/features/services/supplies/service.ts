/**
 * 免费药具发放 (issue 15 §2): recording a supply on a woman's card, her supplies, and the township's list. A supply
 * is recorded for a woman on the register (active) in the actor's scope, in the village she lives in now (where
 * it was handed out; a later move does not rewrite it), with its audit row in the same transaction.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { SUPPLY_ITEM, label } from '../../../domain/codes.ts';
import { chinaDate, type IsoDate } from '../../../domain/dates.ts';
import { supplyDateProblem } from '../../../domain/free-supply.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { canRecordServices } from '../record/service.ts';
import * as q from './queries.ts';
import type { SupplyListQuery, SupplyListRow, SupplyRow, SupplyTotals, SupplyWoman } from './queries.ts';
import type { SupplyValues } from './schemas.ts';

export type { SupplyListQuery, SupplyListRow, SupplyRow, SupplyTotals, SupplyWoman } from './queries.ts';

export const SUPPLY_NOT_FOUND = '未找到该育龄妇女信息卡，或不在您的管辖范围内。';

/** How many of her supplies the card shows (the rest behind 全部). */
export const CARD_SUPPLIES = 10;

/** The woman of the supply pages, in scope (404 otherwise). */
export async function supplyWoman(db: Knex, scope: Scope, womanId: number): Promise<SupplyWoman> {
  const woman = await q.womanInScope(db, scope, womanId);
  if (!woman) throw new NotFoundError(SUPPLY_NOT_FOUND);
  return woman;
}

/** POST /women/:id/supplies: one supply (parsed with SupplyForm), audited `supply.record`. */
export async function recordSupply(db: Knex, actor: Actor, womanId: number, v: SupplyValues, opts: { today?: IsoDate } = {}): Promise<{ supply: SupplyRow; woman: SupplyWoman }> {
  if (!canRecordServices(actor)) throw new ForbiddenError('您的角色不能登记免费药具发放。');
  const today = opts.today ?? chinaDate(new Date());
  return db.transaction(async (trx) => {
    const woman = await q.womanInScope(trx, actor.scope, womanId, true);
    if (!woman) throw new NotFoundError(SUPPLY_NOT_FOUND);
    if (woman.status !== 'active') throw ValidationError.form(`${woman.name} 已出队，信息卡只读，不能登记免费药具发放。`);
    const problem = supplyDateProblem(v.supplied_on, today, woman);
    if (problem) throw ValidationError.field('supplied_on', problem);
    const supply = await q.insertSupply(trx, {
      woman_id: woman.id,
      region_id: woman.region_id,
      supplied_on: v.supplied_on,
      item: v.item,
      quantity: v.quantity,
      channel: v.channel,
      note: v.note ?? null,
      created_by: actor.userId || null,
    });
    await recordAudit(trx, actor, {
      action: 'supply.record',
      entity: 'woman',
      entityId: woman.id,
      regionId: woman.region_id,
      after: { supply_id: supply.id, supplied_on: supply.supplied_on, item: supply.item, quantity: supply.quantity, channel: supply.channel },
    });
    return { supply, woman };
  });
}

export function supplyRecorded(r: { supply: SupplyRow; woman: { name: string } }): string {
  return `已登记 ${r.woman.name} 领取${label(SUPPLY_ITEM, r.supply.item)} ${r.supply.quantity}（${r.supply.supplied_on}）。`;
}

/** Her supplies, newest first (`limit` of them: the card), with how many there are; [] out of scope. */
export async function suppliesForWoman(db: Knex, scope: Scope, womanId: number, limit?: number): Promise<{ rows: SupplyListRow[]; total: number }> {
  if (!(await q.womanInScope(db, scope, womanId))) return { rows: [], total: 0 };
  return q.suppliesOfWoman(db, womanId, limit);
}

/** GET /supplies: a page of the supplies handed out in the scope (all of them without a window: the CSV). */
export async function listSupplies(db: Knex, scope: Scope, f: SupplyListQuery, page?: { limit: number; offset: number }): Promise<{ rows: SupplyListRow[] } & SupplyTotals> {
  return q.listSupplies(db, scope, f, page);
}
