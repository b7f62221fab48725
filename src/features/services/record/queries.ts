/**
 * SQL for recording a service: the woman (in scope, under a row lock when recording), her current state, the
 * schedules and device lifetimes, and the rows a service writes (the service, its follow-ups, its double-check
 * result); and the services list (/services) with its "record a service for …" lookup by ID number.
 * The state changes themselves go through the register's state API, never through SQL here.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { likeContains, searchTerms } from '../../../domain/search-terms.ts';
import { TERMINAL_METHODS } from '../../../domain/codes.ts';
import { sterilizationLifted } from '../../../domain/consistency-methods.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import type { ScheduleEntry } from '../../../domain/follow-up-schedule.ts';
import type { Lifetimes, StateFacts } from '../../../domain/service-effects.ts';
import type { CheckResultRow, CheckRoundRow } from '../check-rounds/queries.ts';
import type { FollowUpRow } from '../follow-ups/queries.ts';
import type { ServicesTable } from '../../../db/tables.ts';

/** A service row whole (the one declaration in src/db/tables.ts). */
export type ServiceRow = ServicesTable;

/** A service with where it happened and who recorded it (card and lists). */
export interface ServiceListRow extends ServiceRow {
  village_name: string;
  village_code: string;
  recorded_by: string | null;
  woman_name?: string;
  id_number?: string;
}

export interface LockedWoman {
  id: number;
  name: string;
  region_id: number;
  status: string;
  village_code: string;
  village_name: string;
  township_id: number;
}

/** She lives in the scope (the service form, the services list's card links); undefined otherwise. */
export async function womanInScope(
  db: Knex,
  scope: Scope,
  womanId: number,
): Promise<{ id: number; name: string; status: string; region_id: number; id_number: string; village_name: string } | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where('w.id', womanId)
    .andWhereLike('v.code', `${scope.code}%`)
    .select<{ id: number; name: string; status: string; region_id: number; id_number: string; village_name: string }[]>(
      'w.id',
      'w.name',
      'w.status',
      'w.region_id',
      'w.id_number',
      'v.name as village_name',
    )
    .first();
}

