/**
 * Rosters (花名册), each with ?village=&month=&print=1 (print: A4 portrait; without a village, every village
 * of the caller's area with rows, in one job, each on its own pages numbered within the village — ../print/sheets.ts):
 *   GET /rosters/should-adopt   应措花名册 with the month's 增补 and 核减
 *   GET /rosters/double-check   双查名单 (this quarter's rounds, or ?round=ID)
 *   GET /rosters/follow-ups     随访名单 (pending by the end of the month, overdue included)
 *   GET /rosters/removals       到期取环/取皮埋名单
 * /rosters/exceptions belongs to the register (issue 3).
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { monthLabel } from '../../../domain/dates.ts';
import { fetchPage, guard, pageInfo, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { assertFilterInScope } from '../../regions/service.ts';
import { villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { currentRounds, getRound, roundEntries, type RoundEntry, type RoundView } from '../check-rounds/service.ts';
import { searchFollowUps } from '../follow-ups/service.ts';
import { ROW_LINES, SHEET_COLUMNS } from '../print/columns.ts';
import { byVillage, townshipNamer, villageSheets } from '../print/sheets.ts';
import { RosterQuery } from './schemas.ts';
import { removalsRoster, rosterMonth, shouldAdoptRoster, type RosterEntry } from './service.ts';

export const ROSTER_TABS = [
  { key: 'should-adopt', label: '应措花名册', href: '/rosters/should-adopt' },
  { key: 'double-check', label: '双查名单', href: '/rosters/double-check' },
  { key: 'follow-ups', label: '随访名单', href: '/rosters/follow-ups' },
  { key: 'removals', label: '到期取环/取皮埋', href: '/rosters/removals' },
  { key: 'exceptions', label: '数据质量异常', href: '/rosters/exceptions' },
];

export function rosterRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  async function common(req: Request) {
    const actor = actorOf(req);
    const f = parseQuery(RosterQuery, req.query);
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    const today = todayOf(ctx);
    const m = rosterMonth(f.month, today);
    const villages = await villageOptions(db, actor.scope, true);
    const townshipOf = townshipNamer(villages, actor.scope, actor.regionName);
    return { actor, f, today, m, villages, townshipOf, tabs: ROSTER_TABS, unitName: actor.regionName, periodLabel: monthLabel(m.month) };
  }
  /** One table per village, cut into pages. */
  const oneTable = <T extends { village_code: string; village_name: string }>(c: { townshipOf: (code: string) => string }, rows: T[], lines?: (row: T) => number) =>
    villageSheets(byVillage(rows), c.townshipOf, (g) => [{ key: 'rows', rows: g.rows, lines }]);
  /** Village sheets print on A4 landscape, with the columns ../print/columns.ts counts lines by. */
  const sheetView = { layout: 'print', landscape: true, cols: SHEET_COLUMNS };

  router.get('/rosters/should-adopt', ...guard('rosters.read'), async (req, res) => {
    const c = await common(req);
    if (c.f.print) {
      const roster = await shouldAdoptRoster(db, c.actor.scope, c.f, c.today);
      // A village's sheet: its members, then the month's 核减 (people who left the roster), on as many pages as needed.
      const groups = byVillage<RosterEntry & { removed?: boolean }>([...roster.members, ...roster.removed.map((p) => ({ ...p, removed: true }))]);
      const sheets = villageSheets(groups, c.townshipOf, (g) => {
        const removed = g.rows.filter((p) => p.removed);
        return [
          { key: 'members', rows: g.rows.filter((p) => !p.removed), lines: ROW_LINES.shouldAdopt },
          ...(removed.length ? [{ key: 'removed', rows: removed, lines: ROW_LINES.removed, heading: true }] : []),
        ];
      });
      return res.render('services/rosters/should-adopt-print', { ...sheetView, ...c, roster, sheets, backUrl: req.originalUrl.replace(/[?&]print=1/, '') });
    }
    const { pageInfo: info, ...roster } = await fetchPage(c.f.page, (w) => shouldAdoptRoster(db, c.actor.scope, c.f, c.today, w));
    res.render('services/rosters/should-adopt', { ...c, roster, pageInfo: info });
  });

  router.get('/rosters/double-check', ...guard('rosters.read'), async (req, res) => {
    const c = await common(req);
    const rounds: RoundView[] = c.f.round ? [await getRound(db, c.actor.scope, c.f.round, c.today)] : await currentRounds(db, c.actor.scope, c.today);
    const entries: (RoundEntry & { round_label: string })[] = [];
    for (const r of rounds) {
      for (const e of await roundEntries(db, r, c.today, { village: c.f.village })) if (e.status !== 'excused') entries.push({ ...e, round_label: r.label });
    }
    if (c.f.print) {
      return res.render('services/rosters/double-check-print', { ...sheetView, ...c, rounds, sheets: oneTable(c, entries), backUrl: req.originalUrl.replace(/[?&]print=1/, '') });
    }
    const info = pageInfo(entries.length, c.f.page);
    res.render('services/rosters/double-check', { ...c, rounds, entries: entries.slice(info.offset, info.offset + info.limit), total: entries.length, pageInfo: info });
  });

  router.get('/rosters/follow-ups', ...guard('rosters.read'), async (req, res) => {
    const c = await common(req);
    const query = { status: 'pending' as const, village: c.f.village, dueBy: c.m.end };
    if (c.f.print) {
      const { rows } = await searchFollowUps(db, c.actor.scope, query, c.today, { limit: 100000, offset: 0, sort: 'village' });
      return res.render('services/rosters/follow-ups-print', { ...sheetView, ...c, sheets: oneTable(c, rows, ROW_LINES.followUps), backUrl: req.originalUrl.replace(/[?&]print=1/, '') });
    }
    const { rows, total, pageInfo: info } = await fetchPage(c.f.page, (w) => searchFollowUps(db, c.actor.scope, query, c.today, { ...w, sort: 'village' }));
    res.render('services/rosters/follow-ups', { ...c, rows, total, pageInfo: info });
  });

  router.get('/rosters/removals', ...guard('rosters.read'), async (req, res) => {
    const c = await common(req);
    const r = await removalsRoster(db, c.actor.scope, c.f, c.today);
    if (c.f.print) {
      return res.render('services/rosters/removals-print', { ...sheetView, ...c, sheets: oneTable(c, r.rows, ROW_LINES.removals), backUrl: req.originalUrl.replace(/[?&]print=1/, '') });
    }
    const info = pageInfo(r.rows.length, c.f.page);
    res.render('services/rosters/removals', { ...c, rows: r.rows.slice(info.offset, info.offset + info.limit), total: r.rows.length, pageInfo: info });
  });

  return router;
}
