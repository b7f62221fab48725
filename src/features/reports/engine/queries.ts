/**
 * The report engine's SQL: one set-based query per figure source, grouped by row region (the townships of a
 * county report, the villages of a township report); the population figures; the drill-down list behind any
 * count; the monthly series of the charts. Every query is limited to the villages under a region code that
 * the service has checked against the caller's scope.
 */
import type { Knex } from 'knex';
import type { CountKey } from '../../../domain/indicators.ts';
import { flushPending, storedFlowCounts } from '../store/queries.ts';
import { storedStockAt, storedSuppliedUsers } from '../stock/queries.ts';
import { SOURCE_ADDITIVITY } from './additivity.ts';
import { withResidence, type Residence } from './residence.ts';
import { allSources, type Range, type Source, type SourceName } from './sources.ts';
import { preconceptionBeyondMonthSource, storedMonthFigures } from './checks-sources.ts';

/** The level of a report's rows: counties of a city report (cities of a province's), townships of a county's, villages of a township's. */
export type RowLevel = 'city' | 'county' | 'township' | 'village';

/** How villages map to report rows: to the row region above them whose code starts theirs, or to themselves. */
export interface RowMapping {
  prefix: string;
  rowLevel: RowLevel;
  /** Only the urban or rural records (the official tables' split); entered population figures are not split. */
  residence?: Residence;
}

function rowVillages(m: RowMapping) {
  // A roll-up goes up the parent chain (village → township → county → city; parents follow the codes). A join on a
  // code prefix (r.code = left(v.code, 6)) was estimated at a few rows and sent a city's roll-up into per-village
  // nested loops over whole tables (往年出生未报: 1.7 s instead of 50 ms at 1,000,000 cards).
  if (m.rowLevel === 'county')
    return {
      sql: `select v.id as village_id, t.parent_id as row_id from regions v join regions t on t.id = v.parent_id where v.level = 'village' and v.code like ?`,
      bindings: [`${m.prefix}%`],
    };
  if (m.rowLevel === 'city')
    return {
      sql: `select v.id as village_id, c.parent_id as row_id from regions v join regions t on t.id = v.parent_id join regions c on c.id = t.parent_id
              join regions ci on ci.id = c.parent_id and ci.level = 'city' where v.level = 'village' and v.code like ?`,
      bindings: [`${m.prefix}%`],
    };
  const row = m.rowLevel === 'township' ? 'v.parent_id' : 'v.id';
  return { sql: `select v.id as village_id, ${row} as row_id from regions v where v.level = 'village' and v.code like ?`, bindings: [`${m.prefix}%`] };
}

export type RowCounts = Map<number, Partial<Record<CountKey, number>>>;

/** Adds a query's figures into the rows: a figure is one query's, or a stored figure and its correction (Source.signed). */
function merge(into: RowCounts, rows: Record<string, number>[]) {
  for (const r of rows) {
    const { row_id, ...figures } = r;
    const row = into.get(row_id) ?? {};
    for (const [key, n] of Object.entries(figures)) row[key as CountKey] = (row[key as CountKey] ?? 0) + n;
    into.set(row_id, row);
  }
}

/** Which report row each village under the prefix counts in (village id → row region id). */
export type VillageRows = Map<number, number>;

export async function villageRows(db: Knex, m: RowMapping): Promise<VillageRows> {
  const rv = rowVillages(m);
  const { rows } = await db.raw<{ rows: { village_id: number; row_id: number }[] }>(rv.sql, rv.bindings);
  return new Map(rows.map((r) => [r.village_id, r.row_id]));
}

/**
 * Counts of one source per row region. The SQL counts per village (joined to its region row by primary key, a plan
 * that stays right whatever the planner guesses of the source's size — unless the source keeps the region's villages
 * itself, Source.regionKept); the villages are added up into rows here, and only the report's are kept.
 */
