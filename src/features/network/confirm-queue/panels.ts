/**
 * Home panels of the 网底: the village worker's 待办 (this month's work order counts, her reports by state) and the
 * township's count of reports waiting for confirmation (UI.md "Home page by role").
 */
import { chinaDate } from '../../../domain/dates.ts';
import { can } from '../../../domain/permissions.ts';
import type { HomePanelProvider } from '../../feature.ts';
import { villagePage } from '../village-home/service.ts';
import { pendingCount } from './service.ts';

const villageTasks: HomePanelProvider = async (ctx, actor) => {
  if (!can(actor, 'network.report')) return undefined;
  const { order, reports } = await villagePage(ctx.db, actor, {}, chinaDate(ctx.now()));
  const open = <T extends { closed: boolean }>(rows: T[]) => rows.filter((r) => !r.closed).length;
  return {
    key: 'village-tasks',
    title: '本村待办',
    view: 'network/_home-village',
    order: 5,
    data: { followUps: open(order.followUps), checks: open(order.checks), shouldAdopt: open(order.shouldAdopt), removals: open(order.removals), reports },
  };
};

const confirmWaiting: HomePanelProvider = async (ctx, actor) => {
  if (!can(actor, 'network.confirm')) return undefined;
  return { key: 'confirm-queue', title: '村级上报待确认', view: 'network/_home-queue', order: 34, data: { count: await pendingCount(ctx.db, actor.scope) } };
};

export const networkHomePanels = [villageTasks, confirmWaiting];
