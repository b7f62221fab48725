/** SQL of month close: report_periods rows, what blocks a submission, every township's status for a month. */
import type { Knex } from 'knex';
import type { ReportPeriodsTable } from '../../../db/tables.ts';

/** A township-month as month close reads it (the row without its timestamps). */
export type PeriodRow = Omit<ReportPeriodsTable, 'created_at' | 'updated_at'>;

const COLUMNS = [
  'p.id',
  'p.township_id',
  'p.month',
  'p.status',
  'p.snapshot',
  'p.submitted_by',
  'p.submitted_at',
  'p.first_submitted_at',
  'p.accepted_by',
  'p.accepted_at',
  'p.returned_by',
  'p.returned_at',
  'p.comment',
  'p.unlocked_by',
  'p.unlocked_at',
  'p.unlock_reason',
  'p.version',
];

/** `month` is a date column (first day); the app speaks YYYY-MM. */
function shape(row: PeriodRow): PeriodRow {
  return { ...row, month: String(row.month).slice(0, 7) };
}

/** Accepted (locked) township-months among the pairs given, as "townshipId|YYYY-MM". */
export async function acceptedPairs(db: Knex, pairs: { townshipId: number; month: string }[]): Promise<Set<string>> {
  const unique = [...new Map(pairs.map((p) => [`${p.townshipId}|${p.month}`, p])).values()];
  if (unique.length === 0) return new Set();
  const values = unique.map(() => '(?::int, ?::date)').join(', ');
  const { rows } = await db.raw<{ rows: { township_id: number; month: string }[] }>(
    `select p.township_id, to_char(p.month, 'YYYY-MM') as month from report_periods p
       join (values ${values}) as k(township_id, month) on k.township_id = p.township_id and k.month = p.month
      where p.status = 'accepted'`,
    unique.flatMap((p) => [p.townshipId, `${p.month}-01`]),
  );
  return new Set(rows.map((r) => `${r.township_id}|${r.month}`));
}

export async function findPeriod(db: Knex, townshipId: number, month: string, forUpdate = false): Promise<PeriodRow | undefined> {
  const q = db('report_periods as p')
    .where({ 'p.township_id': townshipId, 'p.month': `${month}-01` })
    .first(COLUMNS);
  if (forUpdate) q.forUpdate();
  const row = (await q) as PeriodRow | undefined;
  return row ? shape(row) : undefined;
}

/** Create the row of a township-month if missing (status open), so a transition can lock and update it. */
export async function ensurePeriod(db: Knex, townshipId: number, month: string): Promise<void> {
  await db('report_periods')
    .insert({ township_id: townshipId, month: `${month}-01`, status: 'open' })
    .onConflict(['township_id', 'month'])
    .ignore();
}

export async function updatePeriod(db: Knex, id: number, patch: Record<string, unknown>): Promise<PeriodRow> {
  const [row] = await db('report_periods as p')
    .where('p.id', id)
    .update({ ...patch, version: db.raw('p.version + 1') })
    .returning<PeriodRow[]>(COLUMNS.map((c) => c.replace('p.', '')));
  return shape(row);
}

export interface TownshipStatusRow {
  township_id: number;
  code: string;
  name: string;
  active: boolean;
  period: PeriodRow | null;
}

/** Every township under a region prefix with its period row for the month (null: never submitted). */
export async function townshipStatuses(db: Knex, prefix: string, month: string): Promise<TownshipStatusRow[]> {
  const townships: { id: number; code: string; name: string; active: boolean }[] = await db('regions')
    .where('level', 'township')
    .andWhereLike('code', `${prefix}%`)
    .orderBy('code')
    .select('id', 'code', 'name', 'active');
  if (townships.length === 0) return [];
  const periods: PeriodRow[] = (
    await db('report_periods as p')
      .whereIn(
        'p.township_id',
        townships.map((t) => t.id),
      )
      .andWhere('p.month', `${month}-01`)
      .select(COLUMNS)
  ).map(shape);
  const byTownship = new Map(periods.map((p) => [p.township_id, p]));
  return townships.filter((t) => t.active || byTownship.has(t.id)).map((t) => ({ township_id: t.id, code: t.code, name: t.name, active: t.active, period: byTownship.get(t.id) ?? null }));
}

/** E-level data problems of a township (they block submission), grouped by village. */
export async function errorFindings(db: Knex, townshipCode: string): Promise<{ village: string; count: number }[]> {
  return db('data_findings as f')
    .join('regions as v', 'v.id', 'f.region_id')
    .where('f.level', 'E')
    .andWhereLike('v.code', `${townshipCode}%`)
    .groupBy('v.code', 'v.name')
    .orderBy('v.code')
    .select('v.name as village')
    .count<{ village: string; count: number }[]>({ count: '*' });
}

/** Active villages of a township without a population figure for the month. */
export async function villagesMissingPopulation(db: Knex, townshipCode: string, month: string): Promise<{ code: string; name: string }[]> {
  return db('regions as v')
    .where({ 'v.level': 'village', 'v.active': true })
    .andWhereLike('v.code', `${townshipCode}%`)
    .whereNotExists(db('population_figures as p').whereRaw('p.region_id = v.id').andWhere('p.month', `${month}-01`))
    .orderBy('v.code')
    .select('v.code', 'v.name');
}

/** The first submission's time, kept on resubmission: the value for `first_submitted_at` in an update. */
export function firstSubmittedAt(db: Knex, at: Date): Knex.Raw {
  return db.raw('coalesce(first_submitted_at, ?)', [at]);
}

export interface MonthSnapshotRow {
  township_id: number;
  code: string;
  name: string;
  month: string;
  status: string | null;
  snapshot: unknown;
}

/** Every township under a region code with its report periods of the months from..to (null status: none). */
export async function monthSnapshots(db: Knex, prefix: string, fromMonth: string, toMonth: string): Promise<MonthSnapshotRow[]> {
  const { rows } = await db.raw<{ rows: MonthSnapshotRow[] }>(
    `select t.id as township_id, t.code, t.name, to_char(p.month, 'YYYY-MM') as month, p.status, p.snapshot
       from regions t
       left join report_periods p on p.township_id = t.id and p.month between ?::date and ?::date
      where t.level = 'township' and t.code like ?
      order by t.code, p.month`,
    [`${fromMonth}-01`, `${toMonth}-01`, `${prefix}%`],
  );
  return rows;
}

/** The status of the county's month above a township (undefined: never submitted up the chain). */
export async function countyMonthStatusAbove(db: Knex, townshipId: number, month: string): Promise<string | undefined> {
  const row = await db('county_periods as p')
    .join('regions as t', 't.parent_id', 'p.county_id')
    .where('t.id', townshipId)
    .andWhere('p.month', `${month}-01`)
    .first<{ status: string } | undefined>('p.status');
  return row?.status;
}