export async function countSource(db: Knex, src: Source, m: RowMapping, rowsOf?: VillageRows): Promise<Record<string, number>[]> {
  const villages = rowsOf ?? (await villageRows(db, m));
  const [inRegion, regionBindings] = src.regionKept ? ['', []] : [`join regions v on v.id = s.village_id where v.level = 'village' and v.code like ?`, [`${m.prefix}%`]];
  let perVillage: Record<string, number>[];
  if (src.groupBy) {
    // Two steps: count the rows per combination of the flag columns, then add the combinations up per flag.
    const keys = src.groupBy.map((c) => `s.${c}`).join(', ');
    const sums = Object.entries(src.flags).map(([key, flag]) => (flag === 'true' ? `sum(s.n)::int as "${key}"` : `coalesce(sum(s.n) filter (where ${flag}), 0)::int as "${key}"`));
    ({ rows: perVillage } = await db.raw<{ rows: Record<string, number>[] }>(
      `select s.village_id, ${sums.join(', ')}
         from (select s.village_id, ${keys}, count(*) as n from (${src.sql}) s ${inRegion} group by s.village_id, ${keys}) s
        group by s.village_id`,
      [...src.bindings, ...regionBindings],
    ));
  } else {
    const count = (flag: string) => {
      const only = flag === 'true' ? '' : ` filter (where ${flag})`;
      return src.signed ? `coalesce(sum(s.sign)${only}, 0)::int` : `count(*)${only}::int`;
    };
    const columns = Object.entries(src.flags).map(([key, flag]) => `${count(flag)} as "${key}"`);
    ({ rows: perVillage } = await db.raw<{ rows: Record<string, number>[] }>(`select s.village_id, ${columns.join(', ')} from (${src.sql}) s ${inRegion} group by s.village_id`, [
      ...src.bindings,
      ...regionBindings,
    ]));
  }
  return sumIntoRows(perVillage, villages);
}

function sumIntoRows(perVillage: Record<string, number>[], villages: VillageRows): Record<string, number>[] {
  const out = new Map<number, Record<string, number>>();
  for (const { village_id, ...figures } of perVillage) {
    const rowId = villages.get(village_id!);
    if (rowId === undefined) continue;
    const row = out.get(rowId) ?? { row_id: rowId };
    for (const [key, n] of Object.entries(figures)) row[key] = (row[key] ?? 0) + n;
    out.set(rowId, row);
  }
  return [...out.values()];
}

/**
 * Population per row: per village, the latest 期末总人口 entered up to the month of the end date, averaged
 * with the latest before the month of the start date where both exist; deaths summed over the months of the
 * range. Entered aggregates, not people. Read village by village from the (region, month) index: two rows and the
 * range's months each, not every month ever entered (a county's month 11 → 3 ms).
 */
export async function populationCounts(db: Knex, r: Range, m: RowMapping): Promise<Record<string, number>[]> {
  const rv = rowVillages(m);
  const latest = (before: string) =>
    `left join lateral (select p.population_end from population_figures p
                          where p.region_id = rv.village_id and p.month ${before} date_trunc('month', ?::date)::date order by p.month desc limit 1)`;
  const { rows } = await db.raw<{ rows: Record<string, number>[] }>(
    `with rv as materialized (${rv.sql})
     select rv.row_id,
            coalesce(sum(case when b.population_end is not null then (b.population_end + e.population_end) / 2.0 else e.population_end end), 0)::numeric as population,
            coalesce(sum(e.population_end), 0)::int as population_end,
            coalesce(sum(d.deaths), 0)::int as deaths
       from rv ${latest('<=')} e on true
               ${latest('<')} b on true
               left join lateral (select sum(p.deaths) as deaths from population_figures p
                                   where p.region_id = rv.village_id and p.month >= date_trunc('month', ?::date)::date
                                     and p.month <= date_trunc('month', ?::date)::date) d on true
      group by rv.row_id`,
    [...rv.bindings, r.to, r.from, r.from, r.to],
  );
  return rows;
}

/**
 * Every count of every row: the additive sources from the figure store (summed stored counts), the stock from the
 * stored stock changes, the rest from their SQL (the 城镇/农村 split always from the SQL).
 * One query per source, two at a time on the pool (QUERIES_AT_ONCE) — but one after another inside a transaction
 * (month close), which has a single connection that cannot run two queries at once; there the transaction's pending
 * store flushes run first, so its own writes are counted.
 */
