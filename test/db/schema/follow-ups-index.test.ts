/**
 * The report's follow-ups of a period are counted from the due-date index alone
 * (migrations/20261215000000_follow_ups_due_covering_index.ts): the source reads only the columns the index holds.
 * This test fails when the source or its flags start reading another column of follow_ups (the count would visit
 * every due row's page again: 110–310 ms of a city's statistical year instead of 66).
 */
import { describe, expect, it } from 'vitest';
import { sourceOf } from '../../../src/features/reports/engine/sources.ts';
import { useTestDatabase, withRollback } from '../../helpers/db.ts';

describe('the follow-ups due index', () => {
  const t = useTestDatabase();

  it('serves the report’s count of a year’s follow-ups by an index-only scan when scans are costed alike', async () => {
    const src = sourceOf('follow_ups_done', { from: '2025-10-01', to: '2026-09-30' })!;
    const flags = Object.entries(src.flags).map(([key, flag]) => `count(*) filter (where ${flag}) as "${key}"`);
    // An empty table vacuumed: every page (none) all-visible, as the store's tables and a settled deployment's are.
    await t.db.raw('vacuum analyze follow_ups');
    const plan = await withRollback(t.db, async (trx) => {
      // A test database is tiny: without this the planner rightly scans the table; and it would read the village-first
      // index for its order (dropped here, rolled back): the question is whether the due-date index alone can answer.
      await trx.raw('drop index follow_ups_region_due_idx');
      await trx.raw('set local enable_seqscan = off');
      await trx.raw('set local enable_bitmapscan = off');
      const { rows } = await trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(`explain select s.village_id, ${flags.join(', ')} from (${src.sql}) s group by s.village_id`, src.bindings);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('Index Only Scan using follow_ups_due_cover_idx');
  });
});
