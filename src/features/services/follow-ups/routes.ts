/**
 * Follow-ups.
 *   GET  /follow-ups?status=&level=&village=&q=&sort=&page=&print=1   due and overdue, by level and village
 *   GET  /follow-ups/:id                                             one follow-up and the form to record it
 *   POST /follow-ups/:id/done (done_on, result, note, satisfaction, satisfaction_note)   record the visit (done_by = me)
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { FOLLOW_UP_LEVEL, SATISFACTION, options } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { bodyOf, fetchPage, guard, idParam, safeBack, sortLinks, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { assertFilterInScope } from '../../regions/service.ts';
import { villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { ROW_LINES, SHEET_COLUMNS } from '../print/columns.ts';
import { byVillage, townshipNamer, villageSheets } from '../print/sheets.ts';
import { FOLLOW_UP_MESSAGES as M } from './messages.ts';
import { FollowUpDoneForm, FollowUpFilters } from './schemas.ts';
import { completeFollowUp, followUpSummary, getFollowUp, searchFollowUps } from './service.ts';

export const FOLLOW_UP_STATUS_FILTERS = [
  { value: 'pending', label: '应随访（含逾期）' },
  { value: 'overdue', label: '逾期未随访' },
  { value: 'due', label: '本月到期' },
  { value: 'upcoming', label: '未到期' },
  { value: 'done', label: '已随访' },
  { value: 'all', label: '全部' },
];

export function followUpRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  router.get('/follow-ups', ...guard('cards.read'), async (req, res) => {
    const f = parseQuery(FollowUpFilters, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    const today = todayOf(ctx);
    const query = { status: f.status ?? 'pending', level: f.level, village: f.village, q: f.q };
    if (f.print) {
      const { rows } = await searchFollowUps(db, actor.scope, query, today, { limit: 100000, offset: 0, sort: 'village' });
      const townshipOf = townshipNamer(await villageOptions(db, actor.scope, true), actor.scope, actor.regionName);
      const sheets = villageSheets(byVillage(rows), townshipOf, (g) => [{ key: 'rows', rows: g.rows, lines: ROW_LINES.woFollowUps }]);
      return res.render('services/follow-ups-print', {
        layout: 'print',
        landscape: true,
        cols: SHEET_COLUMNS,
        sheets,
        filters: f,
        statusLabel: FOLLOW_UP_STATUS_FILTERS.find((s) => s.value === query.status)?.label,
        today,
        unitName: actor.regionName,
        backUrl: '/follow-ups',
      });
    }
    const { rows, pageInfo: info } = await fetchPage(f.page, (w) => searchFollowUps(db, actor.scope, query, today, { ...w, sort: f.sort, dir: f.dir }));
    res.render('services/follow-ups', {
      rows,
      filters: { ...f, status: query.status },
      pageInfo: info,
      summary: await followUpSummary(db, actor.scope, today, f.village),
      villages: await villageOptions(db, actor.scope, true),
      levels: options(FOLLOW_UP_LEVEL),
      statuses: FOLLOW_UP_STATUS_FILTERS,
      sortLink: sortLinks(f, { sort: 'due_on', dir: 'asc' }),
      today,
    });
  });

  async function loadOne(req: Request) {
    const today = todayOf(ctx);
    return {
      followUp: await getFollowUp(db, actorOf(req).scope, idParam(req, 'id', M.notFoundFollowUp), today),
      today,
      satisfactions: options(SATISFACTION),
      back: safeBack(req.query.back ?? bodyOf(req).back),
    };
  }
  const onePage = formPage('services/follow-up', loadOne);

  router.get('/follow-ups/:id', ...guard('cards.read'), onePage, async (req, res) => {
    const data = await loadOne(req);
    res.render('services/follow-up', { ...data, values: { done_on: data.today } });
  });

  router.post('/follow-ups/:id/done', ...guard('services.write'), onePage, async (req, res) => {
    const id = idParam(req, 'id', M.notFoundFollowUp);
    const values = parseForm(FollowUpDoneForm, req.body);
    const r = await completeFollowUp(db, actorOf(req), id, values, { today: todayOf(ctx) });
    flash(req, 'success', M.followUpDone(r.womanName, r.followUp.level, r.followUp.done_on!));
    res.redirect(303, safeBack(bodyOf(req).back) ?? '/follow-ups');
  });

  return router;
}
