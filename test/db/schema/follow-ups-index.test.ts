/**
 * The report's follow-ups of a period are counted from an index alone: across the deployment from the due-date index
 * (migrations/20261215000000_follow_ups_due_covering_index.ts), and for a region that is a small part of it village
 * by village from the village-first one (migrations/20261216000000_follow_ups_region_due_covering_index.ts). The
 * source reads only the columns the indexes hold. This test fails when the source or its flags start reading another
 * column of follow_ups (the count would visit every due row's page again: 110–310 ms of a city's statistical year
 * instead of 66), or when a small region stops keeping its own villages first (a county's month at city scale read
 * the whole city's month: 6.9 ms against 2.7 alone).
 */
import { describe, expect, it } from 'vitest';
import { sourceOf } from '../../../src/features/reports/engine/sources.ts';
import type { Range } from '../../../src/features/reports/engine/source-types.ts';
import { indexPlan, useTestDatabase } from '../../helpers/db.ts';

describe('the follow-ups due indexes', () => {
  const t = useTestDatabase();

  /** The plan of the source's count per village, the other index dropped (rolled back), scans costed alike. */
  async function planOf(r: Range, drop: string): Promise<string> {
    const src = sourceOf('follow_ups_done', r)!;
    const flags = Object.entries(src.flags).map(([key, flag]) => `count(*) filter (where ${flag}) as "${key}"`);
    // An empty table vacuumed: every page (none) all-visible, as the store's tables and a settled deployment's are.
    await t.db.raw('vacuum analyze follow_ups');
    // Either index could answer (the planner would read the other for its order): the one left alone must.
    return indexPlan(t.db, `select s.village_id, ${flags.join(', ')} from (${src.sql}) s group by s.village_id`, src.bindings, [`drop index ${drop}`]);
  }

  it('serves the report’s count of a year’s follow-ups by an index-only scan when scans are costed alike', async () => {
    expect(await planOf({ from: '2025-10-01', to: '2026-09-30' }, 'follow_ups_region_due_cover_idx')).toContain('Index Only Scan using follow_ups_due_cover_idx');
  });

  it('serves a small region’s count from the village-first index alone', async () => {
    // Which way the planner walks it (village by village at city scale) depends on real statistics; here: index-only.
    const plan = await planOf({ from: '2026-11-01', to: '2026-11-30', within: '990100' }, 'follow_ups_due_cover_idx');
    expect(plan).toContain('Index Only Scan using follow_ups_region_due_cover_idx');
  });
});
