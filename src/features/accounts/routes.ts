/**
 * Sign-in, sign-out and the user's own password.
 *   GET/POST /login · POST /logout · GET/POST /account/password
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { actorOf, type Principal } from '../../auth/principal.ts';
import { requireLogin } from '../../auth/guards.ts';
import { PgRateLimitStore } from '../../db/rate-limit-store.ts';
import { flash } from '../../http/flash.ts';
import { formPage } from '../../http/forms.ts';
import { parseForm } from '../../parse.ts';
import type { Feature } from '../feature.ts';
import { ChangePasswordForm, LoginForm, safeNext } from './schemas.ts';
import { changeOwnPassword } from './service.ts';

export const accountsRoutes: Feature = (ctx) => {
  const router = Router();

  const loginLimiter = rateLimit({
    windowMs: 60_000,
    limit: ctx.config.loginRateLimit,
    standardHeaders: 'draft-8',
    // Counted in PostgreSQL, so the limit holds across instances behind the proxy.
    store: new PgRateLimitStore(ctx.db, 'login'),
    // The store is the database: when it is down, sign-in answers 503 through the error handler like every page.
    passOnStoreError: false,
    legacyHeaders: false,
    handler: (req, res) => {
      res.status(429).render('accounts/login', {
        layout: 'bare',
        error: '登录尝试过于频繁，请一分钟后再试。',
        values: { username: typeof req.body?.username === 'string' ? req.body.username : '' },
        next: '/',
      });
    },
  });

  /** GET /login — the sign-in form. */
  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, '/');
    res.render('accounts/login', { layout: 'bare', error: null, values: {}, next: safeNext(req.query.next) });
  });

  /** POST /login — passport-local; the session is regenerated on success (passport ≥ 0.6). */
  router.post('/login', loginLimiter, (req: Request, res: Response, next: NextFunction) => {
    const input = parseForm(LoginForm, req.body);
    const nextUrl = safeNext(req.body?.next);
    ctx.passport.authenticate('local', (err: unknown, user: Principal | false, info?: { message?: string }) => {
      if (err) return next(err);
      if (!user) {
        return res.status(401).render('accounts/login', {
          layout: 'bare',
          error: info?.message ?? '用户名或密码错误。',
          values: { username: input.username },
          next: nextUrl,
        });
      }
      req.login(user, (loginErr) => {
        if (loginErr) return next(loginErr);
        const t = ctx.now().getTime();
        req.session.signedInAt = t;
        req.session.lastSeen = t;
        res.redirect(303, user.mustChangePassword ? '/account/password' : nextUrl);
      });
    })(req, res, next);
  });

  /** POST /logout — ends the session. */
  router.post('/logout', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => {
        res.clearCookie('fp.sid');
        res.redirect(303, '/login');
      });
    });
  });

  const passwordForm = formPage('accounts/password', () => ({ values: {} }));

  /** GET /account/password — change my password (forced after an admin set or reset it). */
  router.get('/account/password', requireLogin, passwordForm, (_req, res) => {
    res.render('accounts/password');
  });

  router.post('/account/password', requireLogin, passwordForm, async (req, res) => {
    const input = parseForm(ChangePasswordForm, req.body);
    await changeOwnPassword(ctx.db, ctx.hasher, actorOf(req), { ...input, keepSessionId: req.sessionID });
    flash(req, 'success', '密码已修改。');
    res.redirect(303, '/');
  });

  return { router };
};
