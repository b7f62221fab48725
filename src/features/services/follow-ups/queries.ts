/**
 * SQL for follow-ups. Lists follow the woman: a follow-up is listed in the village she lives in now (the
 * visitor goes to her door), and scope is decided by that village; follow_ups.region_id keeps the village of the
 * service for the statistics. Pending follow-ups of women who left the register drop off the lists.
 */
import type { Knex } from 'knex';
import type { FollowUpsTable } from '../../../db/tables.ts';
import type { Scope } from '../../../auth/actor.ts';
import { likeContains, searchTerms } from '../../../domain/search-terms.ts';
import { monthEnd, monthOf, type IsoDate } from '../../../domain/dates.ts';
import type { LifeEvent, ScheduleEntry } from '../../../domain/follow-up-schedule.ts';

export type FollowUpRow = FollowUpsTable;

/** A follow-up as the lists show it: the woman (where she lives now), the service it follows, who did it. */
export interface FollowUpListRow extends FollowUpRow {
  woman_name: string;
  id_number: string;
  phone: string | null;
  address: string | null;
  village_id: number;
  village_code: string;
  village_name: string;
  township_name: string;
  service_kind: string | null;
  performed_on: IsoDate | null;
  done_by_name: string | null;
}

export type FollowUpStatusFilter = 'pending' | 'overdue' | 'due' | 'upcoming' | 'done' | 'all' | 'month';

export interface FollowUpQuery {
  status: FollowUpStatusFilter;
  level?: string;
  village?: string;
  q?: string;
  /** Pending follow-ups due on or before this day (rosters: the end of a month). */
  dueBy?: IsoDate;
  /** status 'month' (a work order): due by the month's end and still pending, or done inside the month. */
  month?: { start: IsoDate; end: IsoDate };
}

function base(db: Knex, scope: Scope) {
  return db('follow_ups as f').join('women as w', 'w.id', 'f.woman_id').join('regions as v', 'v.id', 'w.region_id').join('regions as t', 't.id', 'v.parent_id').whereLike('v.code', `${scope.code}%`);
}

function filtered(db: Knex, scope: Scope, f: FollowUpQuery, today: IsoDate) {
  const q = base(db, scope);
  const end = monthEnd(monthOf(today));
  if (f.status === 'month') {
    const { start, end: last } = f.month!;
    q.andWhere('f.due_on', '<=', last).andWhere((b) => b.where((p) => p.whereNull('f.done_on').andWhere('w.status', 'active')).orWhereBetween('f.done_on', [start, last]));
  } else if (f.status !== 'done' && f.status !== 'all') q.whereNull('f.done_on').andWhere('w.status', 'active');
  if (f.status === 'pending') q.andWhere('f.due_on', '<=', f.dueBy ?? end);
  if (f.status === 'overdue') q.andWhere('f.due_on', '<', today);
  if (f.status === 'due') q.andWhere('f.due_on', '>=', today).andWhere('f.due_on', '<=', end);
  if (f.status === 'upcoming') q.andWhere('f.due_on', '>', end);
  if (f.status === 'done') q.whereNotNull('f.done_on');
  if (f.level) q.andWhere('f.level', f.level);
  if (f.village) q.andWhere('v.code', f.village);
  const search = searchTerms(f.q);
  if (search?.kind === 'id') q.andWhere((b) => b.whereLike('w.id_number', likeContains(search.fragment)));
  else if (search) q.andWhere((b) => b.whereILike('w.name', likeContains(search.name)));
  return q;
}

const COLUMNS = [
  'f.*',
  'w.name as woman_name',
  'w.id_number',
  'w.phone',
  'w.address',
  'v.id as village_id',
  'v.code as village_code',
  'v.name as village_name',
  't.name as township_name',
  's.kind as service_kind',
  's.performed_on',
  'u.display_name as done_by_name',
];

const ORDER: Record<string, string> = { due_on: 'f.due_on', name: 'w.name', village: 'v.code' };

export async function listFollowUps(
  db: Knex,
  scope: Scope,
  f: FollowUpQuery,
  today: IsoDate,
  page?: { limit: number; offset: number; sort?: string; dir?: 'asc' | 'desc' },
): Promise<{ rows: FollowUpListRow[]; total: number }> {
  const [{ total }] = await filtered(db, scope, f, today).count<{ total: number }[]>({ total: '*' });
  const q = filtered(db, scope, f, today).leftJoin('services as s', 's.id', 'f.service_id').leftJoin('users as u', 'u.id', 'f.done_by').select<FollowUpListRow[]>(COLUMNS);
  const sort = ORDER[page?.sort ?? ''] ?? 'f.due_on';
  const dir = page?.dir ?? 'asc';
  // Ties (the default: by due date) go by her name, then the follow-up's id, so a page is the same on every load.
  q.orderBy([{ column: sort, order: dir }, { column: 'f.due_on' }, { column: 'w.name' }, { column: 'f.id' }]);
  if (page) q.limit(page.limit).offset(page.offset);
  return { rows: await q, total };
}

/** Pending follow-ups by level: overdue and due by the end of this month (the list's summary, home panels). */
export async function pendingCounts(db: Knex, scope: Scope, today: IsoDate, village?: string): Promise<{ level: string; overdue: number; due: number }[]> {
  const q = filtered(db, scope, { status: 'pending', village }, today)
    .select('f.level')
    .select(db.raw('count(*) filter (where f.due_on < ?)::int as overdue', [today]))
    .select(db.raw('count(*) filter (where f.due_on >= ?)::int as due', [today]))
    .groupBy('f.level');
  return q;
}

