/**
 * API tokens above the county (issue 19): a city admin creates a read token for her own city (only her own region,
 * only read), and one token reads the city's roll-up — /api/v1/figures with the counties as rows, the same figures
 * as the city report page; a county inside the city reads too; another city, another city's county and the
 * county-only exchange packages are 404. A county admin still gives only her county and its townships, and the
 * lists show each admin the tokens of her region.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { addCityRecords, seedCityWorld, type CityWorld } from '../../helpers/city-fixtures.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { apiGet } from './helpers.ts';

const MONTH = '2026-03';

describe('API tokens for a city', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: CityWorld;
  let cityAdmin: Client;
  let countyAdmin: Client;
  let citySup: Client;

  const login = async (role: 'admin' | 'supervisor', regionId: number) => {
    const u = await makeUser(t.db, { role, regionId });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return c;
  };
  const create = (c: Client, regionId: number, access: 'read' | 'write', name: string) =>
    c.post('/admin/api-clients', { name, purpose: '省平台读取市汇总', region_id: String(regionId), access, rate_limit_per_minute: '600', reason: '省里要求' });

  beforeAll(async () => {
    w = await seedCityWorld(t.db);
    await addCityRecords(t.db, w);
    app = buildTestApp(t.db, t.url);
    cityAdmin = await login('admin', w.city.id);
    countyAdmin = await login('admin', w.countyA.id);
    citySup = await login('supervisor', w.city.id);
  });
  afterAll(() => app.close());

  it('lets the city admin create a read token for her own city only', async () => {
    const form = await cityAdmin.get('/admin/api-clients/new');
    expect(form.status).toBe(200);
    const page = $(form.text);
    expect(
      page('select[name=region_id] option[value!=""]')
        .map((_i, o) => page(o).text())
        .get(),
    ).toEqual(['示例市（9901）']);
    const county = await create(cityAdmin, w.countyA.id, 'read', '越级');
    expect(county.status).toBe(422);
    expect(county.text).toContain('请选择本级区划');
    const write = await create(cityAdmin, w.city.id, 'write', '写入');
    expect(write.status).toBe(422);
    expect(write.text).toContain('只能创建只读令牌');
    expect(await t.db('api_clients').whereIn('name', ['越级', '写入'])).toHaveLength(0);
  });

  it('one city token reads the city roll-up (counties as rows), as the city report page shows it, and nothing outside', async () => {
    const res = await create(cityAdmin, w.city.id, 'read', '省统计平台');
    expect(res.status).toBe(201);
    const token = $(res.text)('#api-token').val() as string;

    const figures = await apiGet(app.app, `/api/v1/figures?month=${MONTH}`, token);
    expect(figures.status, figures.text).toBe(200);
    const body = figures.body as { region: { code: string; level: string }; rows: { region: { code: string } }[]; total: { figures: { births: number } } };
    expect(body.region).toMatchObject({ code: '9901', level: 'city' });
    expect(body.rows.map((r) => r.region.code)).toEqual(['990100', '990101']);
    expect(body.total.figures.births).toBe(2 + 1 + 1 + 3);
    const fromPage = await citySup.get(`/reports/monthly?region=9901&month=${MONTH}&format=json`);
    const { labels: _labels, ...apiFigures } = figures.body as { labels: unknown };
    expect(apiFigures).toEqual(fromPage.body);

    expect((await apiGet(app.app, `/api/v1/figures?region=990101&month=${MONTH}`, token)).status).toBe(200);
    expect((await apiGet(app.app, `/api/v1/tables/monthly?month=${MONTH}`, token)).status).toBe(200);
    expect((await apiGet(app.app, `/api/v1/month-close?month=${MONTH}`, token)).status).toBe(200);
    for (const outside of [
      `/api/v1/figures?region=9902&month=${MONTH}`,
      `/api/v1/figures?region=990201&month=${MONTH}`,
      `/api/v1/figures?region=99&month=${MONTH}`,
      '/api/v1/exchange/packages?partner=990300',
    ]) {
      const r = await apiGet(app.app, outside, token);
      expect(r.status, outside).toBe(404);
    }
  });

  it('keeps the county admin to her county, and shows each admin the tokens of her region', async () => {
    const up = await create(countyAdmin, w.city.id, 'read', '县越级');
    expect(up.status).toBe(422);
    expect(up.text).toContain('请选择本县或其下的乡镇');
    expect((await create(countyAdmin, w.townshipA.id, 'read', '县里的令牌')).status).toBe(201);
    expect((await create(cityAdmin, w.city.id, 'read', '市里的令牌')).status).toBe(201);
    const names = async (c: Client) => {
      const page = $((await c.get('/admin/api-clients')).text);
      return page('table.data tbody tr').text();
    };
    const county = await names(countyAdmin);
    expect([county.includes('县里的令牌'), county.includes('市里的令牌')]).toEqual([true, false]);
    expect((await names(cityAdmin)).includes('市里的令牌')).toBe(true);
    expect((await countyAdmin.get('/admin/api-clients')).status).toBe(200);
  });
});
