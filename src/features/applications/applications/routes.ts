/**
 * Certificate applications: the list (with the overdue filter), a new one from a card, the page, the edit form.
 *   GET  /applications?kind=&status=(…|overdue)&village=&q=&page=
 *   GET  /women/:id/applications/new[?kind=]     POST /women/:id/applications
 *   GET  /applications/:id     GET /applications/:id/edit     POST /applications/:id
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { EDITABLE_STATUSES, REQUIRED_EVIDENCE, DECISION_WORKING_DAYS } from '../../../domain/certificate-workflow.ts';
import { CERT_APPLICATION_STATUS, CERTIFICATE_KIND } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { fetchPage, guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { assertFilterInScope, regionsInScopeList } from '../../regions/service.ts';
import { applicationPage } from './application-page.ts';
import { ApplicationFilters, ApplicationForm, EditApplicationForm, NewApplicationQuery } from './schemas.ts';
import * as apps from './service.ts';

/** What the application form shows besides the values: each kind's checklist and deadline. */
export const formData = { requiredEvidence: REQUIRED_EVIDENCE, deadlines: DECISION_WORKING_DAYS };

export function applicationRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const read = guard('cards.read');
  const apply = guard('certificates.apply');
  const appId = (req: Request) => idParam(req, 'id', apps.NOT_FOUND);

  router.get('/applications', ...read, async (req, res) => {
    const f = parseQuery(ApplicationFilters, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    const today = todayOf(ctx);
    const result = await fetchPage(f.page, (w) => apps.listApplications(db, actor.scope, f, today, w));
    res.render('applications/list', {
      rows: result.rows,
      filters: f,
      pageInfo: result.pageInfo,
      villages: await regionsInScopeList(db, actor.scope, 'village', true),
    });
  });

  const newForm = formPage('applications/new', async (req) => ({ woman: await apps.womanForApplication(db, actorOf(req).scope, idParam(req)), ...formData }));

  router.get('/women/:id/applications/new', ...apply, newForm, async (req, res) => {
    const woman = await apps.womanForApplication(db, actorOf(req).scope, idParam(req));
    const { kind } = parseQuery(NewApplicationQuery, req.query);
    res.render('applications/new', { woman, ...formData, values: { kind: kind ?? '', applicant: 'self', evidence: [] } });
  });

  router.post('/women/:id/applications', ...apply, newForm, async (req, res) => {
    const input = parseForm(ApplicationForm, req.body);
    const created = await apps.createApplication(db, actorOf(req), idParam(req), input);
    flash(req, 'success', `已保存${CERTIFICATE_KIND[created.kind]}申请草稿。核对证明材料后即可提交乡镇审批。`);
    res.redirect(303, `/applications/${created.id}`);
  });

  const showData = (req: Request, id: number) => applicationPage(db, actorOf(req), id, todayOf(ctx));
  const showForm = formPage('applications/show', async (req) => showData(req, appId(req)));

  router.get('/applications/:id', ...read, showForm, async (req, res) => {
    const data = await showData(req, appId(req));
    res.render('applications/show', { ...data, values: { handed_over_on: data.today, revoked_on: data.today } });
  });

  const editForm = formPage('applications/edit', async (req) => ({ application: await apps.applicationView(db, actorOf(req).scope, appId(req), todayOf(ctx)), ...formData }));

  router.get('/applications/:id/edit', ...apply, editForm, async (req, res) => {
    const a = await apps.applicationView(db, actorOf(req).scope, appId(req), todayOf(ctx));
    if (!EDITABLE_STATUSES.includes(a.status)) {
      flash(req, 'error', `该申请${CERT_APPLICATION_STATUS[a.status]}，不能修改。`);
      return res.redirect(303, `/applications/${a.id}`);
    }
    res.render('applications/edit', {
      application: a,
      ...formData,
      values: { kind: a.kind, child_order: a.child_order ?? '', applicant: a.applicant, agent_name: a.agent_name ?? '', evidence: a.evidence, note: a.note ?? '', version: a.version },
    });
  });

  router.post('/applications/:id', ...apply, editForm, async (req, res) => {
    const id = appId(req);
    const input = parseForm(EditApplicationForm, req.body);
    await apps.updateApplication(db, actorOf(req), id, input);
    flash(req, 'success', '已保存申请。');
    res.redirect(303, `/applications/${id}`);
  });
}
