/**
 * passport-local wired to the accounts service. One Passport instance per app (tests build many apps in one
 * process). Only the user id is kept in the session; the user is reloaded on each request.
 */
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
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser(async (id: number, done) => {
    try {
      const row = await loadActiveUser(db, Number(id));
      done(null, row ? principalOf(row) : false);
    } catch (err) {
      done(err);
    }
  });
  return passport;
}
