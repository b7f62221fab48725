/**
 * Home-page panel of the register's data quality (UI.md "Home page by role"): the township's E and W counts;
 * the county sees the counts per township.
 */
import type { HomePanelProvider } from '../../feature.ts';
import { countFindings, countFindingsByTownship } from './service.ts';
import { can } from '../../../domain/permissions.ts';

const dataQuality: HomePanelProvider = async (ctx, actor) => {
  if (!can(actor, 'cards.read')) return undefined;
  if (actor.level === 'county') {
    return { key: 'women-quality', title: '数据质量（各乡镇）', view: 'home/_women-quality-county', order: 30, data: { rows: await countFindingsByTownship(ctx.db, actor.scope) } };
  }
  const [errors, warnings] = await Promise.all([countFindings(ctx.db, actor.scope, { level: 'E' }), countFindings(ctx.db, actor.scope, { level: 'W' })]);
  return { key: 'women-quality', title: '数据质量', view: 'home/_women-quality', order: 30, data: { errors, warnings } };
};

export const findingsPanels = [dataQuality];
