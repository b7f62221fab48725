/** Home-page panel (township users): overdue 协查 to answer, and the state of the ones this township sent. */
import { chinaDate } from '../../../domain/dates.ts';
import type { HomePanelProvider } from '../../feature.ts';
import { boxCounts } from './service.ts';

const floatingQueries: HomePanelProvider = async (ctx, actor) => {
  if (actor.scope.level !== 'township') return undefined;
  const today = chinaDate(ctx.now());
  const [inbox, sent] = await Promise.all([boxCounts(ctx.db, actor.scope, 'inbox', today), boxCounts(ctx.db, actor.scope, 'sent', today)]);
  if (inbox.open + sent.open + sent.answered === 0) return undefined;
  return { key: 'floating-queries', title: '流动人口协查', view: 'floating/_home-panel', order: 35, data: { inbox, sent } };
};

export const queryHomePanels = [floatingQueries];
