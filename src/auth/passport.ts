/**
 * passport-local wired to the accounts service. One Passport instance per app (tests build many apps in one
 * process). The user id is kept where passport keeps it (session rows are found by it) and the principal next to it
 * (`session.principal`): a signed-in request reads the session row and nothing else. A session from before the
 * principal was kept there loads the user once and keeps it.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { loadActiveUser, signIn } from '../features/accounts/service.ts';
import type { PasswordHasher } from '../features/accounts/service.ts';
import { principalOf } from './principal.ts';

export function createPassport(db: Knex, hasher: PasswordHasher, now: () => Date) {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ passReqToCallback: true }, async (req, username, password, done) => {
      try {
        const result = await signIn(db, hasher, { username, password, ip: req.ip, now: now() });
        if (!result.ok) return done(null, false, { message: result.message });
        return done(null, principalOf(result.user));
      } catch (err) {
        return done(err);
      }
    }),
  );
  passport.serializeUser<number, Request>((req: Request, user, done) => {
    // Called by req.login after the session was regenerated: this is the new session.
    req.session.principal = user;
    done(null, user.id);
  });
  passport.deserializeUser<number, Request>(async (req: Request, id, done) => {
    const kept = req.session.principal;
    if (kept && kept.id === Number(id)) return done(null, kept);
    try {
      const row = await loadActiveUser(db, Number(id));
      const principal = row ? principalOf(row) : undefined;
      if (principal) req.session.principal = principal;
      done(null, principal ?? false);
    } catch (err) {
      done(err);
    }
  });
  return passport;
}
