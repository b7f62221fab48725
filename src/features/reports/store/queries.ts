/**
 * The figure store's SQL (issue 19 §2; the tables and triggers are in migrations/20261209000100_figure_store.ts):
 * the stored sources rendered into the functions the triggers call, the rebuild, the reads of the reports, and the
 * comparison with the live source SQL (the nightly check).
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { wholeMonthsOf } from '../../../domain/dates.ts';
import { STORED_SOURCES } from '../engine/additivity.ts';
import { allSources, type Range, type Source } from '../engine/sources.ts';

/** The range every stored row falls in (the functions hold the sources' SQL over all time). */
export const ALL_TIME: Range = { from: '1900-01-01', to: '2999-12-31' };

export function storedSources(r: Range): Source[] {
  return allSources(r).filter((s) => STORED_SOURCES.includes(s.name));
}

/** The count keys the store holds. */
export function storedKeys(): string[] {
  return storedSources(ALL_TIME).flatMap((s) => Object.keys(s.flags));
}

const literal = (db: Knex, src: Source) => db.raw(src.sql, src.bindings).toQuery();

/** One row per (woman, village, day, key) hit of the stored sources whose rows pass `where` (over alias s0). */
function flowHits(db: Knex, where: string): string {
  return storedSources(ALL_TIME)
    .map((src) => {
      const values = Object.entries(src.flags)
        .map(([key, flag]) => `('${key}', (${flag})::boolean)`)
        .join(', ');
      return `select s.woman_id, s.village_id, s.event_date::date as day, k.key
                from (select * from (${literal(db, src)}) s0 where ${where}) s
                cross join lateral (values ${values}) k(key, hit)
               where k.hit and s.village_id is not null`;
    })
    .join('\n union all\n');
}

/** One woman's stored rows per village × day × key (the body of figure_rows_of; the test reads its plan). */
export function womanRowsSql(db: Knex, woman: number | 'p_woman'): string {
  const where = woman === 'p_woman' ? 's0.woman_id = p_woman' : `s0.woman_id = ${Number(woman)}`;
  return `select x.village_id, x.day, x.key, count(*)::integer from (${flowHits(db, where)}) x group by 1, 2, 3`;
}

/** The two functions of the flows the triggers and the rebuild call, rendered from the sources. */
export function functionsSql(db: Knex): string {
  return `
    create or replace function figure_rows_of(p_woman integer) returns table (village_id integer, day date, key text, n integer)
      language sql stable as $fn$
      ${womanRowsSql(db, 'p_woman')}
    $fn$;
    create or replace function figure_rows_between(p_lo integer, p_hi integer) returns table (woman_id integer, village_id integer, day date, key text, n integer)
      language sql stable as $fn$
      select x.woman_id, x.village_id, x.day, x.key, count(*)::integer from (${flowHits(db, 's0.woman_id between p_lo and p_hi')}) x group by 1, 2, 3, 4
    $fn$;`;
}

export function functionsHash(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** Install the rendered functions when they differ from the installed ones; true when they did (the store must be rebuilt). */
export async function installFunctions(trx: Knex.Transaction, sql: string, hash: string): Promise<boolean> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', ['figure_store_install']);
  const current = await trx('figure_store_meta').where({ name: 'functions_hash' }).first('value');
  if (current?.value === hash) return false;
  await trx.raw(sql);
  await trx('figure_store_meta').insert({ name: 'functions_hash', value: hash }).onConflict('name').merge();
  return true;
}

/** Keep the triggers quiet for the rest of this transaction (a bulk load that rebuilds at its end). */
export async function pauseTriggers(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`select set_config('fp.figures_paused', 'on', true)`);
}

export async function resumeTriggers(trx: Knex.Transaction): Promise<void> {
  await trx.raw(`select set_config('fp.figures_paused', 'off', true)`);
}

/** Run the flushes the transaction has queued so far (reads later in the same transaction see them). */
export async function flushPending(trx: Knex.Transaction): Promise<void> {
  await trx.raw('set constraints figure_touched_flush immediate');
  await trx.raw('set constraints figure_touched_flush deferred');
}

/** Empty the store, locking out the writers' flushes until the transaction ends. */
export async function clearStore(trx: Knex.Transaction): Promise<void> {
  await trx.raw('lock table figure_contributions, figure_counts, figure_count_months in exclusive mode');
  // A truncate fires no trigger: the month sums are emptied with the counts they follow.
  await trx.raw('truncate figure_contributions, figure_counts, figure_count_months');
  // Not truncated: its rows may have trigger events pending in this transaction (those flushes then find nothing).
  await trx.raw('delete from figure_touched');
}

/** Refresh the planner's statistics of tables (names from code constants only). */
export async function analyzeTables(trx: Knex.Transaction, tables: readonly string[]): Promise<void> {
  await trx.raw(`analyze ${tables.map((t) => `"${t}"`).join(', ')}`);
}

/**
 * Vacuum and analyse tables after a commit (VACUUM cannot run in a transaction; names from code constants only): the
 * pages a rebuild wrote are marked all-visible, so the reports' index-only reads stay index-only.
 */
export async function vacuumTables(db: Knex, tables: readonly string[]): Promise<void> {
  await db.raw(`vacuum (analyze) ${tables.map((t) => `"${t}"`).join(', ')}`);
}

export async function womanIdRange(db: Knex): Promise<{ lo: number; hi: number }> {
  const row = await db('women').first(db.raw('coalesce(min(id), 0)::int as lo'), db.raw('coalesce(max(id), -1)::int as hi'));
  return row as unknown as { lo: number; hi: number };
}

export async function storeContributions(trx: Knex.Transaction, lo: number, hi: number): Promise<number> {
  const { rowCount } = await trx.raw<{ rowCount: number }>('insert into figure_contributions select * from figure_rows_between(?, ?)', [lo, hi]);
  return rowCount;
}

