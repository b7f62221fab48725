/** Home-page panel of the transfers waiting for the township (UI.md "Home page by role"). */
import type { HomePanelProvider } from '../../feature.ts';
import { can } from '../../../domain/permissions.ts';
import { countIncomingTransfers, pendingTransfersFor } from './service.ts';

const transfersWaiting: HomePanelProvider = async (ctx, actor) => {
  if (actor.level !== 'township' || !can(actor, 'transfers.send')) return undefined;
  const count = await countIncomingTransfers(ctx.db, actor.scope);
  const { incoming } = count > 0 ? await pendingTransfersFor(ctx.db, actor.scope) : { incoming: [] };
  return { key: 'women-transfers', title: '待处理的迁移', view: 'home/_women-transfers', order: 35, data: { count, rows: incoming.slice(0, 5) } };
};

export const transfersPanels = [transfersWaiting];
