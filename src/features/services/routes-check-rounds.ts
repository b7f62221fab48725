/**
 * Double-check rounds (双查).
 *   GET  /check-rounds                      rounds in my area; a township opens this quarter's round here
 *   POST /check-rounds (year, quarter)      open a round and generate its due list
 *   GET  /check-rounds/:id?village=&status=&page=&print=1   the list: due, done, rate, missed-twice flags
 *   GET  /check-rounds/:id/results/new?woman=ID             the result form for one woman
 *   POST /check-rounds/:id/results          record her 查环查孕 (a ring_pregnancy_check service)
 *   POST /check-rounds/:id/excuse (woman_id, reason) · /add (id_number) · /close
 */
import { Router, type Request } from 'express';
import { requireLogin, requirePermission } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import { quarterOf, shiftQuarter } from '../../domain/check-rounds.ts';
import { CHECK_STATUS, IUD_RESULT, PREGNANCY_RESULT, options } from '../../domain/codes.ts';
import { NotFoundError } from '../../errors.ts';
import { flash } from '../../http/flash.ts';
import { formPage } from '../../http/forms.ts';
import { pageInfo } from '../../pagination.ts';
import { parseId, parseQuery } from '../../parse.ts';
import { assertFilterInScope } from '../regions/service.ts';
import { townshipOptions, villageOptions } from '../regions/service.ts';
import type { FeatureContext } from '../feature.ts';
import { addToRound, closeRound, excuseFromRound, getRound, listRounds, openRound, roundEntries } from './check-rounds.ts';
import { womanInScope } from './card-queries.ts';
import { SERVICE_MESSAGES as M } from './messages.ts';
import { recordService } from './record.ts';
import { stateFacts } from './record-queries.ts';
import { idParam, safeBack, todayOf } from './route-helpers.ts';
import { byVillage } from './rosters.ts';
import { SHEET_COLUMNS } from './print-columns.ts';
import { villageSheets } from './print-sheets.ts';
import { RoundFilters, RoundListFilters } from './schemas.ts';

