/**
 * Every route of the app, enumerated from the Express router stack:
 *  - every non-GET route refuses a request without a valid CSRF token (403) and nothing in the database
 *    changes — while the same request with the page's token gets past the check;
 *  - every route except /login, /healthz, /favicon.ico and the API's docs (and the static /assets) sends an anonymous visitor to sign in,
 *    changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseSummary } from '../../../src/features/backup/service.ts';
import { CsrfError } from '../../../src/http/csrf.ts';
import { seedCast, type ActorKey, type Cast } from '../../helpers/actors.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser } from '../../helpers/fixtures.ts';
import { Client } from '../../helpers/http.ts';
import { concretePath, listRoutes, type RouteEntry } from '../../helpers/routes.ts';
import { seedScenario } from '../../helpers/scenario.ts';
import { actorFor, paramsFor, sampleBody } from './samples.ts';

const PUBLIC = new Set(['GET /login', 'POST /login', 'GET /healthz', 'GET /favicon.ico', 'GET /api/openapi.json', 'GET /api/docs']);
/** The JSON API: a bearer token, never a session or a CSRF token, authorises a call (test/http/api tests it). */
const BEARER = (r: RouteEntry) => r.path.startsWith('/api/v1/');
/** Routes for a city or province supervisor, whom this cast (one county) does not have: test/http/levels tests them signed in. */
const ABOVE_THE_CAST = new Set(['/reports/county-months/accept', '/reports/county-months/return']);

describe('every route: CSRF on state changes, sign-in everywhere', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let cast: Cast;
  let routes: RouteEntry[];
  let records: Record<string, number>;
  const csrfMessage = new CsrfError().message;

  beforeAll(async () => {
    cast = await seedCast(t.db);
    // Real records of every feature, so each route's :params name something its actor may act on.
    records = (await seedScenario(t.db, cast)).records;
    records.targetUser = (await makeUser(t.db, { role: 'clerk', regionId: cast.world.townshipB.id })).id;
    app = buildTestApp(t.db, t.url);
    routes = listRoutes(app.app);
  });
  afterAll(() => app.close());

  // Each sweep sends several requests to every route, and the router grows with every feature: its time is a
  // multiple of the route count, not a fixed budget (a timed-out sweep would also run on into the next test).
  const ROUTE_SWEEP_TIMEOUT = 180_000;

  it('finds the routes in the router (a sanity floor, not a list)', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toContain('POST /admin/regions');
    expect(keys).toContain('GET /audit');
    expect(routes.length).toBeGreaterThanOrEqual(20);
  });

  it(
    'refuses every non-GET route without a valid token (missing, wrong, or another session’s) and changes nothing',
    async () => {
      const admin = new Client(app.app);
      await admin.login(cast.users.admin.username, cast.users.admin.password);
      const other = new Client(app.app);
      const foreignToken = await other.refreshToken('/login');
      const unsafe = routes.filter((r) => r.method !== 'GET' && !BEARER(r));
      expect(unsafe.length).toBeGreaterThan(10);
      const before = await databaseSummary(t.db);
      let refused = 0;
      for (const [i, r] of unsafe.entries()) {
        const path = concretePath(r.path, paramsFor(r.path, cast, records));
        for (const token of [null, 'not-a-token', foreignToken]) {
          const res = await admin.post(path, sampleBody(cast, i), { token });
          expect(res.status, `${r.method} ${path} with token ${token}`).toBe(403);
          // Refused by the CSRF check itself (it runs before any permission check).
          expect(res.text, `${r.method} ${path}: the CSRF refusal`).toContain(csrfMessage);
          refused += 1;
        }
      }
      expect(await databaseSummary(t.db)).toEqual(before);
      expect((await admin.get('/')).status, 'the refused POST /logout did not sign the admin out').toBe(200);
      console.info(`[security] CSRF: ${refused} forged requests over ${unsafe.length} state-changing routes, 0 accepted, database unchanged`);

      // Control: the same requests with the page's own token, each sent by a user the route is for, get past the
      // CSRF check and the permission check (whatever the form then says about the sample values).
      const users = new Map<ActorKey, Client>([['admin', admin]]);
      const statuses: Record<number, number> = {};
      for (const [i, r] of unsafe.entries()) {
        if (r.path === '/logout' || ABOVE_THE_CAST.has(r.path)) continue;
        const path = concretePath(r.path, paramsFor(r.path, cast, records));
        const who = actorFor(r.path);
        if (!users.has(who)) {
          const c = new Client(app.app);
          await c.login(cast.users[who].username, cast.users[who].password);
          users.set(who, c);
        }
        const c = users.get(who)!;
        await c.refreshToken('/');
        const res = await c.post(path, sampleBody(cast, i));
        expect(res.status, `${r.method} ${path} as ${who} with a valid token`).not.toBe(403);
        expect(res.status, `${r.method} ${path} as ${who}: no server error`).toBeLessThan(500);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      }
      const controlled = Object.values(statuses).reduce((a, b) => a + b, 0);
      console.info(`[security] CSRF control: ${controlled} of the same requests with a valid token, each by a user the route is for: ${JSON.stringify(statuses)}`);
      // Over a hundred state-changing routes, three forgeries and one control each: more than the default 30 s when the machine is shared.
    },
    ROUTE_SWEEP_TIMEOUT,
  );

  it(
    'sends an anonymous visitor to sign in on every route but the public ones, changing nothing',
    async () => {
      const anon = new Client(app.app);
      const before = await databaseSummary(t.db);
      let checked = 0;
      for (const [i, r] of routes.entries()) {
        const key = `${r.method} ${r.path}`;
        if (PUBLIC.has(key) || BEARER(r)) continue;
        const path = concretePath(r.path, paramsFor(r.path, cast, records));
        // A fresh token each time (POST /logout ends the anonymous session too): only sign-in may stop these.
        const res = r.method === 'GET' ? await anon.get(path) : await anon.post(path, sampleBody(cast, i), { token: await anon.refreshToken('/login') });
        expect(res.status, key).toBe(303);
        expect(res.headers.location, key).toMatch(/^\/login(\?|$)/);
        checked += 1;
      }
      expect(await databaseSummary(t.db)).toEqual(before);
      console.info(`[security] sign-in required: ${checked} routes checked anonymously, 0 served`);
      // The public ones really are public.
      expect((await anon.get('/login')).status).toBe(200);
      expect((await anon.get('/healthz')).status).toBe(200);
      expect((await anon.get('/assets/app.css')).status).toBe(200);
      expect((await anon.get('/favicon.ico')).headers.location).toBe('/assets/favicon.svg');
    },
    ROUTE_SWEEP_TIMEOUT,
  );
});
