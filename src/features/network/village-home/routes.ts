/**
 * The village worker's page (phone first, 390 px).
 *   GET  /village?month=              this month's work order of her village, her reports' counts
 *   GET  /village/follow-ups/:id      one follow-up and the visit form
 *   POST /village/follow-ups/:id (done_on, result, note, satisfaction, satisfaction_note)   record the visit
 *   GET  /village/checks/:round/:woman   the 双查 result form of a woman of her village on a round's list
 *   POST /village/checks/:round/:woman (performed_on, facility, iud_result, pregnancy_result, …)   record it
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { GYN_RESULT, IUD_RESULT, PREGNANCY_RESULT, SATISFACTION, options } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { VillageQuery, VisitForm } from './schemas.ts';
import { checkForm, recordCheck, recordVisit, villagePage, visitOf } from './service.ts';

const NOT_FOUND = '未找到该随访，或不在您的村。';
const NOT_ON_LIST = '未找到该双查名单上的这位妇女，或不在您的村。';

export function villageHomeRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  router.get('/village', ...guard('network.report'), async (req, res) => {
    const f = parseQuery(VillageQuery, req.query);
    res.render('network/village', await villagePage(db, actorOf(req), f, todayOf(ctx)));
  });

  const loadVisit = async (req: Request) => ({
    followUp: await visitOf(db, actorOf(req), idParam(req, 'id', NOT_FOUND), todayOf(ctx)),
    satisfactions: options(SATISFACTION),
    today: todayOf(ctx),
  });
  const visitPage = formPage('network/visit', loadVisit);

  router.get('/village/follow-ups/:id', ...guard('network.visit'), visitPage, async (req, res) => {
    const data = await loadVisit(req);
    res.render('network/visit', { ...data, values: { done_on: data.today } });
  });

  router.post('/village/follow-ups/:id', ...guard('network.visit'), visitPage, async (req, res) => {
    const id = idParam(req, 'id', NOT_FOUND);
    const r = await recordVisit(db, actorOf(req), id, parseForm(VisitForm, req.body), todayOf(ctx));
    flash(req, 'success', `已登记 ${r.womanName} 的随访（${r.followUp.done_on}）`);
    res.redirect(303, '/village');
  });

  const loadCheck = async (req: Request) => {
    const today = todayOf(ctx);
    return {
      ...(await checkForm(db, actorOf(req), idParam(req, 'round', NOT_ON_LIST), idParam(req, 'woman', NOT_ON_LIST), today)),
      iudResults: options(IUD_RESULT),
      pregnancyResults: options(PREGNANCY_RESULT),
      gynResults: options(GYN_RESULT),
      today,
    };
  };
  const checkPage = formPage('network/check', loadCheck);

  router.get('/village/checks/:round/:woman', ...guard('network.visit'), checkPage, async (req, res) => {
    const data = await loadCheck(req);
    res.render('network/check', { ...data, values: { performed_on: data.today } });
  });

  router.post('/village/checks/:round/:woman', ...guard('network.visit'), checkPage, async (req, res) => {
    const r = await recordCheck(db, actorOf(req), idParam(req, 'round', NOT_ON_LIST), idParam(req, 'woman', NOT_ON_LIST), req.body as Record<string, unknown>, todayOf(ctx));
    flash(req, 'success', `已登记 ${r.woman.name} 的双查结果（${r.service.performed_on}）`);
    res.redirect(303, '/village');
  });

  return router;
}
