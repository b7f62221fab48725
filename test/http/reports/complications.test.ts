/**
 * GET /reports/complications and its list: the cells of both tables as a user sees them, links from every
 * non-zero count, the serious ones with their county follow-up, scope (404), bad dates (a Chinese 400), the
 * list's page 2 and last page, and CSV / XLSX / print with the same numbers as the page.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { addProcedure, seedComplications, type ComplicationScenario } from '../../helpers/complication-fixtures.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { townshipClerks } from '../../helpers/women.ts';
import { binary } from '../binary.ts';

const Q1 = 'from=2026-01-01&to=2026-03-31';
const PAGE = `/reports/complications?region=990100&${Q1}`;
const num = (s: string) => Number(s.replace(/[,‰%]/g, '').trim());

describe('complications report pages', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let s: ComplicationScenario;
  let county: Client;
  let supA: Client;

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    app = buildTestApp(db, t.url);
    app.clock.set(new Date('2026-04-10T03:00:00Z'));
    const { clerkA } = await townshipClerks(db, w);
    s = await seedComplications(db, w, clerkA);
    // 120 procedures with 其他 in May 2025 (A2), for the list's pages.
    const many = await f.addWoman(db, { village: w.villageA2.id, birth_date: '1994-06-06', name: '吴静' });
    for (let i = 0; i < 120; i++)
      await addProcedure(db, { woman: many, village: w.villageA2.id, kind: 'surgical_abortion', performed_on: `2025-05-${String((i % 28) + 1).padStart(2, '0')}`, complication: 'other' });
    const cs = await makeUser(db, { role: 'supervisor', regionId: w.county.id });
    county = new Client(app.app);
    await county.login(cs.username, cs.password);
    const sa = await makeUser(db, { role: 'supervisor', regionId: w.townshipA.id });
    supA = new Client(app.app);
    await supA.login(sa.username, sa.password);
  });
  afterAll(() => app.close());

  it('shows every cell by procedure kind, the 合计 and the rate, each non-zero count linking to its list', async () => {
    const res = await county.get(PAGE);
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('.report-period').text()).toContain('2026年1月1日至2026年3月31日');
    const head = page('table.complications-by-kind thead th')
      .map((_i, th) => page(th).text())
      .get();
    expect(head).toEqual(['手术种类', '手术例数', '发生并发症例数', '子宫穿孔', '感染', '人流不全', '血肿', '脏器损伤', '麻醉意外', '大出血', '其他', '其中严重', '并发症发生率(‰)']);
    const cells = (sel: string) =>
      page(`table.complications-by-kind ${sel} td`)
        .map((_i, td) => page(td).find('.rate-value').text() || page(td).text().trim())
        .get();
    expect(page('table.complications-by-kind tbody tr th').first().text()).toBe('放置宫内节育器(上环)');
    expect(cells('tr[data-kind=iud_insertion]')).toEqual(['2', '1', '1', '0', '0', '0', '0', '0', '0', '0', '1', '500.00‰']);
    expect(cells('tr[data-kind=surgical_abortion]')).toEqual(['3', '2', '0', '1', '0', '0', '0', '0', '1', '0', '1', '666.67‰']);
    expect(cells('tr[data-kind=medical_abortion]')).toEqual(['1', '1', '0', '0', '1', '0', '0', '0', '0', '0', '0', '1000.00‰']);
    expect(cells('tr[data-kind=female_sterilization]')).toEqual(['1', '1', '0', '0', '0', '1', '0', '0', '0', '0', '0', '1000.00‰']);
    expect(cells('tr[data-kind=induced_labour]')).toEqual(['0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '—']);
    expect(cells('tr.total')).toEqual(['7', '5', '1', '1', '1', '1', '0', '0', '1', '0', '2', '714.29‰']);
    expect(page('table.complications-by-kind tr.total .rate-ratio').text()).toBe('5/7');
    // Links: the serious total, a kind's complication, and none on a zero.
    const total = page('table.complications-by-kind tr.total');
    expect(total.find('td[data-key=serious] a').attr('href')).toBe(`/reports/complications/people?region=990100&${Q1}&serious=1`);
    expect(page('tr[data-kind=surgical_abortion] td[data-key=infection] a').attr('href')).toBe(`/reports/complications/people?region=990100&${Q1}&kind=surgical_abortion&complication=infection`);
    expect(page('tr[data-kind=induced_labour] a').length).toBe(0);
    // The 统2表 note is on the page.
    expect(page('.table2-note').text()).toContain('国人口统2表的“人工流产”栏按官方表式统计：人工流产 + 药物流产 + 中期引产');
  });

  it('shows the townships of the county and the villages of a township with their counts', async () => {
    const page = $((await county.get(PAGE)).text);
    const rows = (p: typeof page) =>
      p('table.complications-by-region tr[data-region]')
        .map((_i, tr) => [
          [
            p(tr).attr('data-region'),
            ...p(tr)
              .find('td:not(.rate)')
              .map((_j, td) => p(td).text().trim())
              .get(),
          ].join(' '),
        ])
        .get();
    expect(rows(page)).toEqual(['990100001 4 3 1', '990100002 3 2 1', '990100 7 5 2']);
    expect(page('table.complications-by-region tr[data-region=990100002] td[data-key=serious] a').attr('href')).toBe(`/reports/complications/people?region=990100002&${Q1}&serious=1`);
    expect(page('table.complications-by-region tr[data-region=990100001] th a').attr('href')).toBe(`/reports/complications?region=990100001&${Q1}`);
    const a = $((await supA.get(`/reports/complications?${Q1}`)).text);
    expect(a('table.complications-by-region th a').length).toBe(0);
    expect(rows(a)).toEqual(['990100001001 2 2 1', '990100001002 2 1 0', '990100001 4 3 1']);
  });

  it('defaults to the statistical year up to today (the app clock)', async () => {
    const page = $((await county.get('/reports/complications')).text);
    expect(page('.report-period').text()).toContain('2025年10月1日至2026年4月10日');
    // Q1 plus 2025-12-31 and 2026-04-01; May 2025 is in the previous statistical year.
    expect(page('table.complications-by-kind tr.total td[data-key=procedures]').text().trim()).toBe('9');
  });

  it('lists the serious ones with a link to her card and her county follow-up, ID numbers masked', async () => {
    const res = await county.get(`/reports/complications/people?region=990100&${Q1}&serious=1`);
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('.drill-total').text()).toBe('2');
    const rows = page('table.complications-people tbody tr');
    expect(rows.length).toBe(2);
    const text = (i: number) =>
      rows
        .eq(i)
        .find('td')
        .map((_j, td) => page(td).text().trim())
        .get();
    const wangId = must(await t.db('women').where({ id: s.wang }).first(), 'wang').id_number as string;
    expect(text(0)).toEqual(['1', '王秀英', maskIdNumber(wangId), '东街村', '2026-01-15', '放置宫内节育器(上环)', '子宫穿孔', '是', '城关镇计生服务站', '逾期未随访（应于 2026-02-15）']);
    const wangFollowUp = must(await t.db('follow_ups').where({ service_id: s.wangService, level: 'county' }).first(), 'county follow-up');
    expect(
      rows
        .eq(0)
        .find('a')
        .map((_j, a) => page(a).attr('href'))
        .get(),
    ).toEqual([`/women/${s.wang}`, `/follow-ups/${wangFollowUp.id}`]);
    expect(text(1).slice(1)).toEqual(['孙梅', expect.any(String), '上河村', '2026-02-20', '人工流产', '大出血', '是', '东山镇卫生院', '已随访（2026-03-22）']);
    expect(rows.eq(1).find('a').first().attr('href')).toBe(`/women/${s.sun}`);
    expect(res.text).not.toContain(wangId);
    expect(page('h1').text()).toContain('严重并发症');
  });

  it('pages the list 50 at a time: page 2 and the last page, and a page past the end shows the last', async () => {
    const base = '/reports/complications/people?region=990100&from=2025-05-01&to=2025-05-31&complication=other';
    const numbers = (html: string) => {
      const p = $(html);
      return p('table.complications-people tbody tr td:first-child')
        .map((_i, td) => Number(p(td).text()))
        .get();
    };
    const p2 = await county.get(`${base}&page=2`);
    expect(p2.status).toBe(200);
    expect($(p2.text)('.drill-total').text()).toBe('120');
    expect(numbers(p2.text)).toEqual(Array.from({ length: 50 }, (_v, i) => 51 + i));
    expect($(p2.text)('.pagination').text()).toContain('第 2 / 3 页');
    const last = await county.get(`${base}&page=3`);
    expect(numbers(last.text)).toEqual(Array.from({ length: 20 }, (_v, i) => 101 + i));
    expect($(last.text)('.pagination a[rel=next]').length).toBe(0);
    expect(numbers((await county.get(`${base}&page=9`)).text)).toEqual(numbers(last.text));
  });

  it('keeps a township user to the township: another township or the county is 404', async () => {
    expect((await supA.get(`/reports/complications?region=990100002&${Q1}`)).status).toBe(404);
    expect((await supA.get(`/reports/complications?region=990100&${Q1}`)).status).toBe(404);
    expect((await supA.get(`/reports/complications?region=990100002&${Q1}&format=csv`)).status).toBe(404);
    expect((await supA.get(`/reports/complications/people?region=990100002001&${Q1}`)).status).toBe(404);
    const own = $((await supA.get(`/reports/complications/people?${Q1}&complication=any`)).text);
    expect(own('.drill-total').text()).toBe('3');
    expect(own('table.complications-people').text()).not.toContain('孙梅');
  });

  it('answers bad dates and parameters with a Chinese 400, never a 500', async () => {
    const bad = [
      ['/reports/complications?from=2026-04-01&to=2026-03-01', '开始日期不能晚于结束日期'],
      ['/reports/complications?from=2026-02-30', '开始日期不是有效日期'],
      ['/reports/complications?to=yesterday', '结束日期不是有效日期'],
      ['/reports/complications?format=pdf', '导出格式只能是 csv 或 xlsx'],
      ['/reports/complications/people?from=2026-01-01', '请填写结束日期'],
      [`/reports/complications/people?${Q1}&complication=bogus`, '并发症不是有效选项'],
      [`/reports/complications/people?${Q1}&kind=bogus`, '手术不是有效选项'],
      ['/reports/complications/people?from=2026-04-01&to=2026-03-01', '开始日期不能晚于结束日期'],
    ];
    for (const [path, message] of bad) {
      const res = await county.get(path!);
      expect(res.status, path).toBe(400);
      expect(res.text, path).toContain(message);
    }
    expect((await county.get(`/reports/complications?region=${w.villageA1.code}&${Q1}`)).status).toBe(400);
  });

  it('CSV holds the same numbers as the page, through the one CSV writer', async () => {
    const page = $((await county.get(PAGE)).text);
    const res = await county.get(`${PAGE}&format=csv`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(decodeURIComponent(res.headers['content-disposition']!.split("filename*=UTF-8''")[1]!)).toBe('计划生育手术并发症统计表_示例县_2026-01-01_2026-03-31.csv');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parse(body.toString('utf8').slice(1), { relax_column_count: true }) as string[][];
    expect(lines[1]).toEqual(
      page('table.complications-by-kind thead th')
        .map((_i, th) => page(th).text())
        .get(),
    );
    const pageRows = page('table.complications-by-kind tbody tr, table.complications-by-kind tfoot tr')
      .map((_i, tr) => [
        [
          page(tr).find('th').text(),
          ...page(tr)
            .find('td')
            .map((_j, td) => page(td).find('.rate-value').text() || page(td).text().trim())
            .get(),
        ],
      ])
      .get() as string[][];
    const csvRows = lines.slice(2, 2 + pageRows.length);
    expect(csvRows.map((r) => r[0])).toEqual(pageRows.map((r) => r[0]));
    expect(csvRows.map((r) => r.slice(1).map((v) => (v === '—' ? v : num(v))))).toEqual(pageRows.map((r) => r.slice(1).map((v) => (v === '—' ? v : num(v)))));
    expect(csvRows.at(-1)).toEqual(['合计', '7', '5', '1', '1', '1', '1', '0', '0', '1', '0', '2', '714.29']);
    // Table 2 after a blank line.
    const t2 = lines.slice(2 + pageRows.length);
    expect(t2.filter((r) => r.length > 1 && r[0] !== '')).toEqual([
      ['乡镇', '手术例数', '并发症例数', '严重例数', '并发症发生率(‰)'],
      ['城关镇', '4', '3', '1', '750'],
      ['东山镇', '3', '2', '1', '666.67'],
      ['合计', '7', '5', '2', '714.29'],
    ]);
  });

  it('XLSX has a sheet per table with the same 合计; print is landscape with the official header and footer', async () => {
    const res = await county.get(`${PAGE}&format=xlsx`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((ws) => ws.name)).toEqual(['按手术种类', '按乡镇']);
    const ws = must(wb.worksheets[0], 'sheet');
    expect(ws.getCell('A1').value).toBe('计划生育手术并发症统计表（按手术种类）');
    const total = ws.getRow(4 + 9);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(1).font?.bold).toBe(true);
    expect([total.getCell(2).value, total.getCell(3).value, total.getCell(12).value, total.getCell(13).value]).toEqual([7, 5, 2, 714.29]);
    expect(total.getCell(13).numFmt).toBe('0.00"‰"');

    const print = $((await county.get(`${PAGE}&print=1`)).text);
    expect(print('body').hasClass('landscape')).toBe(true);
    expect(print('.site-nav').length).toBe(0);
    expect(print('form').length).toBe(0);
    expect(print('.print-header').length).toBe(2);
    expect(print('.print-header').first().text()).toContain('填报单位：示例县');
    expect(print('.print-header').first().text()).toContain('报告期：2026年1月1日至2026年3月31日');
    expect(print('.print-footer').first().text()).toMatch(/单位负责人[\s\S]*填表人[\s\S]*报出日期：2026-04-10/);
    expect(print('table.complications-by-kind a').length).toBe(0);
    expect(print('table.complications-by-kind tr.total td[data-key=procedures]').text().trim()).toBe('7');
  });
});
