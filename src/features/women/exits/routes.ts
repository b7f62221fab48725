/**
 * Leaving the register and coming back:
 *   GET|POST /women/:id/exit · GET|POST /women/:id/reactivate
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { flash } from '../../../http/flash.ts';
import { guard, idParam } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { AppContext } from '../../../context.ts';
import { kit } from '../cards/card-form.ts';
import { ExitForm, ReactivateForm } from './schemas.ts';
import { exitCardParsed, reactivateCardParsed } from './service.ts';

export function mountExitRoutes(router: Router, ctx: AppContext) {
  const { db, opts, today, cardForm } = kit(ctx);

  const exitForm = cardForm('women/exit-form', async (_req, c) => ({ values: { exit_date: today(), version: String(c.version) } }));
  router.get('/women/:id/exit', ...guard('cards.write'), exitForm.page, exitForm.show);
  router.post('/women/:id/exit', ...guard('cards.write'), exitForm.page, async (req, res) => {
    const w = await exitCardParsed(db, actorOf(req), idParam(req), parseForm(ExitForm, req.body), opts());
    flash(req, 'success', `${w.name} 已出队`);
    res.redirect(303, `/women/${w.id}`);
  });
  const reactivateForm = cardForm('women/reactivate-form', async (_req, c) => ({ values: { version: String(c.version) } }));
  router.get('/women/:id/reactivate', ...guard('cards.write'), reactivateForm.page, reactivateForm.show);
  router.post('/women/:id/reactivate', ...guard('cards.write'), reactivateForm.page, async (req, res) => {
    const w = await reactivateCardParsed(db, actorOf(req), idParam(req), parseForm(ReactivateForm, req.body), opts());
    flash(req, 'success', `${w.name} 已重新激活（在册）`);
    res.redirect(303, `/women/${w.id}`);
  });
}
