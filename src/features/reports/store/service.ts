/**
 * The figure store (issue 19 §2): counts per village × day × key for the additive sources (engine/additivity.ts),
 * kept by the triggers of migrations/20261209000100_figure_store.ts in the transaction of every write; each woman's
 * stock changes (migrations/20261210000000_figure_stock_changes.ts, ../stock/queries.ts). Here: installing the functions the triggers call (rendered from the report
 * sources when the schema is prepared; a change of the sources rebuilds the store), the rebuild, and the check
 * against the live source SQL (the nightly job and /admin/figure-check).
 */
import type { Knex } from 'knex';
import * as q from './queries.ts';
import * as sq from '../stock/queries.ts';

export type { CheckRunRow, FigureDifferenceRow } from './queries.ts';

/** The store's derived tables: a backup leaves them out and a restore rebuilds them from the records. */
export const FIGURE_STORE_TABLES = [
  'figure_counts',
  'figure_count_months',
  'figure_contributions',
  'figure_touched',
  'figure_stock_contributions',
  'figure_stock_changes',
  'figure_stock_months',
  'figure_stock_base',
  'figure_store_meta',
];

export interface RebuildResult {
  women: number;
  contributions: number;
  counts: number;
  stockChanges: number;
  ms: number;
}

const BATCH = 20_000;

/**
 * Recompute the whole store from the source SQL: women in batches of 20,000 by id (progress per batch; their flow
 * rows and their stock changes), then the counts, the stock changes per village and day, and the yearly bases. Writers wait for it (the store's tables are
 * locked until it commits). Inside a transaction it runs there (the demo seed), else in its own.
 */
export async function rebuildFigureStore(db: Knex, options: { log?: (line: string) => void } = {}): Promise<RebuildResult> {
  const run = async (trx: Knex.Transaction) => {
    const started = Date.now();
    const log = options.log ?? (() => undefined);
    await q.clearStore(trx);
    await sq.clearStockStore(trx);
    const { lo, hi } = await q.womanIdRange(trx);
    let contributions = 0;
    for (let from = lo; from <= hi; from += BATCH) {
      const to = Math.min(from + BATCH - 1, hi);
      contributions += await q.storeContributions(trx, from, to);
      contributions += await sq.storeStockContributions(trx, from, to);
      log(`指标库重建：信息卡 ${to - lo + 1} / ${hi - lo + 1}（ID 范围），${contributions} 条明细`);
    }
    const counts = await q.sumContributions(trx);
    const stockChanges = await sq.sumStockContributions(trx);
    // Fresh statistics for the planner: every row was replaced, and until autovacuum gets to these tables the
    // reports would be planned on their sizes before the rebuild (an upgraded city: 25 million rows).
    await q.analyzeTables(trx, FIGURE_STORE_TABLES);
    return { women: Math.max(0, hi - lo + 1), contributions, counts, stockChanges, ms: Date.now() - started };
  };
  if (db.isTransaction) return run(db as Knex.Transaction);
  const result = await db.transaction(run);
  await q.vacuumTables(db, FIGURE_STORE_TABLES);
  return result;
}

/**
 * Render the stored sources into the functions the triggers call; when they changed (the first start after this
 * migration, or a source's SQL changed in the code), rebuild the store in the same transaction.
 */
export async function installFigureStore(db: Knex, options: { log?: (line: string) => void } = {}): Promise<boolean> {
  const sql = q.functionsSql(db) + sq.stockFunctionsSql();
  const hash = q.functionsHash(sql);
  const changed = await db.transaction(async (trx) => {
    const installed = await q.installFunctions(trx, sql, hash);
    if (installed) await rebuildFigureStore(trx, options);
    return installed;
  });
  // Until the rebuilt pages are vacuumed, every index-only read of the store visits the table too: at city scale the
  // city's month took 1.25 s instead of 0.4 until autovacuum came round (relallvisible 0 on 100 million rows).
  if (changed && !db.isTransaction) await q.vacuumTables(db, FIGURE_STORE_TABLES);
  return changed;
}

/** Keep the store's triggers quiet for the rest of a bulk-load transaction (rebuild at its end). */
export async function pauseFigureStore(trx: Knex.Transaction): Promise<void> {
  await q.pauseTriggers(trx);
}

export async function resumeFigureStore(trx: Knex.Transaction): Promise<void> {
  await q.resumeTriggers(trx);
}

export interface CheckResult {
  run: q.CheckRunRow;
  ms: number;
}

const DETAIL_LIMIT = 200;

const countyOf = (d: q.FigureDifferenceRow): string => (d.village_code ?? '').slice(0, 6);

/** At most DETAIL_LIMIT differences per county (so each county's reader sees hers even when another has many). */
export function detailsPerCounty(differences: q.FigureDifferenceRow[], limit = DETAIL_LIMIT): q.FigureDifferenceRow[] {
  const seen = new Map<string, number>();
  return differences.filter((d) => {
    const n = (seen.get(countyOf(d)) ?? 0) + 1;
    seen.set(countyOf(d), n);
    return n <= limit;
  });
}

/** How many differences each county has: {"990100": 3}. */
export function differencesPerCounty(differences: q.FigureDifferenceRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of differences) out[countyOf(d)] = (out[countyOf(d)] ?? 0) + 1;
  return out;
}

/**
 * Store vs live for the whole database: per village × month × key for the stored sources and the stored stock
 * changes, and each year's stock base vs the changes before it. Records the run (at most 200 differences per
 * county in its details).
 */
export async function checkFigureStore(db: Knex, now: Date): Promise<CheckResult> {
  const started = Date.now();
  const flows = await q.compareFlows(db);
  const stockChanges = await sq.compareStockChanges(db);
  const compared = flows.compared + stockChanges.compared;
  const differences = [...flows.differences, ...stockChanges.differences];
  const run = await q.insertCheckRun(db, {
    run_at: now,
    keys_compared: compared,
    differences: differences.length,
    details: detailsPerCounty(differences),
    county_differences: differencesPerCounty(differences),
  });
  return { run, ms: Date.now() - started };
}

export async function latestFigureChecks(db: Knex, limit = 10): Promise<q.CheckRunRow[]> {
  return q.latestCheckRuns(db, limit);
}

/**
 * The latest runs as a reader sees them: the differences in villages under her region code (a county's, or a
 * city's) and their count; the check itself stays whole-database (keys_compared is the whole run's). A run from
 * before the per-county counts counts its stored details in scope (all of them when all are hers).
 */
export async function figureChecksInScope(db: Knex, scopeCode: string, limit = 10): Promise<q.CheckRunRow[]> {
  return (await q.latestCheckRuns(db, limit)).map((run) => {
    const details = run.details.filter((d) => (d.village_code ?? '').startsWith(scopeCode));
    const counties = Object.entries(run.county_differences ?? {});
    const differences =
      counties.length > 0 ? counties.filter(([county]) => county.startsWith(scopeCode)).reduce((n, [, k]) => n + k, 0) : details.length === run.details.length ? run.differences : details.length;
    return { ...run, details, differences };
  });
}
