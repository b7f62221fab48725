/**
 * A small region's stored month sums (flows and stock) are read village by village from the primary key alone
 * (migrations/20261217000000_figure_month_sums_covering_keys.ts: the key carries the count). Fails when the key stops
 * carrying it or the reads ask for a column it does not hold: each village's rows would be fetched from the table
 * again (a county's stock at city scale: 866 pages and 7.9 ms against 6.4 ms index-only).
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { storedStockAt } from '../../../src/features/reports/stock/queries.ts';
import { storedFlowCounts, type RowVillagesSql } from '../../../src/features/reports/store/queries.ts';
import { indexPlanOfCall, useTestDatabase } from '../../helpers/db.ts';

/** A township's villages, as the engine names a small region's (read village by village). */
const TOWNSHIP: RowVillagesSql = {
  sql: `select v.id as village_id, v.id as row_id from regions v where v.level = 'village' and v.code like ?`,
  bindings: ['990100001%'],
  wide: false,
};

describe('the month sums’ primary keys', () => {
  const t = useTestDatabase();

  /** The plan of the query `read` sends, the month-first index dropped (rolled back), scans costed alike. */
  async function planOf(table: string, read: (db: Knex) => Promise<unknown>): Promise<string> {
    await t.db.raw(`vacuum analyze ${table}`);
    return indexPlanOfCall(t.db, () => read(t.db), [`drop index ${table}_month_idx`]);
  }

  it('serves a township’s flows of a quarter index-only by village', async () => {
    const plan = await planOf('figure_count_months', (db) => storedFlowCounts(db, TOWNSHIP, { from: '2026-07-01', to: '2026-09-30' }));
    expect(plan).toContain('Index Only Scan using figure_count_months_pkey');
    expect(plan).toMatch(/Index Cond: \(\(village_id = rv\.village_id\) AND \(month >= /);
  });

  it('serves a township’s stock at a month end index-only by village', async () => {
    const plan = await planOf('figure_stock_months', (db) => storedStockAt(db, TOWNSHIP, '2026-11-30', { monthKeys: [] }));
    expect(plan).toContain('Index Only Scan using figure_stock_months_pkey');
    expect(plan).toMatch(/Index Cond: \(\(village_id = rv\.village_id\) AND \(month >= /);
  });
});
