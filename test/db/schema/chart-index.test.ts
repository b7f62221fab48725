/**
 * The report page's charts read a region's three keys of month sums from the village-key index alone
 * (migrations/20261216000100_figure_count_months_village_key_index.ts): fails when the charts' query reads a column
 * the index does not hold, or names its keys or months so that the index cannot range over them.
 */
import { describe, expect, it } from 'vitest';
import { monthlySeries } from '../../../src/features/reports/engine/queries.ts';
import { indexPlanOfCall, useTestDatabase } from '../../helpers/db.ts';

describe('the charts’ index', () => {
  const t = useTestDatabase();

  it('serves a county’s twelve months of the charts’ keys by index-only ranges per village', async () => {
    await t.db.raw('vacuum analyze figure_count_months');
    // The query as monthlySeries sends it; without the other two indexes the question is whether this one answers.
    const plan = await indexPlanOfCall(t.db, () => monthlySeries(t.db, '990100', { from: '2025-12-01', to: '2026-11-30' }), [
      'drop index figure_count_months_month_idx',
      'alter table figure_count_months drop constraint figure_count_months_pkey',
    ]);
    expect(plan).toContain('Index Only Scan using figure_count_months_village_key_idx');
    expect(plan).toMatch(/Index Cond: .*key = ANY/);
  });
});
