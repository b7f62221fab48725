/**
 * The city and province actors over every GET route of the app (issue 19 §1): never a 5xx, and a 200 only on the
 * pages a roll-up reader may open — home, her password, the reports, the 考核 pages and the county months (and the
 * region and account admin for the admin). Every card, service, subsidy, import and people-list page answers 403
 * (or 404), with `:params` naming a real card of the city.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { addCityRecords, seedCityWorld } from '../../helpers/city-fixtures.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser } from '../../helpers/fixtures.ts';
import { Client } from '../../helpers/http.ts';
import { concretePath, listRoutes } from '../../helpers/routes.ts';

/** Aggregates only: the reports, the entered population figures, the validation rules' findings, the rules in force. */
const READER_PAGES = [
  /^\/$/,
  /^\/account\/password$/,
  /^\/reports\/(monthly|summary|table1|table2|complications|county-months|validation|long-acting-rules)$/,
  /^\/population$/,
  // The figure store check: per-village differences of counts, in her own region.
  /^\/admin\/figure-check$/,
  /^\/targets(\/|$)/,
  /^\/healthz$/,
  /^\/login$/,
  // The API's description is public (no person in it).
  /^\/api\/(openapi\.json|docs)$/,
];
/** The admin's own: regions (and their import, scoped to her region), accounts and her region's read-only API tokens. */
const ADMIN_PAGES = [/^\/admin\/regions$/, /^\/admin\/users(\/new|\/\d+)?$/, /^\/imports$/, /^\/admin\/api-clients(\/new|\/\d+)?$/];

describe('the city and province actors over every GET route', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let clients: Record<string, Client>;
  let womanId = 1;

  beforeAll(async () => {
    const w = await seedCityWorld(t.db);
    await addCityRecords(t.db, w);
    womanId = (await t.db('women').orderBy('id').first('id'))!.id;
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-04-10T03:00:00Z'));
    clients = {};
    for (const [key, role, region] of [
      ['citySup', 'supervisor', w.city.id],
      ['cityAdmin', 'admin', w.city.id],
      ['provinceSup', 'supervisor', w.province.id],
    ] as const) {
      const u = await makeUser(t.db, { role, regionId: region });
      clients[key] = new Client(app.app);
      await clients[key].login(u.username, u.password);
    }
  });
  afterAll(() => app.close());

  it('answers every GET route without a 5xx, and 200 only on roll-up pages (and admin pages for the admin)', async () => {
    const routes = listRoutes(app.app).filter((r) => r.method === 'GET' && r.path !== '/logout');
    expect(routes.length).toBeGreaterThan(50);
    const leaks: string[] = [];
    const seen = new Set<number>();
    for (const [key, client] of Object.entries(clients)) {
      for (const r of routes) {
        const path = concretePath(r.path, Object.fromEntries([...r.path.matchAll(/:(\w+)/g)].map((m) => [m[1], womanId])));
        const res = await client.get(path);
        seen.add(res.status);
        expect(res.status, `${key} GET ${path}`).toBeLessThan(500);
        const allowed = [...READER_PAGES, ...(key === 'cityAdmin' ? ADMIN_PAGES : [])].some((re) => re.test(path.split('?')[0]));
        if (res.status === 200 && !allowed) leaks.push(`${key} GET ${path}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(seen.has(200) && seen.has(403)).toBe(true);
  }, 240_000);
});
