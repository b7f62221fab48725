/**
 * Recording services and the services list.
 *   GET  /women/:id/services/new   the form (from the card; ?kind= &round= &back= prefill it)
 *   POST /women/:id/services       record it (DESIGN §11 contract route)
 *   GET  /services                 services recorded in my area (filters, 50 a page)
 *   GET  /services/new?id_number=  find a card by ID number and go to its service form
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { COMPLICATION, IUD_RESULT, PREGNANCY_RESULT, PROCEDURE_KIND, CHECK_KIND, SATISFACTION, options } from '../../../domain/codes.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { bodyOf, fetchPage, guard, idParam, safeBack, sortLinks, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseId, parseQuery } from '../../../parse.ts';
import { assertFilterInScope } from '../../regions/service.ts';
import { villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { RECORD_MESSAGES as M } from './messages.ts';
import { ServiceForm, ServiceListFilters } from './schemas.ts';
import { activeCardByIdNumber, listServices, recordParsedService, serviceFormSubject } from './service.ts';

export function recordRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  async function formData(req: Request) {
    const actor = actorOf(req);
    const id = idParam(req, 'id', M.notFoundWoman);
    const { woman, state } = await serviceFormSubject(db, actor.scope, id);
    return {
      woman,
      state,
      kindGroups: [
        { label: '计划生育手术', options: options(PROCEDURE_KIND) },
        { label: '检查及其他服务', options: options(CHECK_KIND) },
      ],
      complications: options(COMPLICATION),
      iudResults: options(IUD_RESULT),
      pregnancyResults: options(PREGNANCY_RESULT),
      satisfactions: options(SATISFACTION),
      roundId: parseId(req.query.round ?? bodyOf(req).round),
      back: safeBack(req.query.back ?? bodyOf(req).back),
      today: todayOf(ctx),
    };
  }
  const servicePage = formPage('services/record-form', formData);

  router.get('/women/:id/services/new', ...guard('services.write'), servicePage, async (req, res) => {
    const data = await formData(req);
    const kind = typeof req.query.kind === 'string' ? req.query.kind : '';
    res.render('services/record-form', { ...data, values: { kind, performed_on: data.today } });
  });

  router.post('/women/:id/services', ...guard('services.write'), servicePage, async (req, res) => {
    const id = idParam(req, 'id', M.notFoundWoman);
    const roundId = parseId(bodyOf(req).round);
    const values = parseForm(ServiceForm, req.body);
    const r = await recordParsedService(db, actorOf(req), id, values, { today: todayOf(ctx), roundId });
    flash(req, 'success', M.recorded(r));
    res.redirect(303, safeBack(bodyOf(req).back) ?? `/women/${id}#services`);
  });

  router.get('/services', ...guard('cards.read'), async (req, res) => {
    const f = parseQuery(ServiceListFilters, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    const { rows, pageInfo: info } = await fetchPage(f.page, (w) => listServices(db, actor.scope, f, { ...w, sort: f.sort, dir: f.dir }));
    res.render('services/index', {
      rows,
      filters: f,
      pageInfo: info,
      villages: await villageOptions(db, actor.scope, true),
      sortLink: sortLinks(f, { sort: 'performed_on', dir: 'desc' }),
    });
  });

  router.get('/services/new', ...guard('services.write'), async (req, res) => {
    const raw = typeof req.query.id_number === 'string' ? req.query.id_number : '';
    const card = raw ? await activeCardByIdNumber(db, actorOf(req).scope, normalizeIdNumber(raw)) : undefined;
    if (card) return res.redirect(303, `/women/${card.id}/services/new`);
    if (raw) flash(req, 'error', M.noCardForId);
    res.redirect(303, '/services');
  });

  return router;
}
