/**
 * createApp builds the Express app from its dependencies; server.ts listens. Middleware order matters:
 * headers → static → health → logs → the JSON API (bearer tokens) → body → session → timeouts → passport → CSRF → view locals → features →
 * 404 → the one error handler.
 */
import express from 'express';
import path from 'node:path';
import type pg from 'pg';
import type session from 'express-session';
import { createPassport } from './auth/passport.ts';
import { saveSessionBeforeRedirect, sessionMiddleware, sessionTimeouts } from './auth/session.ts';
import type { AppContext } from './context.ts';
import { ping } from './db/knex.ts';
import { createCsrf } from './http/csrf.ts';
import { errorHandler, notFound } from './http/error-handler.ts';
import { viewLocals } from './http/locals.ts';
import type { NavItem } from './http/nav.ts';
import { requestLog } from './http/request-log.ts';
import { securityHeaders } from './http/security.ts';
import { helpers } from './http/view-helpers.ts';
import { layoutEngine, viewsDir } from './http/views.ts';
import { features } from './features/index.ts';
import type { HomePanelProvider, CardSectionProvider } from './features/feature.ts';

export interface AppDeps extends AppContext {
  sessionStore: session.Store;
  sessionSecret: string;
  /** Only for closing; the store owns it. */
  sessionPool?: pg.Pool;
}

export function createApp(deps: AppDeps): express.Express {
  const { config, db, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy ? 1 : false);
  app.engine('ejs', layoutEngine);
  app.set('view engine', 'ejs');
  app.set('views', viewsDir);
  app.set('view cache', config.env === 'production');
  app.locals.h = helpers;
  app.locals.siteName = '计划生育服务管理平台';

  app.use(securityHeaders());
  // Which instance answered (several behind a proxy); only when INSTANCE_NAME is set.
  if (config.instanceName) {
    const name = config.instanceName;
    app.use((_req, res, next) => {
      res.set('X-Instance', name);
      next();
    });
  }
  app.use('/assets', express.static(path.join(viewsDir, 'assets'), { index: false, maxAge: config.env === 'production' ? '1d' : 0 }));
  // Browsers ask for /favicon.ico on their own, in parallel with the page. Answered here, before the session: as a
  // signed-in 404 page it used to take (and show) the flash message meant for the page after a form's redirect.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/assets/favicon.svg'));

  /** GET /healthz — 200 when the database answers, 503 otherwise (load balancers and the fault tests use it). */
  app.get('/healthz', async (_req, res) => {
    const ok = await ping(db);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'unavailable', db: ok ? 'ok' : 'down' });
  });

  app.use(requestLog(logger));

  const passport = createPassport(db, deps.hasher, deps.now);
  // Each feature's manifest; the panels and sections they contribute go to the home and card pages.
  const homePanels: HomePanelProvider[] = [];
  const cardSections: CardSectionProvider[] = [];
  const mounted = features.map((feature) => feature({ ...deps, passport, pages: { homePanels, cardSections } }));
  homePanels.push(...mounted.flatMap((m) => m.homePanels ?? []));
  cardSections.push(...mounted.flatMap((m) => m.cardSections ?? []));
  // The JSON API authenticates each call by its bearer token: before the session, the form parser and CSRF.
  for (const m of mounted) if (m.apiRouter) app.use(m.apiRouter);

  app.use(express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 20000 }));
  const csrf = createCsrf();
  app.use(sessionMiddleware(config, deps.sessionStore, deps.sessionSecret, (err, req) => logger.warn({ path: req.path, err }, 'session not saved after the response')));
  app.use(saveSessionBeforeRedirect);
  app.use(sessionTimeouts(config, deps.now));
  app.use(passport.initialize());
  app.use(passport.session());
  const nav: NavItem[] = mounted.flatMap((m) => m.nav ?? []);
  // View locals before the CSRF check, so even the 403 page renders with the header and navigation.
  app.use(viewLocals(csrf.generateToken, nav));
  app.use(csrf.sameOrigin);
  app.use(csrf.protect);
  for (const m of mounted) app.use(m.router);

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
