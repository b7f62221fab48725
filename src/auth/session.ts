/**
 * Sessions in PostgreSQL (connect-pg-simple; the table comes from a migration). Cookies are httpOnly, SameSite=Lax
 * and Secure behind TLS. Idle (30 min) and absolute (12 h) limits are checked on the server against the app's
 * clock, so they hold even if a browser keeps an old cookie, and tests can move the clock.
 */
import connectPgSimple from 'connect-pg-simple';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type pg from 'pg';
import type { Config } from '../config.ts';

export const SESSION_COOKIE = 'fp.sid';
const LAST_SEEN_STEP_MS = 60_000;
const SESSION_READ = 'select sess from "session" where sid = $1 and expire >= to_timestamp($2)';

export function createSessionStore(pool: pg.Pool, prune: boolean): session.Store {
  const PgStore = connectPgSimple(session);
  /**
   * A signed-in session's row is inserted once (at sign-in); later saves only update it. Ending a user's sessions
   * deletes their rows, and a request of hers still in flight must not write the row back with the old principal.
   */
  class SignedInStore extends PgStore {
    /**
     * The read every signed-in request makes, as connect-pg-simple makes it (a row not yet expired by this
     * process's clock) but as a named statement: PostgreSQL parses and plans it once per connection, not per request.
     */
    override get(sid: string, fn: (err: unknown, sess?: session.SessionData | null) => void) {
      // The callback runs the rest of the request: outside the promise, so nothing it throws is taken for a failed read.
      pool.query<{ sess: session.SessionData | string }>({ name: 'fp-session-read', text: SESSION_READ, values: [sid, Math.ceil(Date.now() / 1000)] }).then(
        ({ rows }) => {
          const sess = rows[0]?.sess;
          if (typeof sess !== 'string') return process.nextTick(fn, null, sess ?? null);
          let parsed: session.SessionData;
          try {
            parsed = JSON.parse(sess) as session.SessionData;
          } catch {
            return this.destroy(sid, (err) => fn(err));
          }
          process.nextTick(fn, null, parsed);
        },
        (err: unknown) => process.nextTick(fn, err),
      );
    }

    override set(sid: string, sess: session.SessionData, fn?: (err?: unknown) => void) {
      if (!sess.principal || !sess.principalStored) {
        if (sess.principal) sess.principalStored = true;
        return super.set(sid, sess, fn);
      }
      const expires = sess.cookie.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + 86_400_000);
      pool.query('update "session" set sess = $1, expire = $2 where sid = $3', [sess, expires, sid]).then(
        () => fn?.(),
        (err: unknown) => fn?.(err),
      );
    }
  }
  const store = new SignedInStore({
    pool,
    tableName: 'session',
    createTableIfMissing: false,
    pruneSessionInterval: prune ? 15 * 60 : false,
    // The row's expiry moves when the session is saved (lastSeen, below), not with a write on every request.
    disableTouch: true,
  });
  // Nor with a touch at all: a store without one spares express-session a check of the whole session (a JSON
  // serialisation and a hash) at the end of every unchanged request. The touch also started the prune timer on
  // the first request; pruning now starts with the store.
  Object.defineProperty(store, 'touch', { value: undefined });
  if (prune) store.pruneSessions();
  return store;
}

/**
 * `onLateError` hears of a session that could not be saved after its response went out. express-session reports
 * that by calling next(err) once more, when the router has already passed the error handler: the error would
 * reach Express's final handler, which destroys the socket — and on a keep-alive connection that socket may
 * already carry the client's next request, which then dies unanswered (seen when the database went away).
 */
export function sessionMiddleware(config: Config, store: session.Store, secret: string, onLateError?: (err: unknown, req: Request) => void): RequestHandler {
  const middleware = sessionOptions(config, store, secret);
  return (req, res, next) =>
    middleware(req, res, (err?: unknown) => {
      if (err && res.headersSent) return onLateError?.(err, req);
      next(err as Error);
    });
}

function sessionOptions(config: Config, store: session.Store, secret: string): RequestHandler {
  return session({
    store,
    secret,
    name: SESSION_COOKIE,
    resave: false,
    saveUninitialized: false,
    // The cookie is sent again (with a new expiry) only with a changed session — at the latest when lastSeen moves,
    // once a minute of use — so it lives as long as the server's idle limit, and an unchanged page costs no
    // signature and no Set-Cookie (issue 19 §4). The limits themselves are the server's (sessionTimeouts).
    rolling: false,
    proxy: config.trustProxy,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.cookieSecure,
      maxAge: config.sessionIdleMs,
    },
  });
}

/**
 * Ends a signed-in session that has been idle too long or has lived past the absolute limit. Runs before
 * passport reads the session, so an expired session is simply anonymous from here on.
 */
export function sessionTimeouts(config: Config, now: () => Date) {
  return (req: Request, res: Response, next: NextFunction) => {
    const s = req.session;
    if (!s?.passport?.user) return next();
    const t = now().getTime();
    const idle = s.lastSeen !== undefined && t - s.lastSeen > config.sessionIdleMs;
    const tooOld = s.signedInAt !== undefined && t - s.signedInAt > config.sessionAbsoluteMs;
    if (idle || tooOld) {
      return s.regenerate((err) => {
        if (err) return next(err);
        req.session.flash = [{ type: 'info', text: '登录已超时，请重新登录。' }];
        next();
      });
    }
    // Recorded at most once a minute: a session write on every request cost a database round trip each (bench).
    if (s.lastSeen === undefined || t - s.lastSeen >= LAST_SEEN_STEP_MS) s.lastSeen = t;
    next();
  };
}

/**
 * A redirect waits for the session to be saved. express-session saves at the end of the response but sends the
 * headers (and all but the last byte of the body) first, so a browser follows a 303 before the save has
 * committed; under load its next request read the session without what the form had just put there (the
 * "已保存" flash message was lost now and then). Saving first makes the redirect carry a committed session.
 */
export function saveSessionBeforeRedirect(req: Request, res: Response, next: NextFunction) {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = function redirectAfterSave(this: Response, ...args: unknown[]) {
    // A session holding nothing (an anonymous visitor sent to sign in) is not written: no row per passer-by.
    if (!req.session || Object.keys(req.session).every((k) => k === 'cookie')) return redirect(...args);
    req.session.save((err) => (err ? next(err) : redirect(...args)));
  } as Response['redirect'];
  next();
}
