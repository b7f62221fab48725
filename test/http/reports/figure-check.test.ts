/**
 * 指标库核对 page (/admin/figure-check): the county supervisor and admin see the nightly comparison of the figure
 * store with the live source SQL; differences show a Chinese message and the list, 50 a page; township staff get 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFigureStore } from '../../../src/features/reports/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_NOW } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';

const PAGE = '/admin/figure-check';

describe('figure check page', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  const login = async (role: 'clerk' | 'supervisor' | 'admin', regionId: number) => {
    const u = await makeUser(t.db, { role, regionId });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return c;
  };

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
  });
  afterAll(async () => {
    await app.close();
  });

  it('says when nothing was checked yet, then that the store agrees', async () => {
    const county = await login('supervisor', w.county.id);
    expect($((await county.get(PAGE)).text)('.figure-check-status').text()).toContain('尚未核对');
    await checkFigureStore(t.db, TEST_NOW);
    const page = $((await county.get(PAGE)).text);
    expect(page('.figure-check-ok').text()).toContain('完全一致');
    expect(page('.figure-check-runs tbody tr')).toHaveLength(1);
  });

  it('lists the differences of a corrupted store, 50 a page, with page 2 the last page', async () => {
    const admin = await login('admin', w.county.id);
    // 60 stored counts the records do not back: one per month, from 2020-01.
    const rows = Array.from({ length: 60 }, (_v, i) => ({ village_id: w.villageA1.id, day: `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-15`, key: 'births', n: 3 }));
    // The daily counts only (their month sums untouched, as a fault in one table would leave them): triggers off.
    await t.db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await trx('figure_counts').insert(rows);
    });
    await checkFigureStore(t.db, TEST_NOW);
    const first = $((await admin.get(PAGE)).text);
    expect(first('.figure-check-differs').text()).toContain('有 60 项不一致');
    expect(first('.figure-check-differs').text()).toContain('figures:rebuild');
    expect(first('.figure-check-differences tbody tr')).toHaveLength(50);
    const cells = first('.figure-check-differences tbody tr').first().find('td');
    expect(cells.map((_i, c) => first(c).text().trim()).get()).toEqual([w.villageA1.code, '2020-01', '出生', '3', '0']);
    const second = $((await admin.get(`${PAGE}?page=2`)).text);
    expect(second('.figure-check-differences tbody tr')).toHaveLength(10);
    expect(second('.figure-check-differences tbody tr').last().find('td').eq(1).text()).toBe('2024-12');
    expect(second('nav.pagination').text()).toContain('第 2 / 2 页');
    await t.db.transaction(async (trx) => {
      await trx.raw('set local session_replication_role = replica');
      await trx('figure_counts').where({ village_id: w.villageA1.id, key: 'births' }).where('day', '<', '2025-01-01').delete();
    });
  });

  it('is closed to township staff', async () => {
    const clerk = await login('clerk', w.townshipA.id);
    expect((await clerk.get(PAGE)).status).toBe(403);
  });
});
