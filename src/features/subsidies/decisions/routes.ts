/**
 * Decisions on an application. A refusal re-renders the application page (422 with the list of problems;
 * 409 when someone else moved it first).
 *   POST /subsidies/applications/:id/submit · /approve · /return · /reject · /revoke
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { APPLICATION_STATUS } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { applicationPage } from '../applications/application-page.ts';
import { DecisionForm, RevokeForm, VersionForm } from './schemas.ts';
import { decideApplication, revokeApplication, submitApplication } from './service.ts';

export function decisionRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const draft = guard('subsidies.draft');
  const decide = guard('subsidies.township_review', 'subsidies.county_approve');
  const appId = (req: Request) => idParam(req, 'id', '未找到该申请，或不在您的管辖范围内。');

  const page = formPage('subsidies/application-show', async (req) => applicationPage(db, actorOf(req), appId(req), todayOf(ctx)));

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
