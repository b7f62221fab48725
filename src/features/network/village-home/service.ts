/**
 * The village worker's own page (/village): her village's work order for the month — follow-ups due and overdue,
 * the 双查 list, the 应措 women, removals due — from the services feature's work order (one source for the sheet
 * and this page), with her reports' counts; and her visits (a follow-up done) through the services feature's
 * own service, so its rules apply.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { checkResultSubject, completeFollowUp, getFollowUp, recordRoundResult, workOrder } from '../../services/service.ts';
import { reportCounts } from '../event-reports/service.ts';
import type { VisitValues } from './schemas.ts';

export async function villagePage(db: Knex, actor: Actor, f: { month?: string }, today: IsoDate) {
  const [order, reports] = await Promise.all([workOrder(db, actor.scope, { village: actor.regionCode, month: f.month }, today), reportCounts(db, actor.scope)]);
  return { order, reports };
}

export async function visitOf(db: Knex, actor: Actor, id: number, today: IsoDate) {
  return getFollowUp(db, actor.scope, id, today);
}

export async function recordVisit(db: Knex, actor: Actor, id: number, v: VisitValues, today: IsoDate) {
  return completeFollowUp(db, actor, id, v, { today });
}

/** The 双查 result form of a woman of her village on a round's list. */
export async function checkForm(db: Knex, actor: Actor, roundId: number, womanId: number, today: IsoDate) {
  return checkResultSubject(db, actor.scope, roundId, womanId, today);
}

/** Her 双查 result, through the services feature's own record service (the list, the window and the rules apply). */
export async function recordCheck(db: Knex, actor: Actor, roundId: number, womanId: number, input: Record<string, unknown>, today: IsoDate) {
  return recordRoundResult(db, actor, roundId, womanId, input, today);
}