export function checkRoundRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;
  const read = [requireLogin, requirePermission('cards.read')];
  const write = [requireLogin, requirePermission('services.write')];

  async function listData(req: Request) {
    const actor = actorOf(req);
    const today = todayOf(ctx);
    // A filter outside the scope (or a village outside the chosen township) is a 404, like a record (DESIGN §1).
    const f = parseQuery(RoundListFilters, req.method === 'GET' ? req.query : {});
    await assertFilterInScope(db, actor.scope, f.township, 'township');
    const village = await assertFilterInScope(db, f.township ? { ...actor.scope, code: f.township } : actor.scope, f.village, 'village');
    const township = f.township ?? village?.code.slice(0, 9);
    const current = quarterOf(today);
    return {
      rounds: await listRounds(db, actor.scope, today, { township }),
      townships: actor.level === 'county' ? await townshipOptions(db, actor.scope) : [],
      township: f.township,
      village,
      quarters: [current, shiftQuarter(current, 1)],
      today,
    };
  }
  const listPage = formPage('services/check-rounds', listData);

  router.get('/check-rounds', ...read, listPage, async (req, res) => {
    const data = await listData(req);
    res.render('services/check-rounds', { ...data, values: { quarter: `${data.quarters[0].year}-${data.quarters[0].quarter}` } });
  });

  router.post('/check-rounds', ...write, listPage, async (req, res) => {
    const [year, quarter] = String(req.body?.quarter ?? '').split('-');
    const r = await openRound(db, actorOf(req), { year: req.body?.year ?? year, quarter: quarter ?? req.body?.quarter }, { today: todayOf(ctx) });
    flash(req, 'success', M.roundOpened(r.label, r.due));
    res.redirect(303, `/check-rounds/${r.round.id}`);
  });

  /** Township clerks and supervisors manage their round's list; everyone else reads it. */
  const canManage = (req: Request) => !!req.user && req.user.level === 'township' && ['clerk', 'supervisor'].includes(req.user.role);

  async function roundData(req: Request) {
    const actor = actorOf(req);
    const today = todayOf(ctx);
    const f = parseQuery(RoundFilters, req.query);
    const round = await getRound(db, actor.scope, idParam(req, M.notFoundRound), today);
    // The village filter names one of the round's villages; another township's is a 404 (DESIGN §1).
    await assertFilterInScope(db, { level: 'township', regionId: round.township_id, code: round.township_code }, f.village, 'village');
    const all = await roundEntries(db, round, today, { village: f.village });
    const entries = f.status ? all.filter((e) => (f.status === 'missed' ? e.flagged : e.status === f.status)) : all;
    const info = pageInfo(entries.length, f.page);
    return {
      round,
      filters: f,
      entries: f.print ? entries : entries.slice(info.offset, info.offset + info.limit),
      pageInfo: info,
      counts: {
        due: all.filter((e) => e.status !== 'excused').length,
        done: all.filter((e) => e.status === 'done').length,
        excused: all.filter((e) => e.status === 'excused').length,
        flagged: all.filter((e) => e.flagged).length,
      },
      villages: await villageOptions(db, { level: 'township', regionId: round.township_id, code: round.township_code }, true),
      statuses: [...options(CHECK_STATUS), { value: 'missed', label: '连续两轮未到位' }],
      canWrite: canManage(req) && round.status === 'open',
      today,
      selfUrl: req.method === 'GET' ? req.originalUrl : `/check-rounds/${round.id}`,
    };
  }
  const roundPage = formPage('services/check-round', roundData);

  router.get('/check-rounds/:id', ...read, roundPage, async (req, res) => {
    const data = await roundData(req);
    if (data.filters.print) {
      return res.render('services/check-round-print', { layout: 'print', landscape: true, cols: SHEET_COLUMNS, ...data, sheets: villageSheets(byVillage(data.entries.filter((e) => e.status !== 'excused')), () => data.round.township_name, (g) => [{ key: 'rows', rows: g.rows }]), unitName: data.round.township_name, backUrl: `/check-rounds/${data.round.id}` });
    }
    res.render('services/check-round', data);
  });

  async function resultData(req: Request) {
    const actor = actorOf(req);
    const today = todayOf(ctx);
    const round = await getRound(db, actor.scope, idParam(req, M.notFoundRound), today);
    const womanId = parseId(req.query.woman ?? req.body?.woman_id);
    const woman = womanId ? await womanInScope(db, actor.scope, womanId) : undefined;
    if (!woman) throw new NotFoundError(M.notFoundWoman);
    return { round, woman, state: await stateFacts(db, woman.id), iudResults: options(IUD_RESULT), pregnancyResults: options(PREGNANCY_RESULT), today, back: safeBack(req.query.back ?? req.body?.back) };
  }
  const resultPage = formPage('services/check-result', resultData);

  router.get('/check-rounds/:id/results/new', ...write, resultPage, async (req, res) => {
    const data = await resultData(req);
    res.render('services/check-result', { ...data, values: { performed_on: data.today } });
  });

  router.post('/check-rounds/:id/results', ...write, resultPage, async (req, res) => {
    const roundId = idParam(req, M.notFoundRound);
    const womanId = parseId(req.body?.woman_id);
    if (!womanId) throw new NotFoundError(M.notFoundWoman);
    const body = { ...req.body, kind: 'ring_pregnancy_check' };
    const r = await recordService(db, actorOf(req), womanId, body, { today: todayOf(ctx), roundId });
    flash(req, 'success', M.recorded(r));
    res.redirect(303, safeBack(req.body?.back) ?? `/check-rounds/${roundId}`);
  });

  router.post('/check-rounds/:id/excuse', ...write, roundPage, async (req, res) => {
    const id = idParam(req, M.notFoundRound);
    const r = await excuseFromRound(db, actorOf(req), id, req.body ?? {});
    flash(req, 'success', M.excused(r.name));
    res.redirect(303, safeBack(req.body?.back) ?? `/check-rounds/${id}`);
  });

  router.post('/check-rounds/:id/add', ...write, roundPage, async (req, res) => {
    const id = idParam(req, M.notFoundRound);
    const r = await addToRound(db, actorOf(req), id, req.body ?? {});
    flash(req, 'success', M.added(r.name));
    res.redirect(303, `/check-rounds/${id}`);
  });

  router.post('/check-rounds/:id/close', ...write, roundPage, async (req, res) => {
    const id = idParam(req, M.notFoundRound);
    const round = await getRound(db, actorOf(req).scope, id, todayOf(ctx));
    await closeRound(db, actorOf(req), id);
    flash(req, 'success', M.roundClosed(round.label));
    res.redirect(303, `/check-rounds/${id}`);
  });

  return router;
}
