/**
 * 指标库核对 past one county (issue 19): in a city deployment the nightly check stays whole-database, but each reader
 * sees the differences in her own region — a county supervisor her county's villages only (count and list), a city
 * admin her city's (both counties), a county with none of its own sees 一致.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFigureStore } from '../../../src/features/reports/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { seedCityWorld, type CityWorld } from '../../helpers/city-fixtures.ts';
import { TEST_NOW } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';

const PAGE = '/admin/figure-check';

describe('figure check page in a city deployment', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: CityWorld;
  const login = async (role: 'supervisor' | 'admin', regionId: number) => {
    const u = await makeUser(t.db, { role, regionId });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return c;
  };

  beforeAll(async () => {
    w = await seedCityWorld(t.db);
    app = buildTestApp(t.db, t.url);
  });
  afterAll(async () => {
    await app.close();
  });

  it('shows each reader the differences in her own region only; the run itself is whole-database', async () => {
    // Stored counts the records do not back: 3 in 示例县, 2 in 乙县.
    const corrupt = (village: number, months: number[]) => months.map((m) => ({ village_id: village, day: `2025-${String(m).padStart(2, '0')}-15`, key: 'births', n: 1 }));
    // The daily counts only (their month sums untouched, as a fault in one table would leave them): triggers off.
    await t.db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await trx('figure_counts').insert([...corrupt(w.villageA1.id, [1, 2, 3]), ...corrupt(w.villageBB.id, [4, 5])]);
    });
    const run = (await checkFigureStore(t.db, TEST_NOW)).run;
    expect(run.differences).toBe(5);

    const read = async (c: Client) => {
      const page = $((await c.get(PAGE)).text);
      return {
        status: page('.figure-check-status').text(),
        villages: page('.figure-check-differences tbody tr td:first-child')
          .map((_i, td) => page(td).text())
          .get(),
        runs: page('.figure-check-runs tbody td:nth-child(3)')
          .map((_i, td) => page(td).text())
          .get(),
      };
    };
    const a = await read(await login('supervisor', w.countyA.id));
    expect(a.status).toContain('有 3 项不一致');
    expect(a.villages).toEqual([w.villageA1.code, w.villageA1.code, w.villageA1.code]);
    expect(a.runs).toEqual(['3']);
    const b = await read(await login('admin', w.countyB.id));
    expect(b.status).toContain('有 2 项不一致');
    expect(new Set(b.villages)).toEqual(new Set([w.villageBB.code]));
    const c = await read(await login('supervisor', w.countyC.id));
    expect(c.status).toContain('完全一致');
    expect(c.villages).toEqual([]);
    const city = await read(await login('admin', w.city.id));
    expect(city.status).toContain('有 5 项不一致');
    expect(new Set(city.villages)).toEqual(new Set([w.villageA1.code, w.villageBB.code]));
    const other = await read(await login('admin', w.otherCity.id));
    expect(other.status).toContain('完全一致');
  });
});
