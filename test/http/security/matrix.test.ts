/**
 * Runs ROLE_MATRIX (test/http/security/role-matrix.ts): every row × every actor, each cell's status as the
 * table says; a refused POST changes nothing in the database; `mustNotShow` texts are absent. Reports the
 * matrix size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseSummary } from '../../../src/features/backup/service.ts';
import { ACTORS, seedCast, type Who } from '../../helpers/actors.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { $, Client } from '../../helpers/http.ts';
import { MATRIX_FIXTURES, ROLE_MATRIX, type MatrixFixtures } from './role-matrix.ts';

const WHO: Who[] = [...ACTORS, 'anonymous'];

describe('role and scope matrix', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let f: MatrixFixtures;
  const clients = new Map<Who, Client>();
  let cells = 0;
  const failures: string[] = [];

  beforeAll(async () => {
    const cast = await seedCast(t.db);
    const records: Record<string, number> = {};
    for (const make of MATRIX_FIXTURES) Object.assign(records, await make(t.db, cast));
    f = { ...cast, records, db: t.db };
    app = buildTestApp(t.db, t.url);
    for (const who of WHO) {
      const c = new Client(app.app);
      if (who !== 'anonymous') await c.login(cast.users[who].username, cast.users[who].password);
      clients.set(who, c);
    }
  });
  afterAll(async () => {
    console.info(`[security] role/scope matrix: ${ROLE_MATRIX.length} requests × ${WHO.length} actors = ${cells} cells, ${failures.length} leaks`);
    await app.close();
  });

  for (const row of ROLE_MATRIX) {
    it(row.name, async () => {
      for (const who of WHO) {
        const c = clients.get(who)!;
        await row.prepare?.(f, who);
        const path = await row.path(f);
        // A row that does not name the village worker refuses her: 403 (not her role) or 404 (not her village).
        const named = row.expect[who];
        const before = row.method === 'POST' && (named === undefined || named >= 400) ? await databaseSummary(t.db) : undefined;
        let res;
        if (row.method === 'GET') res = await c.get(path);
        else {
          await c.refreshToken(who === 'anonymous' ? '/login' : '/account/password');
          res = await c.post(path, row.body ? await row.body(f, who, cells) : {});
        }
        cells += 1;
        const label = `${row.name} as ${who}`;
        // A wrong answer names what the page said (the refusal's message), so a failing cell explains itself.
        const expected = named ?? (res.status === 404 ? 404 : 403);
        const said = res.status === expected ? '' : ` — ${$(res.text)('.error-summary, .flash-error, main h1').text().replace(/\s+/g, ' ').trim().slice(0, 200)}`;
        if (res.status !== expected) failures.push(`${label}: ${res.status} (expected ${expected})${said}`);
        expect.soft(res.status, `${label}${said}`).toBe(expected);
        if (expected === 303 && who === 'anonymous') expect(res.headers.location, label).toMatch(/^\/login/);
        if (before) expect(await databaseSummary(t.db), `${label} changed nothing`).toEqual(before);
        for (const text of row.mustShow?.[who]?.(f) ?? []) expect(res.text, `${label} shows ${text}`).toContain(text);
        for (const text of row.mustNotShow?.[who]?.(f) ?? []) {
          if (res.text.includes(text)) failures.push(`${label}: shows ${text}`);
          expect(res.text, `${label} must not show ${text}`).not.toContain(text);
        }
      }
    });
  }
});
