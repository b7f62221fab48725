/**
 * The user's own password (forced after an admin set or reset it).
 *   GET/POST /account/password
 */
import type { Router } from 'express';
import { requireLogin } from '../../../auth/guards.ts';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { parseForm } from '../../../parse.ts';
import { ChangePasswordForm } from './schemas.ts';
import { changeOwnPassword } from './service.ts';

export function passwordRoutes(router: Router, ctx: AppContext) {
  const passwordForm = formPage('accounts/password', () => ({ values: {} }));

  /** GET /account/password — change my password (forced after an admin set or reset it). */
  router.get('/account/password', requireLogin, passwordForm, (_req, res) => {
    res.render('accounts/password');
  });

  router.post('/account/password', requireLogin, passwordForm, async (req, res) => {
    const input = parseForm(ChangePasswordForm, req.body);
    await changeOwnPassword(ctx.db, ctx.hasher, actorOf(req), { ...input, keepSessionId: req.sessionID });
    // The principal is kept in the session (not reloaded per request): it no longer has to change its password.
    if (req.session.principal) req.session.principal = { ...req.session.principal, mustChangePassword: false };
    flash(req, 'success', '密码已修改。');
    res.redirect(303, '/');
  });
}
