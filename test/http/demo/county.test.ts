/**
 * What a new user sees in the demo county (DEMO-DATA.md), over HTTP with the demo accounts: the county monthly
 * report of every month of the five years has its people and methods; the county supervisor's home page shows a
 * working county (townships on time, late, waiting for acceptance); a township supervisor has applications to
 * review; and the work goes on from there — the missing township submits last month, the county accepts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonthsToMonth, monthOf } from '../../../src/domain/dates.ts';
import type { Figures } from '../../../src/domain/indicators.ts';
import type { ReportJson } from '../../../src/features/reports/service.ts';
import { seedDemo } from '../../../seeds/demo/index.ts';
import { DEMO_PASSWORD } from '../../../seeds/demo/accounts.ts';
import { buildTestApp, testHasher, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';

const TODAY = '2026-11-23';
const LAST_MONTH = addMonthsToMonth(monthOf(TODAY), -1);

/** The monthly report's JSON (ReportJson), its figures read as the Figures they are made from. */
type MonthlyJson = Omit<ReportJson, 'rows' | 'total'> & { rows: { region: { code: string; name: string }; figures: Figures }[]; total: { figures: Figures } };

describe('the demo county over HTTP', () => {
  const t = useTestDatabase();
  let app: TestApp;
  const clients = new Map<string, Client>();
  const as = async (username: string) => {
    if (!clients.has(username)) {
      const c = new Client(app.app);
      await c.login(username, DEMO_PASSWORD);
      clients.set(username, c);
    }
    return clients.get(username)!;
  };

  beforeAll(async () => {
    await seedDemo(t.db, testHasher, { women: 1200, seed: 5, env: 'test', today: TODAY });
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date(`${TODAY}T10:00:00+08:00`));
  }, 120_000);
  afterAll(() => app.close());

  it('shows plausible, non-zero stock figures in the county monthly report for every month of the five years', async () => {
    const county = await as('county_sup');
    let month = addMonthsToMonth(LAST_MONTH, -59);
    const wra: number[] = [];
    for (let i = 0; i < 60; i++, month = addMonthsToMonth(month, 1)) {
      const res = await county.get(`/reports/monthly?region=990100&month=${month}&format=json`);
      expect(res.status, month).toBe(200);
      const body = res.body as MonthlyJson;
      const f = body.total.figures;
      expect(f.married_wra / f.wra, month).toBeGreaterThan(0.6);
      expect(f.contraceptive_rate.value, month).toBeGreaterThan(75);
      expect(f.contraceptive_rate.value, month).toBeLessThan(95);
      expect(f.users_iud, month).toBeGreaterThan(0);
      expect(f.population, month).toBeGreaterThan(3 * f.wra);
      expect(body.rows).toHaveLength(10);
      wra.push(f.wra);
    }
    // The register changes slowly: no month far from the others.
    expect(Math.min(...wra) / Math.max(...wra)).toBeGreaterThan(0.9);
    const html = $((await county.get(`/reports/monthly?region=990100&month=${addMonthsToMonth(LAST_MONTH, -30)}`)).text);
    expect(html('main').text()).toContain('已审核(锁定)');
  });

  it('gives the county supervisor a working county on the home page', async () => {
    const home = $((await (await as('county_sup')).get('/')).text);
    const status = home('#p-month-status').parent().text();
    for (const label of ['逾期未报', '已上报', '已审核(锁定)']) expect(status).toContain(label);
    expect(home('#p-month-status').parent().find('tbody tr')).toHaveLength(10);
    const quality = home('main').text();
    expect(quality).toContain('数据质量');
  });

  it('gives township supervisors applications to review, and clerks a county without data errors', async () => {
    const waiting = must(
      await t
        .db('subsidy_applications as a')
        .join('regions as v', 'v.id', 'a.region_id')
        .join('regions as tw', 'tw.id', 'v.parent_id')
        .where('a.status', 'submitted')
        .first<{ code: string; beneficiary_name: string } | undefined>('tw.code', 'a.beneficiary_name'),
      'a submitted application',
    );
    const sup = await as(`sup${waiting.code.slice(-2)}`);
    const home = $((await sup.get('/')).text);
    expect(home('#p-subsidies-waiting').parent().text()).toContain(waiting.beneficiary_name);
    const clerk = $((await (await as('clerk01')).get('/')).text);
    expect(clerk('main').text()).toMatch(/0 条错误 · [1-9]\d* 条提示/);
    const payments = $((await (await as('county_sup')).get('/subsidies/payments')).text);
    expect(payments('main').text()).toContain(`${Number(TODAY.slice(0, 4)) - 1}-12`);
  });

  it('lets the work continue: the township that has not reported submits last month, the county accepts it', async () => {
    const [missing] = (
      await t.db.raw<{ rows: { code: string }[] }>(
        `
      select t.code from regions t where t.level = 'township'
        and not exists (select 1 from report_periods p where p.township_id = t.id and p.month = ?::date)`,
        [`${LAST_MONTH}-01`],
      )
    ).rows;
    const sup = await as(`sup${missing.code.slice(-2)}`);
    const submitted = await sup.post('/reports/monthly/submit', { region: missing.code, month: LAST_MONTH, back: missing.code });
    expect(submitted.status, $(submitted.text)('.error-summary').text()).toBe(303);
    const accepted = await (await as('county_sup')).post('/reports/monthly/accept', { region: missing.code, month: LAST_MONTH, back: '990100' });
    expect(accepted.status).toBe(303);
    const row = must(
      await t
        .db('report_periods as p')
        .join('regions as t', 't.id', 'p.township_id')
        .where({ 't.code': missing.code, 'p.month': `${LAST_MONTH}-01` })
        .first<{ status: string; snapshot: MonthlyJson } | undefined>('p.status', 'p.snapshot'),
      'the accepted period',
    );
    expect(row.status).toBe('accepted');
    expect(row.snapshot.total.figures.wra).toBeGreaterThan(0);
  });
});
