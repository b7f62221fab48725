/**
 * 国人口统1表/2表 for a closed half-year: the figures as the townships submitted them (their accepted monthly
 * snapshots: births summed, 已婚育龄妇女 from the last month) beside the live figures, with the differences;
 * a township with a month not accepted says which and shows no sum.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport, reportJson } from '../../../src/features/reports/service.ts';
import { monthPeriod } from '../../../src/domain/report-periods.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import * as f from '../../helpers/report-fixtures.ts';

const HALF_MONTHS = ['2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];

describe('official tables: submitted vs live for a closed period', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let county: Client;

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    app = buildTestApp(db, t.url);
    app.clock.set(new Date('2026-04-20T03:00:00Z'));
    const A1 = w.villageA1.id;
    const B1 = w.villageB1.id;
    const m1 = await f.addWoman(db, { village: A1, birth_date: '1995-05-10', marriage_date: '2018-06-01' });
    await f.addChild(db, { woman: m1, village: A1, birth_date: '2025-11-03', sex: 'male', order: 1 });
    const m2 = await f.addWoman(db, { village: B1, birth_date: '1990-01-01', marriage_date: '2012-01-01' });
    await f.addChild(db, { woman: m2, village: B1, birth_date: '2026-01-15', sex: 'female', order: 2 });

    // Township A: every month accepted with the snapshot of the records as they were then.
    for (const month of HALF_MONTHS) {
      const snapshot = reportJson(await computeReport(db, w.townshipA, monthPeriod(month)));
      await db('report_periods').insert({
        township_id: w.townshipA.id,
        month: `${month}-01`,
        status: 'accepted',
        snapshot: JSON.stringify(snapshot),
        accepted_at: new Date(`${month}-28T10:00:00+08:00`),
      });
    }
    // Township B: March not accepted.
    for (const month of HALF_MONTHS.slice(0, 5)) {
      const snapshot = reportJson(await computeReport(db, w.townshipB, monthPeriod(month)));
      await db('report_periods').insert({
        township_id: w.townshipB.id,
        month: `${month}-01`,
        status: 'accepted',
        snapshot: JSON.stringify(snapshot),
        accepted_at: new Date(`${month}-28T10:00:00+08:00`),
      });
    }
    // After the close: a December birth entered late in township A, and a new married woman on its register.
    const m3 = await f.addWoman(db, { village: A1, birth_date: '1996-02-02', marriage_date: '2019-01-01', created_on: '2026-04-15' });
    await f.addChild(db, { woman: m3, village: A1, birth_date: '2025-12-10', sex: 'female', order: 1, created_on: '2026-04-15' });

    const cs = await makeUser(db, { role: 'supervisor', regionId: w.county.id });
    county = new Client(app.app);
    await county.login(cs.username, cs.password);
  });
  afterAll(() => app.close());

  it('lists what changed since the months were accepted, and which township has no complete submission', async () => {
    const page = $((await county.get('/reports/table1?region=990100&year=2026&half=1')).text);
    const rows = page('table.submission-diff tbody tr')
      .toArray()
      .map((tr) =>
        page(tr)
          .find('td')
          .toArray()
          .map((td) => page(td).text().trim()),
      );
    // 城关镇 submitted 1 birth (男) and 1 first births; live: 2, 1 male 1 female.
    expect(rows).toContainEqual(['城关镇', '出生', '1', '2', '+1']);
    expect(rows).toContainEqual(['城关镇', '女', '0', '1', '+1']);
    expect(rows).toContainEqual(['城关镇', '一孩', '1', '2', '+1']);
    expect(rows.every((r) => r[0] === '城关镇')).toBe(true);
    expect(page('.submission-missing').text()).toContain('东山镇：2026年3月 月报未审核');
  });

  it('says the submission matches when nothing changed, and stays off the printed form', async () => {
    // 统2表 has no birth columns: 城关镇's accepted months match the live figures.
    const t2 = $((await county.get('/reports/table2?region=990100&year=2026&half=1')).text);
    expect(t2('table.submission-diff')).toHaveLength(0);
    expect(t2('.snapshot-same').text()).toContain('城关镇');
    const township = $((await county.get('/reports/table2?region=990100002&year=2026&half=1')).text);
    expect(township('.submission-missing').text()).toContain('东山镇');
    const print = $((await county.get('/reports/table1?region=990100&year=2026&half=1&print=1')).text);
    expect(print('.period-submissions')).toHaveLength(0);
  });

  it('prints the 城镇 and 农村 lines under the total, in the page, the CSV and the drill-down', async () => {
    const page = $((await county.get('/reports/table1?region=990100&year=2026&half=1')).text);
    const names = page('table.report-table tr[data-region] th[scope=row]')
      .toArray()
      .map((th) => page(th).text().trim());
    expect(names).toEqual(['城关镇', '东山镇', '合计', '其中：城镇', '农村']);
    // Everyone here is agricultural (no hukou rows: rural), so the rural line repeats the region's births.
    const cell = (sel: string, key: string) => page(`${sel} td[data-key=${key}]`).first().text().trim();
    expect(cell('tfoot tr[data-residence=rural]', 'births')).toBe(cell('tfoot tr:not(.residence)', 'births'));
    expect(cell('tfoot tr[data-residence=urban]', 'births')).toBe('0');
    // Entered population is not kept by 户口性质.
    expect(cell('tfoot tr[data-residence=urban]', 'population_end')).toBe('—');
    const link = page('tfoot tr[data-residence=rural] td[data-key=births] a').attr('href');
    expect(link).toContain('residence=rural');
    const people = await county.get(link!);
    expect(people.status).toBe(200);
    expect($(people.text)('h1').text()).toContain('出生（农村）');
    expect($(people.text)('.drill-total').text()).toBe(cell('tfoot tr[data-residence=rural]', 'births'));
    const bad = await county.get('/reports/people?figure=births&region=990100&from=2025-10-01&to=2026-03-31&residence=city');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('城乡只能是城镇或农村');
    const csv = (await county.get('/reports/table1?region=990100&year=2026&half=1&format=csv')).text;
    expect(csv.split('\r\n').filter((l) => l.startsWith('其中：城镇'))).toHaveLength(1);
    // A township's own split is its own report.
    const township = $((await county.get('/reports/table1?region=990100001&year=2026&half=1')).text);
    expect(township('tfoot tr[data-residence=rural] td[data-key=births]').text().trim()).toBe(township('tfoot tr:not(.residence) td[data-key=births]').text().trim());
  });
});
