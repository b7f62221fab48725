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
import { actorOf } from '../../../auth/principal.ts';
import { quarterOf, shiftQuarter } from '../../../domain/check-rounds.ts';
import { CHECK_STATUS, GYN_RESULT, IUD_RESULT, PREGNANCY_RESULT, options } from '../../../domain/codes.ts';
import { NotFoundError } from '../../../errors.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { bodyOf, guard, idParam, pageInfo, safeBack, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseId, parseQuery } from '../../../parse.ts';
import { assertFilterInScope } from '../../regions/service.ts';
import { townshipOptions, villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { SHEET_COLUMNS } from '../print/columns.ts';
import { byVillage, villageSheets } from '../print/sheets.ts';
import { RECORD_MESSAGES } from '../record/messages.ts';
import { ServiceForm } from '../record/schemas.ts';
import { recordParsedService, serviceFormSubject } from '../record/service.ts';
import { ROUND_MESSAGES as M } from './messages.ts';
import { AddToRoundForm, ExcuseForm, RoundFilters, RoundForm, RoundListFilters } from './schemas.ts';
import { addToRound, assertTownshipWriter, closeRound, excuseFromRound, getRound, listRounds, openRound, roundEntries } from './service.ts';

export function checkRoundRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

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

  router.get('/check-rounds', ...guard('cards.read'), listPage, async (req, res) => {
    const data = await listData(req);
    res.render('services/check-rounds', { ...data, values: { quarter: `${data.quarters[0].year}-${data.quarters[0].quarter}` } });
  });

  router.post('/check-rounds', ...guard('services.write'), listPage, async (req, res) => {
    const actor = actorOf(req);
    assertTownshipWriter(actor);
    const [year, quarter] = String(bodyOf(req).quarter ?? '').split('-');
    const values = parseForm(RoundForm, { year: bodyOf(req).year ?? year, quarter: quarter ?? bodyOf(req).quarter, includes_gyn_exam: bodyOf(req).includes_gyn_exam });
    const r = await openRound(db, actor, values, { today: todayOf(ctx) });
    flash(req, 'success', M.roundOpened(r.label, r.due));
    res.redirect(303, `/check-rounds/${r.round.id}`);
  });

  /** Township clerks and supervisors manage their round's list; everyone else reads it. */
  const canManage = (req: Request) => !!req.user && req.user.level === 'township' && ['clerk', 'supervisor'].includes(req.user.role);

  async function roundData(req: Request) {
    const actor = actorOf(req);
    const today = todayOf(ctx);
    const f = parseQuery(RoundFilters, req.query);
    const round = await getRound(db, actor.scope, idParam(req, 'id', M.notFoundRound), today);
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

  router.get('/check-rounds/:id', ...guard('cards.read'), roundPage, async (req, res) => {
    const data = await roundData(req);
    if (data.filters.print) {
      return res.render('services/check-round-print', {
        layout: 'print',
        landscape: true,
        cols: SHEET_COLUMNS,
        ...data,
        sheets: villageSheets(
          byVillage(data.entries.filter((e) => e.status !== 'excused')),
          () => data.round.township_name,
          (g) => [{ key: 'rows', rows: g.rows }],
        ),
        unitName: data.round.township_name,
        backUrl: `/check-rounds/${data.round.id}`,
      });
    }
    res.render('services/check-round', data);
  });

  async function resultData(req: Request) {
    const actor = actorOf(req);
    const today = todayOf(ctx);
    const round = await getRound(db, actor.scope, idParam(req, 'id', M.notFoundRound), today);
    const { woman, state } = await serviceFormSubject(db, actor.scope, parseId(req.query.woman ?? bodyOf(req).woman_id));
    return {
      round,
      woman,
      state,
      iudResults: options(IUD_RESULT),
      pregnancyResults: options(PREGNANCY_RESULT),
      gynResults: options(GYN_RESULT),
      today,
      back: safeBack(req.query.back ?? bodyOf(req).back),
    };
  }
  const resultPage = formPage('services/check-result', resultData);

  router.get('/check-rounds/:id/results/new', ...guard('services.write'), resultPage, async (req, res) => {
    const data = await resultData(req);
    res.render('services/check-result', { ...data, values: { performed_on: data.today } });
  });

  router.post('/check-rounds/:id/results', ...guard('services.write'), resultPage, async (req, res) => {
    const roundId = idParam(req, 'id', M.notFoundRound);
    const womanId = parseId(bodyOf(req).woman_id);
    if (!womanId) throw new NotFoundError(RECORD_MESSAGES.notFoundWoman);
    const values = parseForm(ServiceForm, { ...req.body, kind: 'ring_pregnancy_check' });
    const r = await recordParsedService(db, actorOf(req), womanId, values, { today: todayOf(ctx), roundId });
    flash(req, 'success', RECORD_MESSAGES.recorded(r));
    res.redirect(303, safeBack(bodyOf(req).back) ?? `/check-rounds/${roundId}`);
  });

  router.post('/check-rounds/:id/excuse', ...guard('services.write'), roundPage, async (req, res) => {
    const id = idParam(req, 'id', M.notFoundRound);
    const r = await excuseFromRound(db, actorOf(req), id, parseForm(ExcuseForm, req.body));
    flash(req, 'success', M.excused(r.name));
    res.redirect(303, safeBack(bodyOf(req).back) ?? `/check-rounds/${id}`);
  });

  router.post('/check-rounds/:id/add', ...guard('services.write'), roundPage, async (req, res) => {
    const id = idParam(req, 'id', M.notFoundRound);
    const r = await addToRound(db, actorOf(req), id, parseForm(AddToRoundForm, req.body));
    flash(req, 'success', M.added(r.name));
    res.redirect(303, `/check-rounds/${id}`);
  });

  router.post('/check-rounds/:id/close', ...guard('services.write'), roundPage, async (req, res) => {
    const id = idParam(req, 'id', M.notFoundRound);
    const round = await getRound(db, actorOf(req).scope, id, todayOf(ctx));
    await closeRound(db, actorOf(req), id);
    flash(req, 'success', M.roundClosed(round.label));
    res.redirect(303, `/check-rounds/${id}`);
  });

  return router;
}