export async function allCounts(db: Knex, r: Range, m: RowMapping): Promise<RowCounts> {
  const residence = m.residence;
  if (residence)
    return liveCounts(
      db,
      r,
      m,
      allSources(r).flatMap((s) => withResidence(s, residence) ?? []),
      false,
    );
  if (db.isTransaction) await flushPending(db as Knex.Transaction);
  const villages = await villageRows(db, m);
  const rv = { ...rowVillages(m), wide: villages.size * 2 > (await villageTotal(db)) };
  // The stock and the 特别扶助-eligible couples of the period's last day from the stored changes.
  // A region that is a small part of the deployment: the live sources keep its records first (Range.within).
  // 孕前 targets, 特扶 落实率 and free_supply_users of a calendar month from the stored month ends (MONTH_STOCK_KEYS,
  // which storedStockAt returns only when asked); the 孕前 targets of a longer period ending on a month end from that
  // month's, corrected for the plans ended before it (preconceptionBeyondMonthSource); of any other period from their
  // SQL, but free_supply_users (it depends on the period's start) from the changes of the women supplied in it.
  const monthFigures = storedMonthFigures(r);
  const beyondMonth = preconceptionBeyondMonthSource(r);
  const live = [
    ...allSources(rv.wide ? r : { ...r, within: m.prefix }).filter((s) => !SOURCE_ADDITIVITY[s.name].stored && !STOCK_SOURCES.includes(s.name) && !monthFigures.sources.includes(s.name)),
    ...(beyondMonth ? [beyondMonth] : []),
  ];
  const extra = [
    ...(monthFigures.keys.includes('free_supply_users') ? [] : [() => storedSuppliedUsers(db, rv, r)]),
    () => storedFlowCounts(db, rv, r),
    () => storedStockAt(db, rv, r.to, { monthKeys: monthFigures.keys }),
  ];
  return liveCounts(db, r, m, live, true, extra, villages);
}

/** The states at a day kept in the stored stock changes (read for any period's end). */
const STOCK_SOURCES: readonly SourceName[] = ['stock', 'special_families'];

async function villageTotal(db: Knex): Promise<number> {
  const { rows } = await db.raw<{ rows: { n: number }[] }>(`select count(*)::int as n from regions where level = 'village'`);
  return rows[0]!.n;
}

/** The official tables' 城镇/农村 parts and the oracle of the figure store: every source from its SQL. */
export async function allCountsLive(db: Knex, r: Range, m: RowMapping): Promise<RowCounts> {
  const residence = m.residence;
  const sources = residence ? allSources(r).flatMap((s) => withResidence(s, residence) ?? []) : allSources(r);
  return liveCounts(db, r, m, sources, !residence);
}

async function liveCounts(
  db: Knex,
  r: Range,
  m: RowMapping,
  sources: Source[],
  population: boolean,
  extra: (() => Promise<Record<string, number>[]>)[] = [],
  rowsOf?: VillageRows,
): Promise<RowCounts> {
  const villages = rowsOf ?? (await villageRows(db, m));
  const count = (s: Source) => () => countSource(db, s, m, villages);
  const long = sources.filter((s) => LONGEST_FIRST.includes(s.name));
  const queries = [...long.map(count), ...extra, ...sources.filter((s) => !long.includes(s)).map(count), ...(population ? [() => populationCounts(db, r, m)] : [])];
  const results = await atMost(db.isTransaction ? 1 : QUERIES_AT_ONCE, queries);
  const out: RowCounts = new Map();
  for (const rows of results) merge(out, rows);
  return out;
}

/**
 * The live sources that take longest when they run (a period longer than a month, a roll-up of the whole city): they
 * start first, then the stored reads (free-supply users the longest of them), then the rest — two at a time, the
 * query started last must not be the longest. The city's statistical year: supplied users 230 ms, follow-ups due 110,
 * special-family care 103 of about 0.8 s of queries (孕前 targets, 490 ms live, now from the store); a period ending
 * mid-month computes its 孕前 targets live, the longest of all.
 */
