/**
 * Two portal processes on one database behind Debian's nginx (round-robin): a session signed in through the proxy
 * works on whichever instance answers, a CSRF token one instance issued is accepted by the other, the sign-in limit
 * and the account lockout count attempts on both, signing out on one ends the session on the other,
 * and the nightly jobs both schedulers start 10 s after their process ran once (one job_runs row, one attempt each).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_FAILED_MESSAGE, LOGIN_LOCKED_MESSAGE } from '../../src/domain/passwords.ts';
import { nightlyJobs } from '../../src/jobs/index.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../helpers/fixtures.ts';
import { must } from '../helpers/must.ts';
import { Browser, NGINX, NGINX_MISSING_REASON, startInstance, startNginx, type Proc } from '../helpers/instances.ts';

const hasNginx = fs.existsSync(NGINX);
const LIMIT = 15;

describe.skipIf(!hasNginx)(`two instances behind nginx${hasNginx ? '' : `（跳过：${NGINX_MISSING_REASON}）`}`, () => {
  const t = useTestDatabase();
  let w: World;
  let a: Proc;
  let b: Proc;
  let proxy: Proc;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    // One after the other, as a rolling start would: both migrate (nothing to do) and load reference data.
    a = await startInstance(t.url, 'A', { LOGIN_RATE_LIMIT: String(LIMIT) });
    b = await startInstance(t.url, 'B', { LOGIN_RATE_LIMIT: String(LIMIT) });
    proxy = await startNginx([a.port, b.port]);
  }, 180_000);

  afterAll(async () => {
    await proxy?.stop();
    await a?.stop();
    await b?.stop();
  });

  const user = async (role: 'clerk' | 'supervisor' = 'clerk') => makeUser(t.db, { role, regionId: role === 'clerk' ? w.townshipA.id : w.county.id });

  it('a session signed in through the proxy works on whichever instance answers', async () => {
    const u = await user();
    const br = new Browser();
    const login = await br.login(proxy.base, u.username, u.password);
    expect(login.status, login.text.slice(0, 300)).toBe(303);
    const seen = new Set<string>([login.instance]);
    for (let i = 0; i < 6; i++) {
      const page = await br.get(`${proxy.base}/women`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(u.display_name);
      seen.add(page.instance);
    }
    expect([...seen].sort()).toEqual(['A', 'B']);
  });

  it('a CSRF token issued by one instance is accepted by the other; a wrong one is refused', async () => {
    const u = await user();
    const br = new Browser();
    expect((await br.login(a.base, u.username, u.password)).status).toBe(303);
    const form = await br.get(`${a.base}/account/password`);
    expect(form.instance).toBe('A');
    const tokenFromA = br.token;
    // Accepted on B: the form is checked (wrong current password → 422 with its message), not refused as forged.
    const onB = await br.post(`${b.base}/account/password`, { _csrf: tokenFromA, current_password: 'not-my-password-1', new_password: 'Another-Horse-77', confirm_password: 'Another-Horse-77' });
    expect(onB.instance).toBe('B');
    expect(onB.status, onB.text.slice(0, 300)).toBe(422);
    const forged = await br.post(`${b.base}/account/password`, { _csrf: `${tokenFromA}x`, current_password: u.password, new_password: 'Another-Horse-77', confirm_password: 'Another-Horse-77' });
    expect(forged.status).toBe(403);
  });

  it('the sign-in limit counts attempts on both instances (one client address)', async () => {
    // Fixed one-minute windows: a burst that happens to straddle a window's end starts counting again, so try twice.
    const burst = async (address: string) => {
      const br = new Browser(address);
      await br.get(`${proxy.base}/login`);
      const answers: { status: number; instance: string; remaining: number | undefined }[] = [];
      for (let i = 0; i <= LIMIT; i++) {
        const res = await br.post(`${proxy.base}/login`, { username: 'nobody-here', password: 'wrong-password-1', next: '/' });
        const m = /r=(\d+)/.exec(String(res.headers.ratelimit ?? ''));
        answers.push({ status: res.status, instance: res.instance, remaining: m ? Number(m[1]) : undefined });
      }
      return answers;
    };
    let answers = await burst('127.0.0.2');
    if (answers[LIMIT]!.status !== 429) answers = await burst('127.0.0.3');
    expect(new Set(answers.map((x) => x.instance))).toEqual(new Set(['A', 'B']));
    expect(answers.slice(0, LIMIT).map((x) => x.status)).toEqual(Array(LIMIT).fill(401));
    expect(answers[LIMIT]!.status).toBe(429);
    expect(answers[LIMIT]!.instance).not.toBe('');
    // The count the two share: remaining goes down by one whichever instance answered.
    expect(answers.slice(0, LIMIT).map((x) => x.remaining)).toEqual(Array.from({ length: LIMIT }, (_, i) => LIMIT - 1 - i));
  });

  it('failures on A and on B lock the account on both', async () => {
    const u = await user();
    const wrong = async (base: string) => new Browser().login(base, u.username, 'wrong-password-1');
    for (const base of [a.base, b.base, a.base, b.base]) {
      const res = await wrong(base);
      expect(res.status).toBe(401);
      expect(res.text).toContain(LOGIN_FAILED_MESSAGE);
    }
    const fifth = await wrong(a.base);
    expect(fifth.text).toContain(LOGIN_LOCKED_MESSAGE);
    for (const base of [b.base, a.base]) {
      const right = await new Browser().login(base, u.username, u.password);
      expect(right.status).toBe(401);
      expect(right.text).toContain(LOGIN_LOCKED_MESSAGE);
    }
    const row = must(await t.db('users').where({ username: u.username }).first());
    expect(row.failed_logins).toBe(5);
    expect(row.locked_until).not.toBeNull();
  });

  it('signing out on one instance ends the session on the other', async () => {
    const u = await user('supervisor');
    const br = new Browser();
    expect((await br.login(b.base, u.username, u.password)).status).toBe(303);
    const onA = await br.get(`${a.base}/women`);
    expect(onA.status).toBe(200);
    expect(onA.instance).toBe('A');
    const cookie = br.cookie;
    const out = await br.post(`${b.base}/logout`, {});
    expect(out.status).toBe(303);
    // Even the old cookie (a copy kept by another tab or a thief) no longer signs in anywhere.
    br.cookie = cookie;
    for (const base of [a.base, b.base]) {
      const page = await br.get(`${base}/women`);
      expect(page.status).toBe(303);
      expect(page.headers.location).toMatch(/^\/login/);
    }
  });

  it('the nightly jobs both processes start ran once: one job_runs row and one attempt per job', async () => {
    const names = nightlyJobs.map((j) => j.name).sort();
    const done = async () => t.db('job_runs').whereIn('name', names).select('name', 'day', 'status', 'attempts', 'instance');
    for (let waited = 0; (await done()).filter((r) => r.status === 'done').length < names.length; waited += 500) {
      if (waited > 60_000) throw new Error(`nightly jobs not done: ${JSON.stringify(await done())}\n${a.output()}\n${b.output()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const rows = await done();
    expect(rows.map((r) => r.name).sort()).toEqual(names);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1 && ['A', 'B'].includes(r.instance))).toBe(true);
  });
});
