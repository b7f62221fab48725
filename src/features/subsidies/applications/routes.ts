/**
 * Applications: list, start from a card, edit a draft, show.
 *   GET  /subsidies/applications?program=&status=&year=&village=&q=&page=&sort=&dir=
 *   GET  /subsidies/applications/new?woman=ID[&program=]     POST /subsidies/applications
 *   GET  /subsidies/applications/:id     GET /subsidies/applications/:id/edit     POST /subsidies/applications/:id
 *   POST /subsidies/applications/:id/reveal-account   the full bank account once, with a reason (audited)
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { APPLICATION_STATUS, SUBSIDY_PROGRAM } from '../../../domain/codes.ts';
import { maskAccount } from '../../../domain/redact.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { bodyOf, guard, idParam, pageInfo, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseId, parseQuery } from '../../../parse.ts';
import { assertFilterInScope } from '../../regions/service.ts';
import { regionsInScopeList } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { eligibilityOverview, findWomen } from '../eligibility/service.ts';
import { listPrograms } from '../programs/service.ts';
import { applicationPage } from './application-page.ts';
import * as apps from './service.ts';
import { ApplicationFilters, EditApplicationForm, NewApplicationForm, NewApplicationQuery, RevealAccountForm, SearchQuery } from './schemas.ts';

declare module 'express-session' {
  interface SessionData {
    /** The application whose full bank account the user just asked to see (shown once, on the next view). */
    revealAccount?: number;
  }
}

export function applicationRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const read = guard('subsidies.read');
  const draft = guard('subsidies.draft');
  const thisYear = () => Number(todayOf(ctx).slice(0, 4));
  const appId = (req: Request) => idParam(req, 'id', '未找到该申请，或不在您的管辖范围内。');

  router.get('/subsidies', ...read, (_req, res) => res.redirect(303, '/subsidies/applications'));

  router.get('/subsidies/applications', ...read, async (req, res) => {
    const f = parseQuery(ApplicationFilters, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    const size = 50;
    const { rows, total } = await apps.listApplications(
      db,
      actor.scope,
      { program: f.program, status: f.status, year: f.year, villageCode: f.village, q: f.q },
      { limit: size, offset: (Math.max(1, f.page ?? 1) - 1) * size },
      { by: f.sort ?? 'updated', dir: f.dir ?? (f.sort && f.sort !== 'updated' ? 'asc' : 'desc') },
    );
    res.render('subsidies/applications', {
      rows,
      filters: f,
      pageInfo: pageInfo(total, f.page, size),
      villages: await regionsInScopeList(db, actor.scope, 'village', true),
    });
  });

  /** What the "new" page needs: the card and every program's eligibility for the year, or a card search. */
  async function newPageData(req: Request, womanId: number | undefined, year: number) {
    const actor = actorOf(req);
    const programs = await listPrograms(db);
    if (!womanId) {
      const { q } = parseQuery(SearchQuery, req.query);
      return { woman: undefined, results: [], programs, found: await findWomen(db, actor.scope, q), q: q ?? '', year };
    }
    const { woman, results } = await eligibilityOverview(db, actor.scope, womanId, year, programs);
    return { woman, results, programs, found: [], q: '', year };
  }

  const newForm = formPage('subsidies/application-new', async (req) => {
    const womanId = parseId(bodyOf(req).woman);
    const year = Number(bodyOf(req).year) || thisYear();
    return newPageData(req, womanId, year >= 1990 && year <= 2100 ? year : thisYear());
  });

  router.get('/subsidies/applications/new', ...draft, newForm, async (req, res) => {
    const query = parseQuery(NewApplicationQuery, req.query);
    const year = thisYear();
    const data = await newPageData(req, query.woman, year);
    res.render('subsidies/application-new', {
      ...data,
      values: { woman: query.woman ?? '', program: query.program ?? '', year, beneficiary: 'woman', account_holder: data.woman?.name ?? '' },
    });
  });

  router.post('/subsidies/applications', ...draft, newForm, async (req, res) => {
    const input = parseForm(NewApplicationForm, req.body);
    const created = await apps.createApplication(db, actorOf(req), input);
    flash(req, 'success', `已保存 ${created.beneficiary_name} 的${SUBSIDY_PROGRAM[created.program]}申请草稿。核对证明材料后即可提交。`);
    res.redirect(303, `/subsidies/applications/${created.id}`);
  });

  const showForm = formPage('subsidies/application-show', async (req) => applicationPage(db, actorOf(req), appId(req), todayOf(ctx)));

  router.get('/subsidies/applications/:id', ...read, showForm, async (req, res) => {
    // The eligibility audit links here with the suggested termination reason preselected.
    const reason = typeof req.query.reason === 'string' ? req.query.reason : '';
    const id = appId(req);
    const page = await applicationPage(db, actorOf(req), id, todayOf(ctx));
    const revealed = req.session.revealAccount === id;
    if (revealed) delete req.session.revealAccount;
    res.render('subsidies/application-show', { ...page, accountRevealed: revealed, values: { reason } });
  });

  router.post('/subsidies/applications/:id/reveal-account', ...guard('subsidies.reveal_account'), showForm, async (req, res) => {
    const id = appId(req);
    const input = parseForm(RevealAccountForm, req.body);
    await apps.revealAccount(db, actorOf(req), id, input.reveal_reason);
    req.session.revealAccount = id;
    res.redirect(303, `/subsidies/applications/${id}#account`);
  });

  const editForm = formPage('subsidies/application-edit', async (req) => {
    const view = await apps.applicationView(db, actorOf(req).scope, appId(req));
    return { ...view, programs: await listPrograms(db) };
  });

  router.get('/subsidies/applications/:id/edit', ...draft, editForm, async (req, res) => {
    const view = await apps.applicationView(db, actorOf(req).scope, appId(req));
    const a = view.application;
    if (a.status !== 'draft' && a.status !== 'returned') {
      flash(req, 'error', `该申请${APPLICATION_STATUS[a.status]}，不能修改。`);
      return res.redirect(303, `/subsidies/applications/${a.id}`);
    }
    res.render('subsidies/application-edit', {
      ...view,
      programs: await listPrograms(db),
      values: {
        program: a.program,
        year: a.year,
        beneficiary: a.beneficiary,
        bank_name: a.bank_name ?? '',
        // Masked like on the page; posted back unchanged it keeps the stored account (updateApplication).
        bank_account: maskAccount(a.bank_account),
        account_holder: a.account_holder ?? '',
        amount_requested: a.amount_requested_fen == null ? '' : (a.amount_requested_fen / 100).toFixed(2),
        evidence: a.evidence,
        note: a.note ?? '',
        version: a.version,
      },
    });
  });

  router.post('/subsidies/applications/:id', ...draft, editForm, async (req, res) => {
    const id = appId(req);
    const input = parseForm(EditApplicationForm, req.body);
    const updated = await apps.updateApplication(db, actorOf(req), id, input);
    flash(req, 'success', `已保存 ${updated.beneficiary_name} 的申请。`);
    res.redirect(303, `/subsidies/applications/${id}`);
  });
}
