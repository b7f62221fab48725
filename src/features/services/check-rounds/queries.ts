/**
 * SQL for double-check rounds (check_rounds, check_results). A round belongs to a township; its list holds the
 * women of that township who are due. Scope: the round's township must lie in the caller's region, and the
 * women listed are those who still live in that township.
 */
import type { Knex } from 'knex';
import type { CheckResultsTable } from '../../../db/tables.ts';
import type { CheckRoundsTable } from '../../../db/tables.ts';
import type { Scope } from '../../../auth/actor.ts';
import { MARRIED_STATUSES, TERMINAL_METHODS } from '../../../domain/codes.ts';
import { addYears, type IsoDate } from '../../../domain/dates.ts';

export type CheckRoundRow = CheckRoundsTable;

export interface CheckRoundListRow extends CheckRoundRow {
  township_name: string;
  township_code: string;
  due: number;
  done: number;
  excused: number;
  /** Women due whose 查环, 查孕 and 查病 results are all recorded (三查; a round without 查病 has none). */
  triple_done: number;
}

export type CheckResultRow = CheckResultsTable;

/** A woman on a round's list, with her card's essentials. */
export interface CheckResultListRow extends CheckResultRow {
  woman_name: string;
  id_number: string;
  birth_date: IsoDate;
  phone: string | null;
  village_id: number;
  village_code: string;
  village_name: string;
  method: string | null;
}

export async function insertRound(
  db: Knex,
  row: Pick<CheckRoundRow, 'township_id' | 'year' | 'quarter' | 'opened_on' | 'closes_on' | 'includes_gyn_exam'> & { created_by: number | null },
): Promise<CheckRoundRow> {
  const [created] = await db('check_rounds').insert(row).returning('*');
  return created;
}

export async function roundExists(db: Knex, townshipId: number, year: number, quarter: number): Promise<boolean> {
  return !!(await db('check_rounds').where({ township_id: townshipId, year, quarter }).first('id'));
}

/**
 * The due list, generated in one statement: active married women of the township aged 15–49 on `on` whose
 * current method is not a sterilisation (the same rule as dueForDoubleCheck in src/domain/check-rounds.ts).
 */
export async function generateDueList(db: Knex, roundId: number, townshipId: number, on: IsoDate, userId: number | null): Promise<number> {
  const result = await db.raw<{ rowCount: number | null }>(
    `insert into check_results (round_id, woman_id, status, created_by)
     select ?, w.id, 'due', ?
       from women w join regions v on v.id = w.region_id
      where v.parent_id = ? and w.status = 'active'
        and w.marital_status = any(?::text[])
        and w.birth_date > ?::date and w.birth_date <= ?::date
        and not exists (select 1 from contraception_episodes e
                         where e.woman_id = w.id and e.ended_on is null and e.method = any(?::text[]))`,
    [roundId, userId, townshipId, [...MARRIED_STATUSES], addYears(on, -50), addYears(on, -15), [...TERMINAL_METHODS]],
  );
  return result.rowCount ?? 0;
}

/** Rounds of the townships in scope — and, for a village worker, her township's (its list is filtered to her village by the callers). */
function rounds(db: Knex, scope: Scope) {
  return db('check_rounds as r')
    .join('regions as t', 't.id', 'r.township_id')
    .where((b) => b.whereLike('t.code', `${scope.code}%`).orWhereRaw(`? like t.code || '%'`, [scope.code]));
}

const COUNTS = (db: Knex) => [
  db.raw(`(select count(*) from check_results c where c.round_id = r.id and c.status in ('due', 'done'))::int as due`),
  db.raw(`(select count(*) from check_results c where c.round_id = r.id and c.status = 'done')::int as done`),
  db.raw(`(select count(*) from check_results c where c.round_id = r.id and c.status = 'excused')::int as excused`),
  db.raw(`(select count(*) from check_results c where c.round_id = r.id and c.status = 'done' and r.includes_gyn_exam
            and c.iud_result is not null and c.pregnancy_result is not null and c.gyn_result is not null)::int as triple_done`),
];

export async function listRounds(db: Knex, scope: Scope, f: { township?: string; year?: number; quarter?: number } = {}): Promise<CheckRoundListRow[]> {
  const q = rounds(db, scope).select<CheckRoundListRow[]>('r.*', 't.name as township_name', 't.code as township_code', ...COUNTS(db));
  if (f.township) q.andWhere('t.code', f.township);
  if (f.year) q.andWhere('r.year', f.year);
  if (f.quarter) q.andWhere('r.quarter', f.quarter);
  return q.orderBy([{ column: 'r.year', order: 'desc' }, { column: 'r.quarter', order: 'desc' }, { column: 't.code' }]);
}

