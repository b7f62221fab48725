import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../../src/features/reports/service.ts';
import { fmtRate } from '../../../src/http/view-helpers.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { binary } from '../binary.ts';

describe('report pages, drill-down and exports', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let county: Client;
  let supA: Client;

  beforeAll(async () => {
    const db = t.db;
    w = await seedWorld(db);
    app = buildTestApp(db, t.url);
    app.clock.set(new Date('2026-04-10T03:00:00Z'));
    const A1 = w.villageA1.id,
      A2 = w.villageA2.id,
      B1 = w.villageB1.id;
    // Township A: twins (compliant) in A1; one non-compliant birth in A2; B: one compliant birth.
    const m1 = await f.addWoman(db, { village: A1, birth_date: '1995-05-10', marriage_date: '2018-06-01', name: '王秀英' });
    await f.addChild(db, { woman: m1, village: A1, birth_date: '2026-03-01', sex: 'male', order: 1 });
    await f.addChild(db, { woman: m1, village: A1, birth_date: '2026-03-01', sex: 'female', order: 1 });
    await f.addEpisode(db, { woman: m1, village: A1, method: 'iud', started_on: '2026-03-20' });
    await f.addService(db, { woman: m1, village: A1, kind: 'iud_insertion', performed_on: '2026-03-20' });
    const m2 = await f.addWoman(db, { village: A2, birth_date: '1990-01-01', marriage_date: '2012-01-01', name: '李桂兰' });
    await f.addChild(db, { woman: m2, village: A2, birth_date: '2026-03-15', sex: 'male', order: 3, policy: 'non_compliant' });
    const m3 = await f.addWoman(db, { village: B1, birth_date: '1992-01-01', marriage_date: '2014-01-01', name: '张丽' });
    await f.addChild(db, { woman: m3, village: B1, birth_date: '2026-03-31', sex: 'female', order: 2 });
    await f.addEpisode(db, { woman: m3, village: B1, method: 'female_sterilization', started_on: '2020-01-01' });
    await f.addPopulation(db, A1, '2026-03', 1000, 1);
    await f.addPopulation(db, A2, '2026-03', 600, 2);
    await f.addPopulation(db, B1, '2026-03', 900, 0);

    const cs = await makeUser(db, { role: 'supervisor', regionId: w.county.id });
    county = new Client(app.app);
    await county.login(cs.username, cs.password);
    const sa = await makeUser(db, { role: 'supervisor', regionId: w.townshipA.id });
    supA = new Client(app.app);
    await supA.login(sa.username, sa.password);
  });
  afterAll(() => app.close());

  const MONTHLY = '/reports/monthly?region=990100&month=2026-03';

  it('shows the county monthly report: townships as rows, a total, every rate with numerator/denominator', async () => {
    const res = await county.get(MONTHLY);
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('h1').text()).toContain('2026年3月');
    expect(page('.report-period').text()).toContain('2026年3月1日至2026年3月31日');
    const table = page('table.report-table').first();
    expect(
      table
        .find('tbody tr')
        .map((_i, r) => page(r).attr('data-region'))
        .get(),
    ).toEqual(['990100001', '990100002']);
    expect(table.find('thead th[colspan]').first().text()).toBe('出生人数');
    const total = table.find('tfoot tr.total');
    expect(total.find('td[data-key=births]').text().trim()).toBe('4');
    expect(total.find('td[data-key=compliance_rate] .rate-value').text()).toBe('75.00%');
    expect(total.find('td[data-key=compliance_rate] .rate-ratio').text()).toBe('3/4');
    // The numerator and denominator of a rate open their own lists.
    expect(
      total
        .find('td[data-key=compliance_rate] .rate-ratio a')
        .map((_i, a) => page(a).attr('href'))
        .get(),
    ).toEqual(['/reports/people?figure=births_compliant&region=990100&from=2026-03-01&to=2026-03-31', '/reports/people?figure=births&region=990100&from=2026-03-01&to=2026-03-31']);
    expect(total.find('td[data-key=birth_rate] .rate-value').text()).toBe('1.60‰'); // 4 / 2,500 × 1000
    expect(table.find('tr[data-region=990100001] td[data-key=births_third_plus]').text().trim()).toBe('1');
    // The township row opens that township's report.
    expect(table.find('tr[data-region=990100001] th a').attr('href')).toBe('/reports/monthly?month=2026-03&region=990100001');
    // Charts: two SVGs with titles, no inline style.
    expect(page('svg.chart').length).toBe(2);
    expect(page('svg.chart [style]').length).toBe(0);
    expect(page('svg.chart title').first().text()).toContain('出生');
  });

  it('every count links to the people behind it; the list has as many rows as the number, IDs masked', async () => {
    const page = $((await county.get(MONTHLY)).text);
    const href = page('table.report-table tr[data-region=990100001] td[data-key=births] a').attr('href')!;
    expect(href).toBe('/reports/people?figure=births&region=990100001&from=2026-03-01&to=2026-03-31');
    const list = $((await county.get(href)).text);
    expect(list('.drill-total').text()).toBe('3');
    expect(list('table.drill-down tbody tr').length).toBe(3);
    expect(list('table.drill-down tbody tr').first().find('a').attr('href')).toMatch(/^\/women\/\d+$/);
    const idCell = list('table.drill-down tbody tr').first().find('td').eq(2).text();
    expect(idCell).toMatch(/^\d{6}\*{11}[\dX]$/);
    expect(list('table.drill-down').text()).toContain('王秀英');
    // Stock figures drill down to the women at the end of the period.
    const users = $((await county.get('/reports/people?figure=contraceptive_users&region=990100&from=2026-03-01&to=2026-03-31')).text);
    expect(users('table.drill-down tbody tr').length).toBe(2);
    expect(users('table.drill-down').text()).toContain('宫内节育器');
  });

  it('the JSON has the DESIGN §6 shape and the same figures as the HTML', async () => {
    const json = (await county.get(`${MONTHLY}&format=json`)).body as ReportJson;
    expect(json.region).toMatchObject({ code: '990100', name: '示例县' });
    expect(json.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(json.rows.map((r) => r.region.code)).toEqual(['990100001', '990100002']);
    expect(json.total.figures.compliance_rate).toEqual({ numerator: 3, denominator: 4, value: 75, unit: '%' });
    expect(json.total.figures.births).toBe(4);
    const page = $((await county.get(MONTHLY)).text);
    const cells = page('table.report-table tr[data-region] td[data-key]');
    expect(cells.length).toBeGreaterThan(100);
    cells.each((_i, el) => {
      const td = page(el);
      const code = td.parent().attr('data-region')!;
      const figures =
        code === '990100'
          ? json.total.figures
          : must(
              json.rows.find((r) => r.region.code === code),
              `the row of ${code}`,
            ).figures;
      const v = figures[td.attr('data-key')!];
      if (typeof v === 'number') expect(td.text().trim().replace(/,/g, '')).toBe(String(v));
      else expect(td.find('.rate-value').text()).toBe(fmtRate(v));
    });
  });

  it('CSV is UTF-8 with BOM, Chinese headers, a total row, and neutralises formulas', async () => {
    await t.db('regions').where({ id: w.villageB1.id }).update({ name: '=HYPERLINK("x")' });
    const res = await county.get('/reports/monthly?region=990100002&month=2026-03&format=csv').buffer(true).parse(binary);
    await t.db('regions').where({ id: w.villageB1.id }).update({ name: '上河村' });
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(decodeURIComponent(res.headers['content-disposition'].split("filename*=UTF-8''")[1])).toBe('计划生育月报表_东山镇_2026-03-01_2026-03-31.csv');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0].split(',').slice(0, 4)).toEqual(['地区', '区划代码', '出生人数·合计', '出生人数·一孩']);
    expect(lines[0]).toContain('符合政策生育率(%)');
    expect(lines[1].startsWith(`"'=HYPERLINK(""x"")"`)).toBe(true);
    expect(lines[2].split(',').slice(0, 3)).toEqual(['合计', '990100002', '1']);
  });

  it('XLSX opens, has the official headers (merged), number formats and a totals row equal to the JSON', async () => {
    const res = await county.get(`${MONTHLY}&format=xlsx`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['人口与出生', '节育手术与避孕节育']);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toContain('计划生育月报表');
    expect(ws.getCell('A3').value).toBe('地区');
    expect(ws.getCell('B3').value).toBe('出生人数');
    expect(ws.getCell('C3').isMerged).toBe(true); // 出生人数 spans its seven columns
    expect(ws.getCell('B4').value).toBe('合计');
    expect(ws.getCell('I3').value).toBe('符合政策生育率');
    expect(ws.getCell('I4').isMerged).toBe(true); // a single column spans both header rows
    const totalRow = ws.getRow(7);
    expect(totalRow.getCell(1).value).toBe('合计');
    expect(totalRow.getCell(1).font?.bold).toBe(true);
    expect(totalRow.getCell(2).value).toBe(4);
    expect(totalRow.getCell(9).value).toBe(75);
    expect(totalRow.getCell(9).numFmt).toBe('0.00"%"');
    expect(ws.getRow(5).getCell(1).value).toBe('城关镇');
    expect(ws.getRow(5).getCell(2).value).toBe(3);
  });

  it('XLSX of an official table carries the header block top right and the layout notes under the table', async () => {
    const res = await county.get('/reports/table2?region=990100&year=2026&format=xlsx').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const width = ws.getRow(10).cellCount; // the column-number row (甲, 1, 2, …) spans the whole table
    expect(ws.getCell(10, 1).value).toBe('甲');
    const block = [1, 2, 3, 4, 5].map((r) => ws.getCell(r, width).value);
    expect(block).toEqual(['表　　号：国人口统2表', '制定机关：国家人口和计划生育委员会', '批准机关：国家统计局', '批准文号：国统制〔2008〕78号', '有效期至：见批准文件']);
    // Top right: merged over the last columns of rows 1–5, the left-hand cells of those rows empty.
    expect(ws.getCell(1, width).isMerged).toBe(true);
    expect(ws.getCell(1, 1).value).toBeNull();
    expect(ws.getCell('A6').value).toContain('节育情况');
    expect(ws.getCell('A6').isMerged).toBe(true);
    expect(ws.getCell('A7').value).toBe('填报单位：示例县');
    expect(ws.getCell(7, width).value).toBe('单位：人、例');
    expect(ws.getCell('A8').value).toBe('地区');
    // Rows 8–9 the header, 10 the column numbers, then the data rows, a blank row and the notes.
    const values = (r: number) => ws.getRow(r).getCell(1).value;
    let last = 11;
    while (values(last + 1)) last += 1;
    const notesAt = last + 2;
    expect(values(notesAt)).toBe('注：“人工流产”含药物流产和中期引产（与国家表式一致）。');
    expect(String(values(notesAt + 1))).toContain('注：手术小计为本表所列六项之和');
    expect(ws.getCell(notesAt, width).isMerged).toBe(true);
    expect(values(11)).toBe('城关镇');
  });

  it('XLSX of the monthly report (no official block) keeps its title in the first row and 表号 in the meta row', async () => {
    const res = await county.get(`${MONTHLY}&format=xlsx`).buffer(true).parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const meta = ws.getRow(2).values as unknown[];
    expect(meta).toContain('表号：计生月报表');
    expect(meta.some((v) => String(v).startsWith('制定机关'))).toBe(false);
  });

  it('prints on A4 landscape with the official header and signature footer, without navigation', async () => {
    const res = await county.get(`${MONTHLY}&print=1`);
    const page = $(res.text);
    expect(page('body').hasClass('landscape')).toBe(true);
    expect(page('.site-nav').length).toBe(0);
    expect(page('.print-header').length).toBe(2);
    expect(page('.print-header').first().text()).toContain('填报单位：示例县');
    expect(page('.print-header').first().text()).toContain('报告期：2026年3月1日至2026年3月31日');
    expect(page('.print-header .table-no').first().text()).toBe('计生月报表');
    expect(page('.print-footer').first().text()).toMatch(/单位负责人[\s\S]*统计负责人[\s\S]*填表人[\s\S]*报出日期：2026-04-10/);
    expect(page('form').length).toBe(0);
  });

  it('official tables 1 and 2 cover the statistical year or half-year', async () => {
    const t1 = $((await county.get('/reports/table1?region=990100&year=2026')).text);
    expect(t1('.report-period').text()).toContain('2025年10月1日至2026年9月30日');
    expect(t1('table.report-table thead').text()).toContain('期末已婚育龄妇女人数');
    expect(t1('tr.col-numbers th').first().text()).toBe('甲');
    expect(t1('tfoot tr:not(.residence) td[data-key=births]').text().trim()).toBe('4');
    const half = $((await county.get('/reports/table1?region=990100&year=2026&half=1')).text);
    expect(half('.report-period').text()).toContain('2025年10月1日至2026年3月31日');
    expect(half('h1').text()).toContain('半年度人口与出生情况');
    expect(half('h1').text()).toContain('2025年10月1日至2026年3月31日');
    const t2 = $((await county.get('/reports/table2?region=990100&year=2026&print=1')).text);
    const block = t2('.print-header .official-block').text().replace(/\s+/g, '');
    for (const line of ['表号：国人口统2表', '制定机关：国家人口和计划生育委员会', '批准机关：国家统计局', '批准文号：国统制〔2008〕78号', '有效期至：']) expect(block).toContain(line);
    expect(t2('.table-notes').text()).toContain('“人工流产”含药物流产和中期引产');
    expect(t2('table.report-table thead').text()).toContain('本期实行计划生育手术例数');
    expect(t2('tfoot tr:not(.residence) td[data-key=users_iud]').text().trim()).toBe('1');
    expect(t2('tfoot tr:not(.residence) td[data-key=table2_procedures]').text().trim()).toBe('1');
  });

  it('summary takes any range and names it in words', async () => {
    const page = $((await county.get('/reports/summary?region=990100&from=2026-01-01&to=2026-05-31')).text);
    expect(page('.report-period').text()).toContain('2026年1月1日至2026年5月31日');
    expect(page('tfoot td[data-key=births]').text().trim()).toBe('4');
    expect((await county.get('/reports/summary?from=2026-05-01&to=2026-01-01')).status).toBe(400);
  });

  it('a township supervisor gets their township by default and 404 for anything outside it', async () => {
    const own = await supA.get('/reports/monthly?month=2026-03');
    expect(own.status).toBe(200);
    expect(
      $(own.text)('table.report-table')
        .first()
        .find('tbody tr')
        .map((_i, r) => $(own.text)(r).attr('data-region'))
        .get(),
    ).toEqual(['990100001001', '990100001002']);
    expect((await supA.get('/reports/monthly?region=990100002&month=2026-03')).status).toBe(404);
    expect((await supA.get('/reports/monthly?region=990100&month=2026-03')).status).toBe(404);
    expect((await supA.get('/reports/monthly?region=990100002&month=2026-03&format=json')).status).toBe(404);
    expect((await supA.get('/reports/people?figure=births&region=990100002001&from=2026-03-01&to=2026-03-31')).status).toBe(404);
    expect((await supA.get('/reports/table1?region=990100002&year=2026')).status).toBe(404);
    const mine = $((await supA.get('/reports/people?figure=births&region=990100001&from=2026-03-01&to=2026-03-31')).text);
    expect(mine('.drill-total').text()).toBe('3');
    expect((await supA.get('/reports/people?figure=nope&from=2026-03-01&to=2026-03-31')).status).toBe(404);
  });
});
