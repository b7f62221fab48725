/**
 * Home-page panel for supervisors (UI.md): last month's report status — the township supervisor sees their
 * own with what blocks submission; the county supervisor sees every township (on time / late / missing).
 */
import { chinaDate } from '../../../domain/dates.ts';
import { lastMonth } from '../../../domain/report-periods.ts';
import type { HomePanelProvider } from '../../feature.ts';
import { getRegion } from '../../regions/service.ts';
import { submissionBlockers, townshipMonthStatus, townshipStatuses } from './service.ts';

const monthStatus: HomePanelProvider = async (ctx, actor) => {
  if (actor.role !== 'supervisor') return undefined;
  const now = ctx.now();
  const month = lastMonth(chinaDate(now));
  const region = await getRegion(ctx.db, actor.scope.regionId);
  if (region.level === 'township') {
    const status = await townshipMonthStatus(ctx.db, region, month, now);
    const open = status.status === 'open' || status.status === 'returned';
    const blockers = open ? await submissionBlockers(ctx.db, region, month) : [];
    return { key: 'month-status', title: '月报状态', view: 'reports/_home-panel', order: 20, data: { month, statuses: [status], blockers, region } };
  }
  const statuses = await townshipStatuses(ctx.db, region, month, now);
  return { key: 'month-status', title: '各乡镇月报状态', view: 'reports/_home-panel', order: 20, data: { month, statuses, blockers: [], region } };
};

export const closeHomePanels = [monthStatus];