export async function sumContributions(trx: Knex.Transaction): Promise<number> {
  const { rowCount } = await trx.raw<{ rowCount: number }>('insert into figure_counts select village_id, day, key, sum(n)::int from figure_contributions group by 1, 2, 3');
  return rowCount;
}

/** The villages of a report and the row each counts in (engine/queries.ts builds it). */
export interface RowVillagesSql {
  sql: string;
  bindings: string[];
  /** Most of the deployment's villages (a roll-up of the whole city or province): read by date, then keep the report's. */
  wide?: boolean;
}

type Pivot = Record<string, number>[];

function pivot(rows: { row_id: number; key: string; n: number }[]): Pivot {
  const byRow = new Map<number, Record<string, number>>();
  for (const r of rows) {
    const out = byRow.get(r.row_id) ?? { row_id: r.row_id };
    out[r.key] = r.n;
    byRow.set(r.row_id, out);
  }
  return [...byRow.values()];
}

/**
 * The stored counts of a range per report row: the month sums of its whole months, the days of its ragged ends. A
 * region that is most of the deployment reads by date across all villages; a smaller one village by village (each
 * village's rows index-only through its primary key, which carries the count), so a county's report reads its own
 * villages' rows whatever else the deployment holds.
 */
export async function storedFlowCounts(db: Knex, rv: RowVillagesSql, r: Range): Promise<Pivot> {
  const { months, days } = wholeMonthsOf(r);
  const own = (alias: string) => (rv.wide ? '' : ` and ${alias}.village_id = rv.village_id`);
  const parts: [string, string[]][] = [
    ...(months ? [[`select m.village_id, m.key, m.n from figure_count_months m where m.month between ?::date and ?::date${own('m')}`, [months.from, months.to]] as [string, string[]]] : []),
    ...days.map((d) => [`select c.village_id, c.key, c.n from figure_counts c where c.day between ?::date and ?::date${own('c')}`, [d.from, d.to]] as [string, string[]]),
  ];
  const union = parts.map(([sql]) => sql).join(' union all ');
  // offset 0 keeps the lateral read per village: flattened, the planner hashed the whole deployment's month (32,000
  // rows at city scale for a county's 3,200).
  const from = rv.wide ? `rv join (${union}) fc on fc.village_id = rv.village_id` : `rv cross join lateral (${union} offset 0) fc`;
  const { rows } = await db.raw<{ rows: { row_id: number; key: string; n: number }[] }>(
    `with rv as materialized (${rv.sql})
     select rv.row_id, fc.key, sum(fc.n)::int as n from ${from} group by 1, 2`,
    [...rv.bindings, ...parts.flatMap(([, bindings]) => bindings)],
  );
  return pivot(rows);
}

export interface FigureDifferenceRow {
  village_code: string;
  month: string;
  key: string;
  stored: number;
  live: number;
}

/** Store vs live per village × month × key over the whole database (the daily counts and the month sums): how many were compared, and the differences. */
export async function compareFlows(db: Knex): Promise<{ compared: number; differences: FigureDifferenceRow[] }> {
  const { rows } = await db.raw<{ rows: (FigureDifferenceRow & { compared: number })[] }>(
    `with live as (select x.village_id, date_trunc('month', x.day)::date as month, x.key, count(*)::int as n
                     from (${flowHits(db, 'true')}) x group by 1, 2, 3),
          stored as (select village_id, date_trunc('month', day)::date as month, key, sum(n)::int as n from figure_counts group by 1, 2, 3),
          j as (select coalesce(l.village_id, s.village_id) as village_id, to_char(coalesce(l.month, s.month), 'YYYY-MM') as month, coalesce(l.key, s.key) as key,
                       coalesce(s.n, 0) as stored, coalesce(l.n, 0) as live
                  from live l full join stored s on s.village_id = l.village_id and s.month = l.month and s.key = l.key),
          m as (select coalesce(l.village_id, s.village_id) as village_id, to_char(coalesce(l.month, s.month), 'YYYY-MM') || ' 月计' as month, coalesce(l.key, s.key) as key,
                       coalesce(s.n, 0) as stored, coalesce(l.n, 0) as live
                  from live l full join figure_count_months s on s.village_id = l.village_id and s.month = l.month and s.key = l.key),
          a as (select * from j union all select * from m)
     select v.code as village_code, a.month, a.key, a.stored, a.live, count(*) over ()::int as compared
       from a left join regions v on v.id = a.village_id
      order by (a.stored <> a.live) desc, v.code, a.month, a.key`,
  );
  const compared = rows[0]?.compared ?? 0;
  return { compared, differences: rows.filter((r) => r.stored !== r.live).map(({ compared: _c, ...d }) => d) };
}

export interface CheckRunRow {
  id: number;
  run_at: Date;
  keys_compared: number;
  differences: number;
  details: FigureDifferenceRow[];
  /** The run's differences per county code (older runs: {}). */
  county_differences: Record<string, number>;
}

export async function insertCheckRun(
  db: Knex,
  run: { run_at: Date; keys_compared: number; differences: number; details: FigureDifferenceRow[]; county_differences: Record<string, number> },
): Promise<CheckRunRow> {
  const [row] = await db('figure_check_runs')
    .insert({ ...run, details: JSON.stringify(run.details), county_differences: JSON.stringify(run.county_differences) })
    .returning('*');
  return row as CheckRunRow;
}

export async function latestCheckRuns(db: Knex, limit: number): Promise<CheckRunRow[]> {
  return db('figure_check_runs').orderBy('id', 'desc').limit(limit).select('*') as Promise<CheckRunRow[]>;
}