/** Lock her row for the transaction if she lives in the scope; undefined otherwise (a 404 for the caller). */
export async function lockWomanInScope(trx: Knex, scope: Scope, id: number): Promise<LockedWoman | undefined> {
  const row = await trx('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where('w.id', id)
    .andWhereLike('v.code', `${scope.code}%`)
    .select<LockedWoman[]>('w.id', 'w.name', 'w.region_id', 'w.status', 'v.code as village_code', 'v.name as village_name', 'v.parent_id as township_id')
    .forUpdate('w')
    .first();
  return row;
}

/** Her current method, ongoing pregnancy and any sterilisation that still rules out other methods. */
export async function stateFacts(db: Knex, womanId: number): Promise<StateFacts> {
  const episodes: { method: string; started_on: IsoDate; ended_on: IsoDate | null; end_reason: string | null }[] = await db('contraception_episodes')
    .where({ woman_id: womanId })
    .select('method', 'started_on', 'ended_on', 'end_reason')
    .orderBy('started_on');
  const pregnancy = await db('pregnancies').where({ woman_id: womanId, outcome: 'ongoing' }).first('id', 'found_on');
  const open = episodes.find((e) => !e.ended_on);
  const sterilization = episodes.find((e) => (TERMINAL_METHODS as readonly string[]).includes(e.method) && !(e.ended_on && sterilizationLifted(e)));
  return {
    openEpisode: open ? { method: open.method, started_on: open.started_on } : undefined,
    ongoingPregnancy: pregnancy ? { id: pregnancy.id, found_on: pregnancy.found_on } : undefined,
    sterilization: sterilization ? { method: sterilization.method, started_on: sterilization.started_on } : undefined,
  };
}

export async function followUpSchedules(db: Knex): Promise<ScheduleEntry[]> {
  return db('follow_up_schedules').where({ active: true, trigger: 'service' }).select('id', 'trigger', 'service_kind', 'months_after', 'days_after', 'level', 'serious_complication_only', 'active');
}

export async function deviceLifetimes(db: Knex): Promise<Lifetimes> {
  const rows: { method: 'iud' | 'implant'; years: number }[] = await db('device_lifetimes').select('method', 'years');
  return Object.fromEntries(rows.map((r) => [r.method, r.years]));
}

export type ServiceInsert = Omit<ServiceRow, 'id' | 'version' | 'created_at' | 'updated_at'>;

export async function insertService(db: Knex, row: ServiceInsert): Promise<ServiceRow> {
  const [created] = await db('services').insert(row).returning('*');
  return created;
}

/** The service as it is now (after the state API's steps touched it). */
export async function serviceById(db: Knex, id: number): Promise<ServiceRow | undefined> {
  return db('services').where({ id }).first();
}

export async function setServicePregnancy(db: Knex, serviceId: number, pregnancyId: number): Promise<void> {
  await db('services')
    .where({ id: serviceId })
    .update({ pregnancy_id: pregnancyId, version: db.raw('version + 1') });
}

export async function insertFollowUps(
  db: Knex,
  rows: Omit<FollowUpRow, 'id' | 'version' | 'created_at' | 'updated_at' | 'done_on' | 'result' | 'done_by' | 'note' | 'satisfaction' | 'satisfaction_note'>[],
): Promise<FollowUpRow[]> {
  if (rows.length === 0) return [];
  return db('follow_ups').insert(rows).returning('*');
}

/** Her place on a round's list (a given round, or the open round of her township whose window holds `on`). */
export async function roundResultFor(db: Knex, womanId: number, on: IsoDate, roundId?: number): Promise<(CheckResultRow & { round: CheckRoundRow }) | undefined> {
  const q = db('check_results as cr')
    .join('check_rounds as r', 'r.id', 'cr.round_id')
    .where('cr.woman_id', womanId)
    .select<(CheckResultRow & { round: CheckRoundRow })[]>('cr.*', db.raw('row_to_json(r.*) as round'));
  if (roundId) q.andWhere('r.id', roundId);
  else {
    q.andWhere('r.status', 'open')
      .andWhere('cr.status', '<>', 'done')
      .andWhereRaw(`?::date between make_date(r.year, (r.quarter - 1) * 3 + 1, 1) and r.closes_on`, [on])
      .orderBy([
        { column: 'r.year', order: 'desc' },
        { column: 'r.quarter', order: 'desc' },
      ]);
  }
  return q.forUpdate('cr').first();
}

export async function markChecked(
  db: Knex,
  resultId: number,
  patch: Pick<CheckResultRow, 'service_id' | 'checked_on' | 'iud_result' | 'pregnancy_result' | 'gyn_result' | 'gyn_note'> & { service_id: number; checked_on: IsoDate },
): Promise<void> {
  await db('check_results')
    .where({ id: resultId })
    .update({ ...patch, status: 'done', version: db.raw('version + 1') });
}

export interface ServiceListQuery {
  kind?: string;
  village?: string;
  from?: IsoDate;
  to?: IsoDate;
  q?: string;
}

/** Services recorded in the scope: by the village where they happened (the statistics' view of them). */
function serviceList(db: Knex, scope: Scope, f: ServiceListQuery) {
  const q = db('services as s').join('regions as sv', 'sv.id', 's.region_id').join('women as w', 'w.id', 's.woman_id').whereLike('sv.code', `${scope.code}%`);
  if (f.kind) q.andWhere('s.kind', f.kind);
  if (f.village) q.andWhere('sv.code', f.village);
  if (f.from) q.andWhere('s.performed_on', '>=', f.from);
  if (f.to) q.andWhere('s.performed_on', '<=', f.to);
  const search = searchTerms(f.q);
  if (search?.kind === 'id') q.andWhere((b) => b.whereLike('w.id_number', likeContains(search.fragment)));
  else if (search) q.andWhere((b) => b.whereILike('w.name', likeContains(search.name)));
  return q;
}

const SORT: Record<string, string> = { performed_on: 's.performed_on', name: 'w.name', kind: 's.kind' };

export async function listServices(
  db: Knex,
  scope: Scope,
  f: ServiceListQuery,
  page: { limit: number; offset: number; sort?: string; dir?: 'asc' | 'desc' },
): Promise<{ rows: ServiceListRow[]; total: number }> {
  const [{ total }] = await serviceList(db, scope, f).count<{ total: number }[]>({ total: '*' });
  const rows = await serviceList(db, scope, f)
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select<ServiceListRow[]>('s.*', 'sv.name as village_name', 'sv.code as village_code', 'u.display_name as recorded_by', 'w.name as woman_name', 'w.id_number')
    .orderBy([
      { column: SORT[page.sort ?? ''] ?? 's.performed_on', order: page.dir ?? 'desc' },
      { column: 's.id', order: 'desc' },
    ])
    .limit(page.limit)
    .offset(page.offset);
  return { rows, total };
}

/** An active card in scope by its ID number (the quick "record a service for …" lookup). */
export async function activeCardByIdNumber(db: Knex, scope: Scope, idNumber: string): Promise<{ id: number; name: string } | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where({ 'w.id_number': idNumber, 'w.status': 'active' })
    .andWhereLike('v.code', `${scope.code}%`)
    .select<{ id: number; name: string }[]>('w.id', 'w.name')
    .first();
}
