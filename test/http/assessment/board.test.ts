/**
 * The 考核看板 and 评分表 over HTTP on a hand-made statistical year: every cell is the indicator's live value
 * (the same as `indicatorValues`, which the db tests hold equal to the monthly report), with a symbol for its
 * judgement and links to the people behind its numerator and denominator; totals, missed targets and ranks; a
 * township sees its own row only; the score sheet prints with its signatures; a bad period is a Chinese 400.
 *
 *   城关镇 (A): births 2026-01-10 boy (compliant), 2026-03-01 girl (not compliant) → 符合政策生育率 50%
 *   东山镇 (B): a boy 2026-02-01 (compliant) → 100%
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statisticalPeriod } from '../../../src/domain/report-periods.ts';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { indicatorValues } from '../../../src/features/assessment/service.ts';
import { computeReport, reportRegion } from '../../../src/features/reports/service.ts';
import { binary } from '../binary.ts';
import { must } from '../../helpers/must.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { actorFor } from '../../helpers/women.ts';

describe('考核看板 and 评分表', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let county: Client, clerkA: Client, clerkB: Client;
  let countyActor: ReturnType<typeof actorFor>;

  const login = async (role: 'clerk' | 'supervisor', regionId: number) => {
    const u = await makeUser(t.db, { role, regionId });
    const c = new Client(app.app);
    await c.login(u.username, u.password);
    return c;
  };
  const text = (html: string, sel: string) => $(html)(sel).text().replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    app = buildTestApp(db, t.url);
    app.clock.set(new Date('2026-05-20T03:00:00Z'));
    const a = await Promise.all([1, 2].map((n) => f.addWoman(db, { village: w.villageA1.id, birth_date: '1992-01-01', marriage_date: '2015-01-01', name: `甲${n}` })));
    const b = await f.addWoman(db, { village: w.villageB1.id, birth_date: '1993-01-01', marriage_date: '2016-01-01', name: '乙一' });
    await f.addChild(db, { woman: a[0]!, village: w.villageA1.id, birth_date: '2026-01-10', sex: 'male', order: 1 });
    await f.addChild(db, { woman: a[1]!, village: w.villageA1.id, birth_date: '2026-03-01', sex: 'female', order: 1, policy: 'non_compliant' });
    await f.addChild(db, { woman: b, village: w.villageB1.id, birth_date: '2026-02-01', sex: 'male', order: 1 });
    county = await login('supervisor', w.county.id);
    clerkA = await login('clerk', w.townshipA.id);
    clerkB = await login('clerk', w.townshipB.id);
    countyActor = actorFor(await makeUser(db, { role: 'supervisor', regionId: w.county.id }), w.county);
  });
  afterAll(() => app.close());

  const cell = (html: string, township: string, code: string) => $(html)(`tr[data-township="${township}"] td.judge[data-label]`).filter((_i, td) => $(html)(td).attr('data-label') === code);

  it('the county sees every township against its targets: values, symbols, links to the people, totals and ranks', async () => {
    const res = await county.get('/targets');
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(text(res.text, 'h1')).toContain('2026统计年度');
    expect(page('tr.board-county th').text()).toContain('全县');
    const a = cell(res.text, w.townshipA.code, '符合政策生育率');
    expect(a.find('strong').text()).toBe('50%');
    expect(a.hasClass('judge-missed')).toBe(true);
    expect(a.find('.judge-mark').text()).toBe('✗');
    expect(a.find('.visually-hidden').text()).toBe('未达标');
    const links = a
      .find('.judge-nd a')
      .toArray()
      .map((l) => page(l).attr('href'));
    expect(links).toEqual([
      `/reports/people?figure=births_compliant&region=${w.townshipA.code}&from=2025-10-01&to=2026-05-20`,
      `/reports/people?figure=births&region=${w.townshipA.code}&from=2025-10-01&to=2026-05-20`,
    ]);
    // An indicator without a target shows its value plainly, never as 无数据.
    const untargeted = cell(res.text, w.townshipA.code, '综合避孕率');
    expect(untargeted.hasClass('judge-untargeted')).toBe(true);
    expect(untargeted.find('.visually-hidden').text()).toBe('未设目标');
    const b = cell(res.text, w.townshipB.code, '符合政策生育率');
    expect(b.find('strong').text()).toBe('100%');
    expect(b.find('.judge-mark').text()).toBe('✓');
    // The numbers behind a cell are the indicator's live values; the total is the sum of the scores; B ranks above A.
    for (const township of [w.townshipA, w.townshipB]) {
      const v = await indicatorValues(t.db, countyActor, township.code, { from: statisticalPeriod(2026, false).from, to: '2026-05-20' });
      const total = Math.round(v.values.filter((x) => x.target && !x.pending).reduce((s, x) => s + x.score, 0) * 100) / 100;
      expect(text(res.text, `tr[data-township="${township.code}"] td[data-label="得分"] strong`)).toBe(String(total));
    }
    expect(text(res.text, `tr[data-township="${w.townshipB.code}"] td[data-label="排名"]`)).toBe('1');
    expect(text(res.text, `tr[data-township="${w.townshipA.code}"] td[data-label="排名"]`)).toBe('2');
  });

  it('each cell carries the 12-month trend from the months as submitted (a month not submitted is a gap)', async () => {
    const figures = { compliance_rate: { numerator: 1, denominator: 1, value: 100, unit: '%' } };
    await t
      .db('report_periods')
      .insert({ township_id: w.townshipB.id, month: '2026-02-01', status: 'accepted', accepted_at: new Date('2026-03-06T02:00:00Z'), snapshot: JSON.stringify({ total: { figures } }) });
    const res = await county.get('/targets');
    const label = cell(res.text, w.townshipB.code, '符合政策生育率').find('svg.spark').attr('aria-label');
    expect(label).toContain('2月 100%');
    expect(label).toContain('3月 无');
    expect(label?.split('，')).toHaveLength(12);
    expect(cell(res.text, w.townshipA.code, '符合政策生育率').find('svg.spark').attr('aria-label')).toBe('近12个月：无已上报数据');
  });

  it('a township sees its own row only, without a rank; another township’s score sheet is 404', async () => {
    const res = await clerkA.get('/targets');
    const page = $(res.text);
    expect(
      page('tr[data-township]')
        .toArray()
        .map((r) => page(r).attr('data-township')),
    ).toEqual([w.townshipA.code]);
    expect(page('tr.board-county').length).toBe(0);
    expect(page('td[data-label="排名"]').length).toBe(0);
    expect((await clerkB.get(`/targets/score-sheet?region=${w.townshipA.code}`)).status).toBe(404);
    expect((await clerkA.get(`/targets/score-sheet?region=${w.townshipA.code}`)).status).toBe(200);
  });

  it('a quarter and a month are periods of their own; a malformed or future period is a Chinese 400', async () => {
    const q1 = await county.get('/targets?period=2026-Q1');
    expect(text(q1.text, 'h1')).toContain('2026年第一季度');
    expect(cell(q1.text, w.townshipA.code, '符合政策生育率').find('strong').text()).toBe('50%');
    const feb = await county.get('/targets?period=2026-02');
    expect(cell(feb.text, w.townshipA.code, '符合政策生育率').find('strong').text()).toBe('—');
    expect(cell(feb.text, w.townshipB.code, '符合政策生育率').find('strong').text()).toBe('100%');
    for (const bad of ['2026-13', 'abc', '2027']) {
      const res = await county.get(`/targets?period=${bad}`);
      expect(res.status).toBe(400);
      expect(res.text).toContain('考核期格式应为统计年度');
    }
  });

  it('the score sheet: every scored indicator with its target, value, weight and score, the total and the rank; printable with signatures', async () => {
    const res = await county.get(`/targets/score-sheet?region=${w.townshipA.code}&period=2026&print=1`);
    expect(res.status).toBe(200);
    const page = $(res.text);
    const rows = page('table.score-sheet tbody tr')
      .toArray()
      .map((r) => page(r).find('th').text());
    expect(rows).toContain('符合政策生育率');
    const compliance = page('table.score-sheet tbody tr').filter((_i, r) => page(r).find('th').text() === '符合政策生育率');
    expect(compliance.find('td').eq(1).text()).toBe('≥93.5%');
    expect(compliance.find('td').eq(2).text()).toBe('50%');
    expect(compliance.find('td').eq(4).text()).toBe('未达标');
    expect(text(res.text, 'tfoot tr.total th')).toContain('全县 2 个乡镇中第 2 名');
    const weights = page('table.score-sheet tbody tr')
      .toArray()
      .map((r) => Number(page(r).find('td').eq(5).text()));
    const scores = page('table.score-sheet tbody tr')
      .toArray()
      .map((r) => Number(page(r).find('td').eq(6).text()));
    const totals = page('tfoot tr.total td.num')
      .toArray()
      .map((td) => page(td).text().trim());
    expect(totals).toEqual([String(weights.reduce((s, x) => s + x, 0)), String(Math.round(scores.reduce((s, x) => s + x, 0) * 100) / 100)]);
    expect(page('.print-sign').text()).toContain('考核组（签字）');
  });

  it('the 自查报告: every figure of section 一 is the report’s for the same period, section 二 each indicator against its target', async () => {
    const res = await county.get('/targets/self-check?period=2026-Q1');
    expect(res.status).toBe(200);
    const page = $(res.text);
    const report = await computeReport(t.db, await reportRegion(t.db, countyActor, w.county.code), { from: '2026-01-01', to: '2026-03-31' });
    const keys = page('table.self-check-facts tr[data-key]')
      .toArray()
      .map((r) => page(r).attr('data-key')!);
    expect(keys).toEqual(
      expect.arrayContaining([
        'population_end',
        'married_wra',
        'births',
        'births_compliant',
        'compliance_rate',
        'birth_rate',
        'natural_growth_rate',
        'certificates_issued',
        'contraceptive_users',
        'long_acting_uptake_rate',
      ]),
    );
    for (const key of keys) {
      const figure = (report.total as unknown as Record<string, number | { value: number | null }>)[key]!;
      const expected = typeof figure === 'number' ? figure : figure.value;
      const shown = page(`tr[data-key="${key}"] td`).text().replace(/[,%‰]/g, '');
      expect([key, shown]).toEqual([key, expected === null ? '—' : String(expected)]);
    }
    expect(report.total.births).toBe(3);
    expect(page('article.self-check').text()).toContain('报告期内出生 3 人');
    expect(text(res.text, 'li[data-indicator="compliance_rate"]')).toBe(`符合政策生育率：目标 ≥93.5%，完成 ${report.total.compliance_rate.value}%（2 / 3），未达标。`);
    // A township's own report; another township's is 404.
    expect((await clerkA.get(`/targets/self-check?region=${w.townshipA.code}`)).status).toBe(200);
    expect((await clerkB.get(`/targets/self-check?region=${w.townshipA.code}`)).status).toBe(404);
    expect((await county.get('/targets/self-check?format=pdf')).status).toBe(400);
  });

  it('the 自查报告 downloads as a Word document holding the same sentences and figures', async () => {
    const res = await county.get('/targets/self-check?period=2026-Q1&format=docx').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain('.docx');
    const zip = await unzipper.Open.buffer(res.body as Buffer);
    const chunks: Buffer[] = [];
    for await (const c of must(
      zip.files.find((f) => f.path === 'word/document.xml'),
      'document.xml',
    ).stream())
      chunks.push(c as Buffer);
    const xml = Buffer.concat(chunks).toString('utf8');
    const html = (await county.get('/targets/self-check?period=2026-Q1')).text;
    const page = $(html);
    for (const p of page('article.self-check > p').toArray().slice(1, -1)) expect(xml).toContain(page(p).text());
    expect(xml).toContain('一、人口目标完成情况');
    expect(xml).toContain(text(html, 'li[data-indicator="compliance_rate"]'));
    expect(xml).toContain('三、存在的问题和下一步打算');
  });

  it('the score sheet downloads as XLSX with the same rows, total and rank as the page', async () => {
    const res = await county.get(`/targets/score-sheet?region=${w.townshipA.code}&period=2026&format=xlsx`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = must(wb.getWorksheet('考核评分表'), 'the sheet');
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    expect(rows[2]).toEqual(['序号', '考核指标', '目标', '实际值', '分子', '分母', '完成情况', '分值', '得分']);
    const html = $((await county.get(`/targets/score-sheet?region=${w.townshipA.code}&period=2026`)).text);
    const pageRows = html('table.score-sheet tbody tr')
      .toArray()
      .map((r) => [html(r).find('th').text(), html(r).find('td').eq(1).text(), html(r).find('td').eq(2).text(), html(r).find('td').eq(4).text(), html(r).find('td').eq(6).text()]);
    const sheetRows = rows.slice(3, 3 + pageRows.length).map((r) => [r[1], r[2], r[3], r[6], r[8]]);
    expect(sheetRows).toEqual(pageRows);
    const total = rows[3 + pageRows.length]!;
    expect(total[0]).toBe('合计');
    expect(total[1]).toBe('全县 2 个乡镇中第 2 名');
  });
});
