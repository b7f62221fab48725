/**
 * Home-page panel of the register's data quality (UI.md "Home page by role"): the township's E and W counts;
 * the county sees the counts per township.
 */
import type { Actor } from '../../../auth/actor.ts';
import type { AppContext } from '../../../context.ts';
import { chinaDate } from '../../../domain/dates.ts';
import type { HomePanelProvider } from '../../feature.ts';
import { cachedPanelData, panelCacheKey } from '../../home/service.ts';
import { countFindings, countFindingsByTownship } from './service.ts';
import { can } from '../../../domain/permissions.ts';

const dataQuality: HomePanelProvider = async (ctx, actor) => {
  if (!can(actor, 'cards.read')) return undefined;
  // Kept between views until a write moves the data version (issue 19 §4).
  const data = await cachedPanelData(ctx.db, panelCacheKey('women-quality', actor), chinaDate(ctx.now()), () => dataQualityData(ctx, actor));
  if (actor.level === 'county') return { key: 'women-quality', title: '数据质量（各乡镇）', view: 'home/_women-quality-county', order: 30, data };
  return { key: 'women-quality', title: '数据质量', view: 'home/_women-quality', order: 30, data };
};

/** The panel's figures computed from the records (what the cache keeps). */
export async function dataQualityData(ctx: Pick<AppContext, 'db'>, actor: Actor): Promise<Record<string, unknown>> {
  if (actor.level === 'county') return { rows: await countFindingsByTownship(ctx.db, actor.scope) };
  const [errors, warnings] = await Promise.all([countFindings(ctx.db, actor.scope, { level: 'E' }), countFindings(ctx.db, actor.scope, { level: 'W' })]);
  return { errors, warnings };
}

export const findingsPanels = [dataQuality];
