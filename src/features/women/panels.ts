/**
 * Home-page panels of the register (UI.md "Home page by role"): the township's data-quality counts and the
 * transfers waiting for it; the county sees data-quality counts per township.
 */
import type { HomePanelProvider } from '../feature.ts';
import { countFindings, countFindingsByTownship } from './findings-service.ts';
import { countIncomingTransfers, pendingTransfersFor } from './transfers-service.ts';
import { can } from '../../domain/permissions.ts';

const dataQuality: HomePanelProvider = async (ctx, actor) => {
  if (!can(actor, 'cards.read')) return undefined;
  if (actor.level === 'county') {
    return { key: 'women-quality', title: '数据质量（各乡镇）', view: 'home/_women-quality-county', order: 30, data: { rows: await countFindingsByTownship(ctx.db, actor.scope) } };
  }
  const [errors, warnings] = await Promise.all([countFindings(ctx.db, actor.scope, { level: 'E' }), countFindings(ctx.db, actor.scope, { level: 'W' })]);
  return { key: 'women-quality', title: '数据质量', view: 'home/_women-quality', order: 30, data: { errors, warnings } };
};

const transfersWaiting: HomePanelProvider = async (ctx, actor) => {
  if (actor.level !== 'township' || !can(actor, 'transfers.send')) return undefined;
  const count = await countIncomingTransfers(ctx.db, actor.scope);
  const { incoming } = count > 0 ? await pendingTransfersFor(ctx.db, actor.scope) : { incoming: [] };
  return { key: 'women-transfers', title: '待处理的迁移', view: 'home/_women-transfers', order: 35, data: { count, rows: incoming.slice(0, 5) } };
};

export const womenHomePanels = [dataQuality, transfersWaiting];
