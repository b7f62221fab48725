/** The shapes shared by the report sources (sources.ts and checks-sources.ts). */
import type { CountKey } from '../../../domain/indicators.ts';

export interface Range {
  from: string;
  to: string;
  /**
   * The code of the report's region when it is a small part of the deployment (a county of a city, a township): some
   * sources keep the region's records before the per-record work, village by village — those that find the records
   * entered in the period across the whole deployment (往年出生未报; record quality and late entries: stored, so read
   * this way by their people lists), and the births named by lists (outside-births-sources.ts: every row of the births
   * with a row in the region). No count changes: the report's final join on the region still decides. The sources
   * that place a woman where she lived on a date do not use it: they must read her card first, which is the cost
   * (measured: no gain).
   */
  within?: string;
}

export type SourceName =
  | 'births'
  | 'births_previous'
  | 'pregnancies'
  | 'procedures'
  | 'certificates'
  | 'marriages'
  | 'migration'
  | 'follow_ups'
  | 'long_acting'
  | 'satisfaction'
  | 'stock'
  | 'late'
  | 'preconception'
  | 'preconception_checks'
  | 'check_rounds'
  | 'record_quality'
  | 'eligibility_reviews'
  | 'special_families'
  | 'special_family_care'
  | 'floating_queries'
  | 'outside_births'
  | 'birth_timeliness';

/** Which tie-break splits a figure into 城镇/农村 (see residence.ts). */
export type ResidenceRule = 'either_non_agricultural' | 'both_non_agricultural' | 'own';

export interface Source {
  name: SourceName;
  sql: string;
  bindings: (string | number)[];
  /** SQL boolean expressions over the source's columns (alias s); 'true' counts every row. */
  flags: Partial<Record<CountKey, string>>;
  /**
   * The columns the flags read, when there are many rows and few distinct values (the stock: ~95,000 women,
   * a few hundred combinations per row region): the rows are grouped on them first, so each flag is evaluated
   * once per combination instead of once per woman.
   */
  groupBy?: string[];
  /**
   * The rows carry a sign column (+1 or −1) and a count is the sum of the signs of its rows: a correction added to a
   * stored figure (preconceptionBeyondMonthSource). Counted by countSource's plain form: not with groupBy.
   */
  signed?: boolean;
  /**
   * The source keeps its records to the report's villages itself (Range.within): counted without a second join to
   * the regions. A row of another village that still comes through (an outside birth whose best-matched row lies
   * elsewhere) is left out with the villages the report does not show (countSource's sumIntoRows). A county's month
   * at city scale: follow-ups 1.41 → 1.12 ms, outside births 3.1 → 2.8 ms.
   */
  regionKept?: boolean;
  /** How the official tables split the source's figures into 城镇/农村 (residence.ts); absent: not split. */
  residence?: ResidenceRule | Partial<Record<CountKey, ResidenceRule>>;
}

/**
 * Code constants (METHOD codes, PROCEDURE_KIND keys …) quoted into an SQL `in (…)` list. Only for the code's own
 * constants, never for user input: the values are written into the SQL unescaped.
 */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * A date placeholder of a source's SQL: each call writes `?::date` and records `value` in `bindings`, so a template
 * evaluated left to right records its bindings in the order its placeholders appear.
 */
export const datePlaceholder = (bindings: (string | number)[], value: string) => (): string => (bindings.push(value), '?::date');

/** The village a woman lived in on a date (SQL expression over alias w and a date expression). */
export const villageOn = (dateSql: string) =>
  `coalesce((select t.from_region_id from transfers t where t.woman_id = w.id and t.status = 'accepted' and t.moved_on > ${dateSql}
     order by t.moved_on, t.id limit 1), w.region_id)`;

/**
 * villageOn for one date shared by every row, as a from-item to left-join on the woman (columns woman_id,
 * from_region_id): each woman's first accepted move after the date, read once for all who moved since, so the
 * village is coalesce(<alias>.from_region_id, w.region_id). For a source that places many women on one day: a lookup
 * per woman was 12 of 21 ms of the city's open special-family files.
 */
export const firstMovesAfter = (dateSql: string) =>
  `select distinct on (t.woman_id) t.woman_id, t.from_region_id from transfers t
    where t.status = 'accepted' and t.moved_on > ${dateSql} order by t.woman_id, t.moved_on, t.id`;

/** The China date a record was entered: created_at is a timestamptz, business dates are China dates (DESIGN §13). */
export const enteredOn = (alias: string) => `(${alias}.created_at at time zone 'Asia/Shanghai')::date`;

/**
 * Records entered during the range (China dates) under Range.within: SQL over `alias`, and its bindings. `village`
 * names the regions row the source already joins on the record's village (withinRegion).
 */
export function enteredIn(r: Range, alias: string, o: { village?: string } = {}): { sql: string; bindings: string[] } {
  const within = withinRegion(r, `${alias}.region_id`, o.village);
  return {
    sql: `${alias}.created_at >= (?::date)::timestamp at time zone 'Asia/Shanghai' and ${alias}.created_at < (?::date + 1)::timestamp at time zone 'Asia/Shanghai'${within.sql}`,
    bindings: [r.from, r.to, ...within.bindings],
  };
}

/**
 * The early region filter of a source (Range.within): the record's village lies under the region. Empty without a
 * region. A source that already joins the village's regions row names it (`joined`): its code is read there, not
 * looked up again (births of previous years at city scale: 5.0 → 2.8 ms, the planner weighing one regions join less).
 */
export function withinRegion(r: Range, villageSql: string, joined?: string): { sql: string; bindings: string[] } {
  if (r.within === undefined) return { sql: '', bindings: [] };
  if (joined) return { sql: ` and ${joined}.code like ?`, bindings: [`${r.within}%`] };
  return { sql: ` and exists (select 1 from regions rr where rr.id = ${villageSql} and rr.code like ?)`, bindings: [`${r.within}%`] };
}
