/**
 * The certificate on its paper form.
 *   POST /applications/:id/print   records the print, then shows the print view
 *   GET  /applications/:id/print   the print view (layout 'print'; @page A5 or A4 from the sheet's class)
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam, todayOf } from '../../../http/route-kit.ts';
import type { FeatureContext } from '../../feature.ts';
import { applicationPage } from '../applications/application-page.ts';
import { NOT_FOUND } from '../applications/service.ts';
import { printSheet, recordPrint } from './service.ts';

export function printRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const appId = (req: Request) => idParam(req, 'id', NOT_FOUND);
  const page = formPage('applications/show', async (req) => applicationPage(db, actorOf(req), appId(req), todayOf(ctx)));

  router.post('/applications/:id/print', ...guard('certificates.apply'), page, async (req, res) => {
    const id = appId(req);
    await recordPrint(db, actorOf(req), id, ctx.now(), todayOf(ctx));
    res.redirect(303, `/applications/${id}/print`);
  });

  router.get('/applications/:id/print', ...guard('cards.read'), page, async (req, res) => {
    const { a, facts } = await printSheet(db, actorOf(req).scope, appId(req), todayOf(ctx));
    res.render('applications/print', { layout: 'print', a, facts, backUrl: `/applications/${a.id}` });
  });
}