export async function roundInScope(db: Knex, scope: Scope, id: number, lock = false): Promise<CheckRoundListRow | undefined> {
  const q = rounds(db, scope)
    .where('r.id', id)
    .select<CheckRoundListRow[]>('r.*', 't.name as township_name', 't.code as township_code', ...COUNTS(db));
  if (lock) q.forUpdate('r');
  return q.first();
}

/** The women on a round's list who still live in its township (optionally one village or one status). */
export async function roundEntries(db: Knex, round: { id: number; township_code: string }, f: { village?: string; status?: string } = {}): Promise<CheckResultListRow[]> {
  const q = db('check_results as c')
    .join('women as w', 'w.id', 'c.woman_id')
    .join('regions as v', 'v.id', 'w.region_id')
    .leftJoin('contraception_episodes as e', (j) => j.on('e.woman_id', 'w.id').andOnNull('e.ended_on'))
    .where('c.round_id', round.id)
    .andWhereLike('v.code', `${round.township_code}%`)
    .select('c.*', 'w.name as woman_name', 'w.id_number', 'w.birth_date', 'w.phone', 'v.id as village_id', 'v.code as village_code', 'v.name as village_name', 'e.method');
  if (f.village) q.andWhere('v.code', f.village);
  if (f.status && f.status !== 'missed') q.andWhere('c.status', f.status);
  return q.orderBy([{ column: 'v.code' }, { column: 'w.name' }, { column: 'w.id' }]);
}

export interface HistoryRow {
  woman_id: number;
  year: number;
  quarter: number;
  status: string;
  round_status: string;
  closes_on: IsoDate;
}

/** The women's results in their township's rounds between two quarter indexes (year × 4 + quarter − 1). */
export async function roundHistory(db: Knex, townshipId: number, womanIds: number[], fromIndex: number, toIndex: number): Promise<HistoryRow[]> {
  if (womanIds.length === 0) return [];
  return db('check_results as c')
    .join('check_rounds as r', 'r.id', 'c.round_id')
    .where('r.township_id', townshipId)
    .andWhereRaw('c.woman_id = any(?::int[])', [womanIds])
    .andWhereRaw('r.year * 4 + r.quarter - 1 between ? and ?', [fromIndex, toIndex])
    .select('c.woman_id', 'r.year', 'r.quarter', 'c.status', 'r.status as round_status', 'r.closes_on');
}

export async function resultOf(db: Knex, roundId: number, womanId: number, lock = false): Promise<CheckResultRow | undefined> {
  const q = db('check_results').where({ round_id: roundId, woman_id: womanId });
  if (lock) q.forUpdate();
  return q.first();
}

export async function setResultStatus(db: Knex, id: number, status: 'due' | 'excused', note: string | null): Promise<void> {
  await db('check_results')
    .where({ id })
    .update({ status, note, version: db.raw('version + 1') });
}

export async function insertResult(db: Knex, roundId: number, womanId: number, userId: number | null, note: string | null): Promise<CheckResultRow> {
  const [row] = await db('check_results').insert({ round_id: roundId, woman_id: womanId, status: 'due', note, created_by: userId }).returning('*');
  return row;
}

export async function setRoundStatus(db: Knex, id: number, status: 'open' | 'closed'): Promise<void> {
  await db('check_rounds')
    .where({ id })
    .update({ status, version: db.raw('version + 1') });
}

/** An active card in the township by ID number (adding a woman to a round). */
export async function activeWomanInTownship(db: Knex, townshipCode: string, idNumber: string): Promise<{ id: number; name: string; region_id: number } | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where({ 'w.id_number': idNumber, 'w.status': 'active' })
    .andWhereLike('v.code', `${townshipCode}%`)
    .select<{ id: number; name: string; region_id: number }[]>('w.id', 'w.name', 'w.region_id')
    .first();
}

/** A woman who lives in the township (any status), by id. */
export async function womanOfTownship(db: Knex, townshipCode: string, womanId: number): Promise<{ id: number; name: string; region_id: number } | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where('w.id', womanId)
    .andWhereLike('v.code', `${townshipCode}%`)
    .select<{ id: number; name: string; region_id: number }[]>('w.id', 'w.name', 'w.region_id')
    .first();
}

/** Serialise opening rounds in one township for the transaction (two clerks opening the same quarter at once). */
export async function lockTownshipRounds(trx: Knex, townshipId: number): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(?, ?)', [4004, townshipId]);
}
