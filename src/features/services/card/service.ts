/**
 * What the card page shows about services: its 技术服务 and 随访 sections (listed in ./card-section.ts).
 * Both return [] for a woman outside the scope (the card page has already answered 404 for her).
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { chinaDate, type IsoDate } from '../../../domain/dates.ts';
import { followUpStatus } from '../../../domain/follow-up-schedule.ts';
import { followUpsOfWoman } from '../follow-ups/queries.ts';
import type { FollowUpView } from '../follow-ups/service.ts';
import { womanInScope, type ServiceListRow } from '../record/queries.ts';
import * as q from './queries.ts';

export async function servicesForWoman(db: Knex, scope: Scope, womanId: number): Promise<ServiceListRow[]> {
  if (!(await womanInScope(db, scope, womanId))) return [];
  return q.servicesOfWoman(db, womanId);
}

export async function followUpsForWoman(db: Knex, scope: Scope, womanId: number, today: IsoDate = chinaDate(new Date())): Promise<FollowUpView[]> {
  if (!(await womanInScope(db, scope, womanId))) return [];
  return (await followUpsOfWoman(db, womanId)).map((r) => ({ ...r, state: followUpStatus(r, today) }));
}
