/**
 * Home panels (UI.md "Home page by role"): applications waiting for my decision — the township supervisor's
 * 待乡镇审核, the county supervisor's 待县级审批 — and, for township staff who file them, applications returned
 * for more evidence.
 */
import { can } from '../../../domain/permissions.ts';
import type { HomePanelProvider } from '../../feature.ts';
import { applicationsWaiting } from './service.ts';

const waitingForMe: HomePanelProvider = async (ctx, actor) => {
  const status = can(actor, 'subsidies.county_approve') ? 'township_approved' : can(actor, 'subsidies.township_review') ? 'submitted' : undefined;
  if (!status) return undefined;
  const { total, rows } = await applicationsWaiting(ctx.db, actor.scope, status);
  return {
    key: 'subsidies-waiting',
    title: status === 'submitted' ? '待乡镇审核的补助申请' : '待县级审批的补助申请',
    view: 'subsidies/_home-waiting',
    order: 30,
    data: { total, rows, status },
  };
};

const returnedToMe: HomePanelProvider = async (ctx, actor) => {
  if (!can(actor, 'subsidies.draft')) return undefined;
  const { total, rows } = await applicationsWaiting(ctx.db, actor.scope, 'returned');
  if (total === 0) return undefined;
  return { key: 'subsidies-returned', title: '退回补充材料的补助申请', view: 'subsidies/_home-waiting', order: 31, data: { total, rows, status: 'returned' } };
};

export const subsidiesHomePanels = [waitingForMe, returnedToMe];
