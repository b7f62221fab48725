/**
 * Home page tasks of the services feature (UI.md "Home page by role"): follow-ups due and overdue, this
 * quarter's double-check progress, this month's roster changes and removals due — for township clerks and
 * supervisors (their township) and county supervisors (the county), each number a link to its list. The same
 * four things a work order gathers for a village, counted for the user's area.
 */
import { chinaDate } from '../../../domain/dates.ts';
import { followUpLevelOf } from '../../../domain/follow-up-schedule.ts';
import { quarterLabel, quarterOf } from '../../../domain/check-rounds.ts';
import type { Actor } from '../../../auth/actor.ts';
import type { AppContext } from '../../../context.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import type { HomePanelProvider } from '../../feature.ts';
import { cachedPanelData, panelCacheKey } from '../../home/service.ts';
import { currentRounds } from '../check-rounds/service.ts';
import { followUpSummary } from '../follow-ups/service.ts';
import { removalsDueCount, shouldAdoptCounts } from '../rosters/service.ts';

const serviceTasks: HomePanelProvider = async (ctx, actor) => {
  // The village worker has her own 本村待办 panel (the network feature), with links she may open.
  if (actor.role === 'admin' || actor.level === 'village') return undefined;
  const today = chinaDate(ctx.now());
  // Kept between views until a write moves the data version (issue 19 §4: the hottest page).
  const data = await cachedPanelData(ctx.db, panelCacheKey('service-tasks', actor), today, () => serviceTasksData(ctx, actor, today));
  return { key: 'service-tasks', title: '技术服务待办', view: 'services/_home-tasks', order: 20, data };
};

/** The panel's figures computed from the records (what the cache keeps). */
export async function serviceTasksData(ctx: Pick<AppContext, 'db'>, actor: Actor, today: IsoDate) {
  const [followUps, rounds, roster, removals] = await Promise.all([
    followUpSummary(ctx.db, actor.scope, today),
    currentRounds(ctx.db, actor.scope, today),
    // Two roster computations over the whole county on every home page would be slow at scale: townships only.
    actor.level === 'township' ? shouldAdoptCounts(ctx.db, actor.scope, today) : Promise.resolve(undefined),
    removalsDueCount(ctx.db, actor.scope, today),
  ]);
  const due = rounds.reduce((s, r) => s + r.due, 0);
  // The level this office visits itself first (village / township / county), then all levels in its area.
  const ownLevel = followUpLevelOf(actor.level);
  const own = followUpSummaryOf(followUps, ownLevel);
  const done = rounds.reduce((s, r) => s + r.done, 0);
  return {
    followUps,
    ownLevel,
    own,
    rounds,
    roundTotals: { due, done },
    quarter: quarterLabel(quarterOf(today)),
    township: actor.level === 'township',
    canOpen: actor.level === 'township',
    roster,
    removalsDue: removals,
  };
}

function followUpSummaryOf(s: { byLevel: { level: string; overdue: number; due: number }[] }, level: string) {
  const row = s.byLevel.find((l) => l.level === level);
  return { overdue: row?.overdue ?? 0, due: row?.due ?? 0 };
}

export const servicesHomePanels = [serviceTasks];
