/**
 * The workflow's steps, each a POST from the application's page; a refusal re-renders that page (422 with the
 * problems, 409 when someone else moved it first).
 *   POST /applications/:id/submit · /approve · /return · /refuse · /hand-over · /revoke
 */
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { CERT_APPLICATION_STATUS } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { applicationPage } from '../applications/application-page.ts';
import { NOT_FOUND } from '../applications/service.ts';
import { CertRevokeForm, DecisionForm, HandOverForm, VersionForm } from './schemas.ts';
import { decideApplication, handOver, revokeApplication, submitApplication } from './service.ts';

export function decisionRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const apply = guard('certificates.apply');
  const decide = guard('certificates.decide');
  const appId = (req: Request) => idParam(req, 'id', NOT_FOUND);
  const page = formPage('applications/show', async (req) => applicationPage(db, actorOf(req), appId(req), todayOf(ctx)));
  const done = (req: Request, status: keyof typeof CERT_APPLICATION_STATUS, id: number, res: Response) => {
    flash(req, 'success', `申请 ${id}：${CERT_APPLICATION_STATUS[status]}。`);
    res.redirect(303, `/applications/${id}`);
  };

  router.post('/applications/:id/submit', ...apply, page, async (req, res) => {
    const id = appId(req);
    const updated = await submitApplication(db, actorOf(req), id, parseForm(VersionForm, req.body), todayOf(ctx));
    done(req, updated.status, id, res);
  });

  for (const action of ['approve', 'return', 'refuse'] as const) {
    router.post(`/applications/:id/${action}`, ...decide, page, async (req, res) => {
      const id = appId(req);
      const updated = await decideApplication(db, actorOf(req), id, action, parseForm(DecisionForm, req.body), todayOf(ctx));
      if (updated.number) flash(req, 'success', `证号 ${updated.number} 已发放，可打印证件。`);
      done(req, updated.status, id, res);
    });
  }

  router.post('/applications/:id/hand-over', ...apply, page, async (req, res) => {
    const id = appId(req);
    const updated = await handOver(db, actorOf(req), id, parseForm(HandOverForm, req.body), todayOf(ctx));
    done(req, updated.status, id, res);
  });

  router.post('/applications/:id/revoke', ...decide, page, async (req, res) => {
    const id = appId(req);
    const updated = await revokeApplication(db, actorOf(req), id, parseForm(CertRevokeForm, req.body), todayOf(ctx));
    done(req, updated.status, id, res);
  });
}
