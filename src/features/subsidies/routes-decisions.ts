/**
 * Decisions on an application. A refusal re-renders the application page (422 with the list of problems;
 * 409 when someone else moved it first).
 *   POST /subsidies/applications/:id/submit · /approve · /return · /reject · /revoke
 */
import type { Request, RequestHandler, Router } from 'express';
import { requireLogin, requirePermission } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import { APPLICATION_STATUS } from '../../domain/codes.ts';
import { NotFoundError } from '../../errors.ts';
import { flash } from '../../http/flash.ts';
import { formPage } from '../../http/forms.ts';
import { parseForm, parseId } from '../../parse.ts';
import type { FeatureContext } from '../feature.ts';
import { applicationPage } from './page-data.ts';
import { DecisionForm, RevokeForm, VersionForm } from './schemas.ts';
import { decideApplication, revokeApplication, submitApplication } from './workflow-service.ts';

export function decisionRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const draft: RequestHandler[] = [requireLogin, requirePermission('subsidies.draft')];
  const decide: RequestHandler[] = [requireLogin, requirePermission('subsidies.township_review', 'subsidies.county_approve')];

  function appId(req: Request): number {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError('未找到该申请，或不在您的管辖范围内。');
    return id;
  }

  const page = formPage('subsidies/application-show', async (req) => applicationPage(db, req, appId(req), ctx.now()));

  router.post('/subsidies/applications/:id/submit', ...draft, page, async (req, res) => {
    const id = appId(req);
    const { version } = parseForm(VersionForm, req.body);
    const updated = await submitApplication(db, actorOf(req), id, { version }, ctx.now());
    flash(req, 'success', `已提交 ${updated.beneficiary_name} 的申请，等待乡镇审核。`);
    res.redirect(303, `/subsidies/applications/${id}`);
  });

  for (const action of ['approve', 'return', 'reject'] as const) {
    router.post(`/subsidies/applications/:id/${action}`, ...decide, page, async (req, res) => {
      const id = appId(req);
      const input = parseForm(DecisionForm, req.body);
      const updated = await decideApplication(db, actorOf(req), id, action, input, ctx.now());
      flash(req, 'success', `${updated.beneficiary_name} 的申请：${APPLICATION_STATUS[updated.status]}。`);
      res.redirect(303, `/subsidies/applications/${id}`);
    });
  }

  router.post('/subsidies/applications/:id/revoke', ...decide, page, async (req, res) => {
    const id = appId(req);
    const input = parseForm(RevokeForm, req.body);
    const updated = await revokeApplication(db, actorOf(req), id, input, ctx.now());
    flash(req, 'success', `${updated.beneficiary_name} 已终止享受（${updated.revoked_on}）。`);
    res.redirect(303, `/subsidies/applications/${id}`);
  });
}
