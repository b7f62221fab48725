/**
 * Sign-in and sign-out (passport checks the password through signIn, see src/auth/passport.ts).
 *   GET/POST /login · POST /logout
 */
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Principal } from '../../../auth/principal.ts';
import { PgRateLimitStore } from '../../../db/rate-limit-store.ts';
import { bodyOf } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { LoginForm, safeNext } from './schemas.ts';

export function signInRoutes(router: Router, ctx: FeatureContext) {
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
      const { username } = bodyOf(req);
      res.status(429).render('accounts/login', {
        layout: 'bare',
        error: '登录尝试过于频繁，请一分钟后再试。',
        values: { username: typeof username === 'string' ? username : '' },
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
    const nextUrl = safeNext(bodyOf(req).next);
    const authenticate: RequestHandler = ctx.passport.authenticate('local', (err: unknown, user: Principal | false, info?: { message?: string }) => {
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
    }) as RequestHandler;
    void authenticate(req, res, next);
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
}
