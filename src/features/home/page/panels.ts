/** Admin home: locked accounts, users by township, recent audit entries. */
import { countLockedUsers, usersPerRegion } from '../../accounts/service.ts';
import { searchAudit } from '../../audit/service.ts';
import { can } from '../../../domain/permissions.ts';
import type { HomePanelProvider } from '../../feature.ts';

const accountsOverview: HomePanelProvider = async (ctx, actor) => {
  if (actor.role !== 'admin') return undefined;
  return {
    key: 'accounts',
    title: '账户概况',
    view: 'home/_accounts',
    order: 10,
    data: { locked: await countLockedUsers(ctx.db, ctx.now()), perRegion: await usersPerRegion(ctx.db) },
  };
};

const recentAudit: HomePanelProvider = async (ctx, actor) => {
  if (!can(actor, 'audit.read')) return undefined;
  const { rows } = await searchAudit(ctx.db, actor, {}, { limit: 10, offset: 0 });
  return { key: 'recent-audit', title: '最近操作记录', view: 'home/_audit', order: 90, data: { rows } };
};

export const adminHomePanels = [accountsOverview, recentAudit];