const LONGEST_FIRST: readonly SourceName[] = ['preconception', 'special_family_care', 'follow_ups'];

/**
 * How many of a report's queries run at once. The pool is shared by every request, and on the 2-core bench machine
 * more at once only made each slower: a county's month went from 73 to 57 ms alone and from 151 to 92 ms at city
 * scale with all of them at once → two (`npm run bench -- --scale city`). Inside a transaction: one (its single
 * connection).
 */
const QUERIES_AT_ONCE = 2;

/** Run the tasks with at most k running at a time; results in the tasks' order. */
async function atMost<T>(k: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(k, tasks.length) }, worker));
  return out;
}

export interface PersonRow {
  record_id: number;
  woman_id: number;
  event_date: string;
  what: string | null;
  woman_name: string;
  id_number: string;
  village_code: string;
  village_name: string;
  [column: string]: unknown;
}

/** The records behind one count under a region code, a page at a time, with the total. */
export async function drillDown(db: Knex, src: Source, key: CountKey, regionCode: string, page: { limit: number; offset: number }): Promise<{ rows: PersonRow[]; total: number }> {
  const flag = src.flags[key]!;
  const { rows } = await db.raw<{ rows: (PersonRow & { total: number })[] }>(
    `select s.*, w.name as woman_name, w.id_number, v.code as village_code, v.name as village_name, count(*) over () as total
       from (${src.sql}) s join women w on w.id = s.woman_id join regions v on v.id = s.village_id
      where v.level = 'village' and v.code like ? and (${flag})
      order by v.code, s.event_date, w.name, s.record_id
      limit ? offset ?`,
    [...src.bindings, `${regionCode}%`, page.limit, page.offset],
  );
  if (rows.length === 0 && page.offset > 0) return drillDown(db, src, key, regionCode, { ...page, offset: 0 });
  return { rows, total: rows[0]?.total ?? 0 };
}

export interface MonthlySeries {
  month: string;
  births_male: number;
  births_female: number;
  procedures: number;
}

/**
 * Births by sex and procedures per month under a region code (the charts): the report's own figures of each whole
 * month, read from the figure store's month sums (at city scale the records themselves took 42 ms for a county's
 * 12 months, twice the county alone).
 */
export async function monthlySeries(db: Knex, regionCode: string, r: Range): Promise<MonthlySeries[]> {
  const keys: CountKey[] = ['births_male', 'births_female', 'procedures'];
  const { rows } = await db.raw<{ rows: MonthlySeries[] }>(
    `select to_char(m.month, 'YYYY-MM') as month,
            coalesce(sum(m.n) filter (where m.key = 'births_male'), 0)::int as births_male,
            coalesce(sum(m.n) filter (where m.key = 'births_female'), 0)::int as births_female,
            coalesce(sum(m.n) filter (where m.key = 'procedures'), 0)::int as procedures
       from regions v join figure_count_months m on m.village_id = v.id
      where v.level = 'village' and v.code like ? and m.month between ?::date and ?::date and m.key = any(?)
      group by m.month`,
    [`${regionCode}%`, r.from, r.to, keys],
  );
  return rows;
}

export interface RowRegion {
  id: number;
  code: string;
  name: string;
  level: string;
  active: boolean;
}

/** The rows of a report: the counties of a city (the cities, or counties, of a province), the townships of a county, the villages of a township. */
export async function rowRegions(db: Knex, parentId: number): Promise<RowRegion[]> {
  return db('regions').where({ parent_id: parentId }).orderBy('code').select('id', 'code', 'name', 'level', 'active');
}

export interface LongActingRule {
  effective_from: string;
  min_birth_order: number;
  within_days: number;
  note: string;
}

/** The long-acting rule in force on a date (长效节育措施落实率). */
export async function longActingRuleOn(db: Knex, date: string): Promise<LongActingRule | undefined> {
  return db('long_acting_rules').where('effective_from', '<=', date).orderBy('effective_from', 'desc').first('effective_from', 'min_birth_order', 'within_days', 'note');
}
