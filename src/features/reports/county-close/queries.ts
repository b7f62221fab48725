/** SQL of the county's month up the chain: county_periods rows, and every county under a region with its row. */
import type { Knex } from 'knex';
import type { CountyPeriodsTable } from '../../../db/tables.ts';

/** A county-month as the chain reads it (the row without its timestamps and snapshot). */
export type CountyPeriodRow = Omit<CountyPeriodsTable, 'created_at' | 'updated_at' | 'snapshot'>;

const COLUMNS = [
  'p.id',
  'p.county_id',
  'p.month',
  'p.status',
  'p.submitted_by',
  'p.submitted_at',
  'p.first_submitted_at',
  'p.accepted_by',
  'p.accepted_at',
  'p.returned_by',
  'p.returned_at',
  'p.comment',
  'p.version',
];

function shape<T extends { month: unknown }>(row: T): T {
  return { ...row, month: String(row.month).slice(0, 7) };
}

export async function findCountyPeriod(db: Knex, countyId: number, month: string, forUpdate = false): Promise<CountyPeriodRow | undefined> {
  const q = db('county_periods as p')
    .where({ 'p.county_id': countyId, 'p.month': `${month}-01` })
    .first(COLUMNS);
  if (forUpdate) q.forUpdate();
  const row = (await q) as CountyPeriodRow | undefined;
  return row ? shape(row) : undefined;
}

/** Create the row of a county-month if missing (未提交), so a transition can lock and update it. */
export async function ensureCountyPeriod(db: Knex, countyId: number, month: string): Promise<void> {
  await db('county_periods')
    .insert({ county_id: countyId, month: `${month}-01`, status: 'not_submitted' })
    .onConflict(['county_id', 'month'])
    .ignore();
}

export async function updateCountyPeriod(db: Knex, id: number, patch: Record<string, unknown>): Promise<CountyPeriodRow> {
  const [row] = await db('county_periods as p')
    .where('p.id', id)
    .update({ ...patch, version: db.raw('p.version + 1') })
    .returning<CountyPeriodRow[]>(COLUMNS.map((c) => c.replace('p.', '')));
  return shape(row);
}

export interface CountyStatusRow {
  county_id: number;
  code: string;
  name: string;
  parent_id: number | null;
  parent_name: string | null;
  status: string | null;
  submitted_at: Date | null;
  submitted_name: string | null;
  accepted_at: Date | null;
  accepted_name: string | null;
  returned_at: Date | null;
  returned_name: string | null;
  comment: string | null;
  townships: number;
  townships_accepted: number;
}

/** Every active county under a region code with its row for the month (null status: 未提交) and its townships' progress. */
export async function countyStatuses(db: Knex, prefix: string, month: string): Promise<CountyStatusRow[]> {
  const { rows } = await db.raw<{ rows: CountyStatusRow[] }>(
    `select c.id as county_id, c.code, c.name, c.parent_id, up.name as parent_name,
            p.status, p.submitted_at, su.display_name as submitted_name, p.accepted_at, au.display_name as accepted_name,
            p.returned_at, ru.display_name as returned_name, p.comment,
            (select count(*) from regions t where t.parent_id = c.id and t.active)::int as townships,
            (select count(*) from regions t join report_periods tp on tp.township_id = t.id and tp.month = ?::date and tp.status = 'accepted'
              where t.parent_id = c.id and t.active)::int as townships_accepted
       from regions c
       left join regions up on up.id = c.parent_id
       left join county_periods p on p.county_id = c.id and p.month = ?::date
       left join users su on su.id = p.submitted_by
       left join users au on au.id = p.accepted_by
       left join users ru on ru.id = p.returned_by
      where c.level = 'county' and c.code like ? and (c.active or p.id is not null)
      order by c.code`,
    [`${month}-01`, `${month}-01`, `${prefix}%`],
  );
  return rows;
}

/** The first submission's time, kept on resubmission: the value for `first_submitted_at` in an update. */
export function firstSubmittedAt(db: Knex, at: Date): Knex.Raw {
  return db.raw('coalesce(first_submitted_at, ?)', [at]);
}
