/**
 * SQL of the status histories (marital_events, floating_events, hukou_events). Reads about one woman are by id
 * after the service checked her scope; the undated roster takes the caller's scope itself.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { FloatingEventsTable, HukouEventsTable, MaritalEventsTable } from '../../../db/tables.ts';

export type MaritalEventRow = MaritalEventsTable;
export type FloatingEventRow = FloatingEventsTable;
export type HukouEventRow = HukouEventsTable;

export type MaritalEventInsert = Pick<MaritalEventRow, 'woman_id' | 'kind' | 'effective_on' | 'undated' | 'spouse_name' | 'spouse_id_number' | 'created_by'>;
export type FloatingEventInsert = Pick<FloatingEventRow, 'woman_id' | 'kind' | 'effective_on' | 'undated' | 'place' | 'created_by'>;
export type HukouEventInsert = Pick<HukouEventRow, 'woman_id' | 'whose' | 'hukou_kind' | 'effective_on' | 'created_by'>;

export interface HistoryInserts {
  marital: MaritalEventInsert[];
  floating: FloatingEventInsert[];
  hukou: HukouEventInsert[];
}

const BATCH = 5000;

async function insertJson(db: Knex, table: string, rows: object[]): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  const list = cols.map((c) => `"${c}"`).join(', ');
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    await db.raw(`insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", ?::json)`, [JSON.stringify(chunk)]);
  }
}

/** Many events in a few statements (new cards, imports): one JSON parameter per table and few thousand rows. */
export async function insertHistories(db: Knex, rows: HistoryInserts): Promise<void> {
  await insertJson(db, 'marital_events', rows.marital);
  await insertJson(db, 'floating_events', rows.floating);
  await insertJson(db, 'hukou_events', rows.hukou);
}

/** The woman's marital events, oldest first (same date: in the order they were recorded). */
export async function maritalEvents(db: Knex, womanId: number): Promise<MaritalEventRow[]> {
  return db('marital_events')
    .where({ woman_id: womanId })
    .orderBy([{ column: 'effective_on' }, { column: 'id' }]);
}

export async function floatingEvents(db: Knex, womanId: number): Promise<FloatingEventRow[]> {
  return db('floating_events')
    .where({ woman_id: womanId })
    .orderBy([{ column: 'effective_on' }, { column: 'id' }]);
}

/** Hukou rows, the initial state (no date) first. */
export async function hukouEvents(db: Knex, womanId: number): Promise<HukouEventRow[]> {
  return db('hukou_events').where({ woman_id: womanId }).orderByRaw('whose, effective_on asc nulls first, id');
}

export async function insertMaritalEvent(db: Knex, row: MaritalEventInsert): Promise<MaritalEventRow> {
  const [created] = await db('marital_events').insert(row).returning('*');
  return created!;
}

export async function insertFloatingEvent(db: Knex, row: FloatingEventInsert): Promise<FloatingEventRow> {
  const [created] = await db('floating_events').insert(row).returning('*');
  return created!;
}

export async function insertHukouEvent(db: Knex, row: HukouEventInsert): Promise<HukouEventRow> {
  const [created] = await db('hukou_events').insert(row).returning('*');
  return created!;
}

export async function updateMaritalEvent(db: Knex, id: number, patch: Partial<MaritalEventInsert>): Promise<void> {
  await db('marital_events').where({ id }).update(patch);
}

export async function updateFloatingEvent(db: Knex, id: number, patch: Partial<FloatingEventInsert>): Promise<void> {
  await db('floating_events').where({ id }).update(patch);
}

export interface UndatedEventRow {
  history: 'marital' | 'floating';
  event_id: number;
  kind: string;
  effective_on: string;
  recorded_on: string;
  woman_id: number;
  name: string;
  id_number: string;
  village_name: string;
}

function undatedUnion(db: Knex, scope: Scope) {
  const part = (table: string, history: string) =>
    db(`${table} as e`)
      .join('women as w', 'w.id', 'e.woman_id')
      .join('regions as v', 'v.id', 'w.region_id')
      .where('e.undated', true)
      .where('w.status', 'active')
      .whereIn('w.region_id', villagesInScope(db, scope))
      .select(
        db.raw('? as history', [history]),
        'e.id as event_id',
        'e.kind',
        'e.effective_on',
        db.raw(`(e.created_at at time zone 'Asia/Shanghai')::date as recorded_on`),
        'w.id as woman_id',
        'w.name',
        'w.id_number',
        'v.name as village_name',
      );
  return part('marital_events', 'marital').unionAll(part('floating_events', 'floating'));
}

/** 未注明日期的状态变动 in the scope: one page of them, and how many there are. */
export async function undatedEvents(db: Knex, scope: Scope, page: { limit: number; offset: number }): Promise<{ rows: UndatedEventRow[]; total: number }> {
  const rows = await db
    .select<UndatedEventRow[]>('*')
    .from(undatedUnion(db, scope).as('u'))
    .orderBy([{ column: 'village_name' }, { column: 'name' }, { column: 'woman_id' }, { column: 'history' }, { column: 'event_id' }])
    .limit(page.limit)
    .offset(page.offset);
  const [{ n }] = await db.count<{ n: number }[]>({ n: '*' }).from(undatedUnion(db, scope).as('u'));
  return { rows, total: Number(n) };
}
