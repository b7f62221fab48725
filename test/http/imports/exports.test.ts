/**
 * Exports of the card list and rosters: the page's filters, ID numbers masked unless asked for with a reason (and
 * that is audited with it; no reason, 422), a filter outside the scope 404, CSV safe against formula injection, XLSX with text cells, scope, and a full export that imports back
 * into the same cards.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { importKind } from '../../../src/features/imports/service.ts';
import { readTable } from '../../../src/features/imports/service.ts';
import { whenSettled } from '../../../src/features/imports/service.ts';
import { exitCard } from '../../../src/features/women/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { actorFor, makeCard, TODAY } from '../../helpers/women.ts';
import { binary } from '../binary.ts';
import { must } from '../../helpers/must.ts';

const CARD_COLUMNS = [
  'region_id',
  'id_number',
  'name',
  'birth_date',
  'ethnicity',
  'hukou_kind',
  'hukou_place',
  'phone',
  'address',
  'marital_status',
  'marriage_date',
  'spouse_name',
  'spouse_id_number',
  'spouse_hukou_kind',
  'migrant_status',
  'migrant_place',
  'migrant_since',
];

describe('导出', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let clerkB: Client;
  let actorA: Actor;
  let cards: { id: number; id_number: string; name: string; version: number }[];

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-03-15T09:00:00+08:00'));
    const a = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const b = await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id });
    actorA = actorFor(a, w.townshipA);
    clerkA = new Client(app.app);
    await clerkA.login(a.username, a.password);
    clerkB = new Client(app.app);
    await clerkB.login(b.username, b.password);
    cards = [
      await makeCard(t.db, actorA, w.villageA1.code, { name: '王秀英', address: '=1+1', phone: '+86 13812345678' }),
      await makeCard(t.db, actorA, w.villageA1.code, { name: '李桂兰', migrant_status: 'outflow', migrant_place: '广东东莞', migrant_since: '2025-06-01', ethnicity: '回族' }),
      await makeCard(t.db, actorA, w.villageA2.code, {
        name: '张玉珍',
        marital_status: 'unmarried',
        marriage_date: undefined,
        spouse_name: undefined,
        spouse_id_number: undefined,
        spouse_hukou_kind: undefined,
      }),
    ];
  });
  afterAll(() => app.close());

  const exportCsv = (c: Client, fields: Record<string, string> = {}) => c.post('/exports/women', { format: 'csv', ...fields });
  /** A form POST whose answer is a binary file (the Client's post reads text). */
  async function postFile(c: Client, path: string, fields: Record<string, string>) {
    const token = await c.refreshToken('/women');
    return c.agent
      .post(path)
      .type('form')
      .send(new URLSearchParams({ ...fields, _csrf: token }).toString())
      .buffer(true)
      .parse(binary)
      .redirects(0);
  }
  const csvRows = (text: string) =>
    text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');

  it('exports the card list with its filters, ID numbers masked, formula-safe; audited', async () => {
    const res = await exportCsv(clerkA, { village: w.villageA1.code });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.text.startsWith('\ufeff身份证号,姓名,村代码,民族,户口性质,婚姻状况,结婚日期,配偶姓名,配偶身份证号,联系电话,住址,流动状态,')).toBe(true);
    const rows = csvRows(res.text).slice(1);
    expect(rows).toHaveLength(2);
    expect(rows.join('\n')).not.toContain(cards[0].id_number);
    expect(rows.some((r) => r.startsWith(`${maskIdNumber(cards[0].id_number)},王秀英,990100001001,汉族,农业,初婚,`))).toBe(true);
    // The phone was typed as "+86 13812345678" and is stored as the number itself (the phone pattern); the
    // address "=1+1" still leads with a formula character and is neutralised.
    expect(res.text).toContain(",13812345678,'=1+1,常住,");
    const audit = must(await t.db('audit_log').where({ action: 'export.list', entity_id: 'women' }).orderBy('id', 'desc').first(), 'audit row');
    expect(audit.after).toMatchObject({ list: 'women', rows: 2, full_ids: false, format: 'csv', filters: { village: w.villageA1.code } });
  });

  it('full ID numbers only when ticked, and that export is audited as such, with the reason given', async () => {
    const before = await t.db('audit_log').where({ action: 'export.full_ids' }).count({ n: '*' });
    const res = await exportCsv(clerkA, { full_ids: '1', q: '李桂兰', reason: '与户籍信息比对核实' });
    const rows = csvRows(res.text).slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0].startsWith(`${cards[1].id_number},李桂兰,`)).toBe(true);
    const after = await t.db('audit_log').where({ action: 'export.full_ids' }).orderBy('id', 'desc');
    expect(after.length).toBe(Number(before[0].n) + 1);
    expect(after[0]).toMatchObject({ username: expect.any(String) as string, reason: '与户籍信息比对核实', region_id: w.townshipA.id });
    expect(after[0].after).toMatchObject({ rows: 1, full_ids: true });
  });

  it('ticked without a reason: 422, the export form again with its filters kept, no file, no audit row; with the reason it exports', async () => {
    const audits = async () => (await t.db('audit_log').whereIn('action', ['export.full_ids', 'export.list']).count({ n: '*' }))[0].n;
    const before = await audits();
    for (const reason of [undefined, ' ', '核']) {
      const res = await exportCsv(clerkA, { full_ids: '1', village: w.villageA1.code, sort: 'name', ...(reason === undefined ? {} : { reason }) });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('text/html');
      for (const c of cards) expect(res.text).not.toContain(c.id_number);
      const page = $(res.text);
      expect(page('#f-reason-err').text()).toMatch(/导出完整身份证号的原因/);
      const form = page('form[action="/exports/women"]');
      expect(form.find('input[name="village"]').val()).toBe(w.villageA1.code);
      expect(form.find('input[name="sort"]').val()).toBe('name');
      expect(form.find('input[name="full_ids"]').val()).toBe('1');
      expect(form.find('button[name="format"]').val()).toBe('csv');
      expect(page('a[href^="/women?"]').attr('href')).toBe(`/women?village=${w.villageA1.code}&sort=name`);
    }
    const roster = await clerkA.post('/exports/rosters/should-adopt', { format: 'xlsx', full_ids: '1', village: w.villageA1.code });
    expect(roster.status).toBe(422);
    expect($(roster.text)('form[action="/exports/rosters/should-adopt"] input[name="village"]').val()).toBe(w.villageA1.code);
    expect(await audits()).toBe(before);
    // The page's form, filled in, exports.
    const ok = await exportCsv(clerkA, { full_ids: '1', village: w.villageA1.code, sort: 'name', reason: '上级部门核查' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain(cards[0].id_number);
    expect(await t.db('audit_log').where({ action: 'export.full_ids' }).orderBy('id', 'desc').first()).toMatchObject({ reason: '上级部门核查' });
  });

  it('a filter outside the caller’s scope answers 404 and exports nothing: card list, rosters, the exception list’s township', async () => {
    const audits = async () => (await t.db('audit_log').whereIn('action', ['export.full_ids', 'export.list']).count({ n: '*' }))[0].n;
    const before = await audits();
    const b1 = w.villageB1.code;
    expect((await exportCsv(clerkA, { village: b1 })).status).toBe(404);
    expect((await exportCsv(clerkA, { village: b1, full_ids: '1', reason: '上级部门核查' })).status).toBe(404);
    expect((await exportCsv(clerkA, { village: '990100009999' })).status).toBe(404);
    for (const roster of ['should-adopt', 'double-check', 'follow-ups', 'removals', 'exceptions']) {
      expect((await clerkA.post(`/exports/rosters/${roster}`, { format: 'csv', village: b1 })).status, roster).toBe(404);
    }
    expect((await clerkA.post('/exports/rosters/exceptions', { format: 'csv', township: w.townshipB.code })).status).toBe(404);
    expect(await audits()).toBe(before);
    // Its own village and township still export.
    expect((await exportCsv(clerkA, { village: w.villageA2.code })).status).toBe(200);
    expect((await clerkA.post('/exports/rosters/exceptions', { format: 'csv', township: w.townshipA.code })).status).toBe(200);
  });

  it('the list page carries the export form with its filters; another township’s export holds none of ours', async () => {
    const page = $((await clerkA.get(`/women?village=${w.villageA2.code}&sort=name`)).text);
    const form = page('form.export-form');
    expect(form.attr('action')).toBe('/exports/women');
    expect(form.find('input[name="village"]').val()).toBe(w.villageA2.code);
    expect(form.find('input[name="sort"]').val()).toBe('name');
    expect(form.find('input[type="checkbox"][name="full_ids"]').length).toBe(1);
    expect(form.find('input[name="reason"]').attr('list')).toBe('access-reasons');
    const other = await exportCsv(clerkB, { full_ids: '1', reason: '核对身份' });
    expect(csvRows(other.text)).toHaveLength(1);
    for (const c of cards) expect(other.text).not.toContain(c.id_number);
  });

  it('a full export imports back: the cards, exited, are recreated with the same fields (XLSX), and CSV reads the same', async () => {
    const xlsx = await postFile(clerkA, '/exports/women', { format: 'xlsx', full_ids: '1', reason: '导出后重新导入' });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const csv = await exportCsv(clerkA, { full_ids: '1', reason: '导出后重新导入' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    const sheetIds = [2, 3, 4].map((n) => wb.worksheets[0].getRow(n).getCell(1).value);
    expect(sheetIds.sort()).toEqual(cards.map((c) => c.id_number).sort());

    const original = await t
      .db('women')
      .whereIn(
        'id',
        cards.map((c) => c.id),
      )
      .orderBy('id_number')
      .select(CARD_COLUMNS);
    for (const c of cards) {
      const card = await t.db('women').where({ id: c.id }).first('version');
      const v = must(card, 'card').version;
      await exitCard(t.db, actorA, c.id, { exit_reason: 'moved_out', exit_date: '2026-03-01', version: v }, { today: TODAY });
    }
    const token = await clerkA.refreshToken('/imports');
    const up = await clerkA.agent
      .post(`/imports?_csrf=${encodeURIComponent(token)}`)
      .field('kind', 'women')
      .attach('file', xlsx.body as Buffer, '导出.xlsx')
      .redirects(0);
    const id = Number(up.headers.location.split('/').pop());
    await whenSettled(id);
    expect((await t.db('import_jobs').where({ id }).first())?.problem_count).toBe(0);
    await clerkA.post(`/imports/${id}/confirm`);
    await whenSettled(id);
    const recreated = await t
      .db('women')
      .where({ status: 'active' })
      .whereIn(
        'id_number',
        cards.map((c) => c.id_number),
      )
      .orderBy('id_number')
      .select(CARD_COLUMNS);
    expect(recreated).toEqual(original);

    // The CSV export holds the same cards: against the register now, each row is a duplicate of its new card.
    const r = await importKind('women')!.run(t.db, actorA, await readTable(Buffer.from(csv.text), 'e.csv'), { now: app.clock.now(), dryRun: true });
    expect(r.problems.map((p) => p.column)).toEqual(['身份证号', '身份证号', '身份证号']);
    expect(r.problems.every((p) => p.message.includes('已有在册信息卡'))).toBe(true);
  });

  it('exports a roster with its filters, masked, as CSV and XLSX; audited', async () => {
    const res = await clerkA.post('/exports/rosters/should-adopt', { format: 'csv', village: w.villageA1.code, month: '2026-03' });
    expect(res.status).toBe(200);
    const rows = csvRows(res.text);
    expect(rows[0]).toBe('\ufeff类别,村(社区),姓名,身份证号,配偶,住址,联系电话,原因'.replace('\ufeff', ''));
    const wang = rows.find((r) => r.includes('王秀英'));
    expect(wang).toBeDefined();
    expect(wang).toContain(maskIdNumber(cards[0].id_number));
    expect(rows.some((r) => r.includes('张玉珍'))).toBe(false);
    const x = await postFile(clerkA, '/exports/rosters/removals', { format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as ArrayBuffer);
    expect(wb.worksheets[0].getRow(2).values).toEqual([undefined, '村(社区)', '姓名', '身份证号', '配偶', '住址', '联系电话', '措施', '放置日期', '到期日期']);
    expect(await t.db('audit_log').where({ action: 'export.list', entity_id: 'roster:should-adopt' })).toHaveLength(1);
    const page = $((await clerkA.get('/rosters/follow-ups')).text);
    expect(page('form.export-form').attr('action')).toBe('/exports/rosters/follow-ups');
    expect((await clerkA.post('/exports/rosters/nonsense', { format: 'csv' })).status).toBe(404);
  });
});
