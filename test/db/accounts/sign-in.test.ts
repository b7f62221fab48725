/**
 * The lockout under a burst: every attempt takes its place in the count before its password is checked, so
 * parallel guesses cannot slip past the 5-failure lock (before: 30 parallel wrong passwords made 27 checks, and
 * 29 wrong plus the right one signed in and wiped the count). And what a failed sign-in leaves behind: never the
 * text typed into the username field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loginKey, signIn } from '../../../src/features/accounts/service.ts';
import type { PasswordHasher } from '../../../src/features/accounts/service.ts';
import { testHasher } from '../../helpers/app.ts';
import { TEST_NOW } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';

/** The real hasher, counting the password checks it is asked for. */
function countingHasher(): PasswordHasher & { checks: () => number } {
  let n = 0;
  return {
    hash: testHasher.hash,
    verify: async (h, p) => {
      n += 1;
      return testHasher.verify(h, p);
    },
    verifyDummy: async (p) => {
      n += 1;
      return testHasher.verifyDummy(p);
    },
    checks: () => n,
  };
}

describe('sign-in lockout under parallel attempts', () => {
  const t = useTestDatabase();
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(t.db);
  });

  it('30 parallel wrong passwords make 5 password checks; the rest are refused by the lock', async () => {
    const u = await makeUser(t.db, { username: 'burst_one', role: 'clerk', regionId: w.townshipA.id });
    const hasher = countingHasher();
    const results = await Promise.all(Array.from({ length: 30 }, (_x, i) => signIn(t.db, hasher, { username: u.username, password: `wrong-${i}`, now: TEST_NOW })));
    console.info(`[security] lockout burst: 30 parallel wrong passwords → ${hasher.checks()} password checks, ${30 - hasher.checks()} refused by the lock without a check`);
    expect(hasher.checks()).toBe(5);
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(must(await t.db('users').where({ id: u.id }).first('locked_until'), 'user').locked_until).not.toBeNull();
  });

  it('the right password inside a burst of wrong ones is checked only if it is among the first five, and never lifts the lock for the rest', async () => {
    for (let round = 0; round < 3; round++) {
      const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
      const hasher = countingHasher();
      const attempts = Array.from({ length: 30 }, (_x, i) => (i === 29 - round * 10 ? u.password : `wrong-${i}`));
      const results = await Promise.all(attempts.map((password) => signIn(t.db, hasher, { username: u.username, password, now: TEST_NOW })));
      const signedIn = results.filter((r) => r.ok).length;
      // At most five admitted before the lock; a success clears only the failures counted before it, so at most
      // four more wrong guesses can follow it before the lock holds again.
      expect(hasher.checks()).toBeLessThanOrEqual(signedIn ? 9 : 5);
      expect(signedIn).toBeLessThanOrEqual(1);
    }
  });

  it('a failed sign-in keeps no trace of what was typed as the username', async () => {
    await makeUser(t.db, { username: 'known_user', role: 'clerk', regionId: w.townshipA.id });
    const typed = 'My-Secret-Passw0rd!';
    await signIn(t.db, testHasher, { username: typed, password: 'whatever', ip: '10.0.0.9', now: TEST_NOW });
    await signIn(t.db, testHasher, { username: 'known_user', password: 'wrong-one', ip: '10.0.0.9', now: TEST_NOW });
    const audit = await t.db('audit_log').whereIn('action', ['login.failed', 'login.locked']).select('username', 'before', 'after');
    expect(JSON.stringify(audit).toLowerCase()).not.toContain(typed.toLowerCase());
    expect(audit.map((a) => a.username)).toEqual(expect.arrayContaining(['known_user', expect.stringMatching(/^未知用户名#[0-9a-f]{8}$/)]));
    const failures = await t.db('login_failures').select('username_key');
    expect(JSON.stringify(failures).toLowerCase()).not.toContain(typed.toLowerCase());
    expect(failures.map((f) => f.username_key)).toEqual(expect.arrayContaining([loginKey(typed), loginKey('known_user')]));
  });
});