/** One follow-up in scope, locked for an update when `lock` (inside a transaction). */
export async function followUpInScope(db: Knex, scope: Scope, id: number, lock = false): Promise<(FollowUpListRow & { woman_status: string }) | undefined> {
  const q = base(db, scope)
    .leftJoin('services as s', 's.id', 'f.service_id')
    .leftJoin('users as u', 'u.id', 'f.done_by')
    .where('f.id', id)
    .select<(FollowUpListRow & { woman_status: string })[]>([...COLUMNS, 'w.status as woman_status']);
  if (lock) q.forUpdate('f');
  return q.first();
}

export async function markFollowUpDone(
  db: Knex,
  id: number,
  patch: Pick<FollowUpRow, 'done_on' | 'result' | 'note' | 'satisfaction' | 'satisfaction_note' | 'done_by'> & { done_on: IsoDate },
): Promise<FollowUpRow> {
  const [row] = await db('follow_ups')
    .where({ id })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning('*');
  return row;
}

/** Every follow-up of one woman (her card), oldest due first. The caller has checked she is in scope. */
export async function followUpsOfWoman(db: Knex, womanId: number): Promise<FollowUpListRow[]> {
  return db('follow_ups as f')
    .join('women as w', 'w.id', 'f.woman_id')
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .leftJoin('services as s', 's.id', 'f.service_id')
    .leftJoin('users as u', 'u.id', 'f.done_by')
    .where('f.woman_id', womanId)
    .select(COLUMNS)
    .orderBy([{ column: 'f.due_on' }, { column: 'f.id' }]);
}

/** The active entries of the event triggers (新婚, 怀孕, 产后, 药具). */
export async function eventSchedules(db: Knex): Promise<ScheduleEntry[]> {
  return db('follow_up_schedules')
    .where({ active: true })
    .whereNot('trigger', 'service')
    .select('id', 'trigger', 'service_kind', 'months_after', 'days_after', 'level', 'serious_complication_only', 'active')
    .orderBy('id');
}

/** The newest row ids of her marital events, pregnancies and children: what a write adds comes after these. */
export interface EventMarks {
  marital: number;
  pregnancy: number;
  child: number;
}

export async function eventMarks(db: Knex, womanId: number): Promise<EventMarks> {
  const max = async (table: 'marital_events' | 'pregnancies' | 'children') => ((await db(table).where({ woman_id: womanId }).max<{ max: number | null }>('id as max').first())?.max ?? 0) as number;
  return { marital: await max('marital_events'), pregnancy: await max('pregnancies'), child: await max('children') };
}

/** The events written after `marks`: dated marriages (first or again), registered pregnancies, births (one per date). */
export async function eventsSince(db: Knex, womanId: number, marks: EventMarks): Promise<LifeEvent[]> {
  const marriages: { on: IsoDate }[] = await db('marital_events')
    .where({ woman_id: womanId, undated: false })
    .whereIn('kind', ['first_marriage', 'remarriage'])
    .andWhere('id', '>', marks.marital)
    .select('effective_on as on');
  const pregnancies: { on: IsoDate }[] = await db('pregnancies').where({ woman_id: womanId }).andWhere('id', '>', marks.pregnancy).select('found_on as on');
  const births: { on: IsoDate }[] = await db('children').where({ woman_id: womanId }).andWhere('id', '>', marks.child).distinct('birth_date as on');
  return [
    ...marriages.map((e) => ({ trigger: 'marriage' as const, on: e.on })),
    ...pregnancies.map((e) => ({ trigger: 'pregnancy' as const, on: e.on })),
    ...births.map((e) => ({ trigger: 'postpartum' as const, on: e.on })),
  ];
}

/** Her village now (the region of an event follow-up). */
export async function womanVillage(db: Knex, womanId: number): Promise<number | undefined> {
  return (await db('women').where({ id: womanId }).first('region_id'))?.region_id;
}

export type EventFollowUpInsert = Pick<FollowUpRow, 'woman_id' | 'region_id' | 'level' | 'due_on' | 'trigger' | 'trigger_on' | 'schedule_id' | 'created_by'>;

/** Inserts the event follow-ups not made yet (the unique index follow_ups_event_once): returns the new ones. */
export async function insertEventFollowUps(db: Knex, rows: EventFollowUpInsert[]): Promise<FollowUpRow[]> {
  if (rows.length === 0) return [];
  return db('follow_ups').insert(rows).onConflict().ignore().returning('*');
}

/**
 * The women who use a short-acting method (pills/injections, condoms, topical) on `day`, active on the register,
 * with their village (the nightly job: the whole county).
 */
export async function supplyUsersOn(db: Knex, day: IsoDate, methods: readonly string[]): Promise<{ woman_id: number; region_id: number }[]> {
  return db('contraception_episodes as e')
    .join('women as w', 'w.id', 'e.woman_id')
    .where('w.status', 'active')
    .whereIn('e.method', methods as string[])
    .andWhere('e.started_on', '<=', day)
    .andWhere((b) => b.whereNull('e.ended_on').orWhere('e.ended_on', '>', day))
    .distinct('w.id as woman_id', 'w.region_id')
    .orderBy('w.id');
}
