/**
 * Account administration (admin @ county, city or province): the accounts at or below her region; another's is 404.
 *   GET /admin/users · GET /admin/users/new · POST /admin/users · GET /admin/users/:id
 *   POST /admin/users/:id/password · /disable · /enable · /unlock
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { ROLE } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam, pageInfo } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { allRegionsForSelect, getRegionInScope } from '../../regions/service.ts';
import { NewUserForm, ResetPasswordForm, UserFilters, VersionForm } from './schemas.ts';
import * as accounts from './service.ts';

export function usersRoutes(router: Router, ctx: AppContext) {
  const admin = guard('admin.users');
  const db = ctx.db;
  const userId = (req: Request) => idParam(req, 'id', '未找到该账户。');

  /** GET /admin/users — accounts with filters. */
  router.get('/admin/users', ...admin, async (req, res) => {
    const f = parseQuery(UserFilters, req.query);
    // A region filter that names no region answers 404, like every filter outside the caller's scope (DESIGN §1).
    if (f.region) await getRegionInScope(db, actorOf(req).scope, f.region);
    const size = 50;
    const page = Math.max(1, f.page ?? 1);
    const { rows, total } = await accounts.listUsers(db, { q: f.q, role: f.role, regionId: f.region, status: f.status, scopeCode: actorOf(req).scope.code }, ctx.now(), {
      limit: size,
      offset: (page - 1) * size,
    });
    res.render('accounts/users', {
      rows,
      filters: f,
      pageInfo: pageInfo(total, page, size),
      regions: await allRegionsForSelect(db, actorOf(req).scope),
      now: ctx.now(),
      roles: ROLE,
    });
  });

  const newForm = formPage('accounts/user-new', async (req) => ({ regions: await allRegionsForSelect(db, actorOf(req).scope) }));

  /** GET /admin/users/new — create an account. */
  router.get('/admin/users/new', ...admin, newForm, async (req, res) => {
    res.render('accounts/user-new', { regions: await allRegionsForSelect(db, actorOf(req).scope), values: { region_id: req.query.region ?? '' } });
  });

  router.post('/admin/users', ...admin, newForm, async (req, res) => {
    const input = parseForm(NewUserForm, req.body);
    const user = await accounts.createUserInScope(db, ctx.hasher, actorOf(req), input, { mustChangePassword: true });
    flash(req, 'success', `已创建账户 ${user.username}（${user.display_name}），首次登录时须修改密码。`);
    res.redirect(303, `/admin/users/${user.id}`);
  });

  const detailForm = formPage('accounts/user-show', async (req) => ({ account: await accounts.getUserInScope(db, actorOf(req).scope, userId(req)), now: ctx.now() }));

  /** GET /admin/users/:id — one account with its actions. */
  router.get('/admin/users/:id', ...admin, detailForm, async (req, res) => {
    res.render('accounts/user-show', { account: await accounts.getUserInScope(db, actorOf(req).scope, userId(req)), now: ctx.now() });
  });

  router.post('/admin/users/:id/password', ...admin, detailForm, async (req, res) => {
    const id = userId(req);
    await accounts.getUserInScope(db, actorOf(req).scope, id);
    const input = parseForm(ResetPasswordForm, req.body);
    await accounts.resetPassword(db, ctx.hasher, actorOf(req), id, input);
    flash(req, 'success', '已重置密码；该用户的登录已被结束，下次登录时须修改密码。');
    res.redirect(303, `/admin/users/${id}`);
  });

  for (const [action, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    router.post(`/admin/users/:id/${action}`, ...admin, detailForm, async (req, res) => {
      const id = userId(req);
      await accounts.getUserInScope(db, actorOf(req).scope, id);
      const { version } = parseForm(VersionForm, req.body);
      await accounts.setUserActive(db, actorOf(req), id, { active, version });
      flash(req, 'success', active ? '账户已启用。' : '账户已停用，该用户的登录已立即结束。');
      res.redirect(303, `/admin/users/${id}`);
    });
  }

  router.post('/admin/users/:id/unlock', ...admin, detailForm, async (req, res) => {
    const id = userId(req);
    await accounts.getUserInScope(db, actorOf(req).scope, id);
    const { version } = parseForm(VersionForm, req.body);
    await accounts.unlockUser(db, actorOf(req), id, { version });
    flash(req, 'success', '账户已解锁。');
    res.redirect(303, `/admin/users/${id}`);
  });
}
