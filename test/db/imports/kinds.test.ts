/**
 * Spreadsheet imports against PostgreSQL (DESIGN §12): every kind of problem a dry run must list (with row,
 * column, value and the form's own message), all-or-nothing writes, GB18030 and XLSX files, scope, and the
 * children and services files that follow a women file.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { systemActor } from '../../../src/auth/actor.ts';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { importKind } from '../../../src/features/imports/service.ts';
import { readTable } from '../../../src/features/imports/service.ts';
import type { ImportResult } from '../../../src/features/imports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { actorFor, makeCard, manId, womanId } from '../../helpers/women.ts';
import { must } from '../../helpers/must.ts';

const NOW = new Date('2026-03-15T02:00:00Z');
const WOMEN_HEADER = '身份证号,姓名,村代码,民族,户口性质,婚姻状况,结婚日期,配偶姓名,配偶身份证号,联系电话,住址,流动状态';

/** A valid ID whose check digit is then changed: the classic typo. */
function badCheckDigit(id: string): string {
  const last = id[17] === '0' ? '1' : '0';
  return id.slice(0, 17) + last;
}

const lines = (r: ImportResult) => r.problems.map((p) => `${p.row}|${p.column}|${p.value}|${p.message}`);

describe('imports', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    clerkA = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA);
  });

  const run = async (kind: string, data: Buffer | string, options: { dryRun?: boolean; actor?: Actor; file?: string } = {}) => {
    const table = await readTable(typeof data === 'string' ? Buffer.from(data) : data, options.file ?? `${kind}.csv`);
    return importKind(kind)!.run(t.db, options.actor ?? clerkA, table, { now: NOW, dryRun: options.dryRun, fileName: options.file ?? `${kind}.csv` });
  };
  const womenCount = async () => Number((await t.db('women').count({ n: '*' }))[0].n);

  it('a dry run lists every kind of problem with row, column, value and message, and writes nothing', async () => {
    const existing = await makeCard(t.db, clerkA, w.villageA1.code);
    const good = womanId('1992-04-01');
    const bad = badCheckDigit(womanId('1993-05-02'));
    const csv = [
      WOMEN_HEADER,
      `${good},李秀兰,990100001001,汉族,农业,初婚,2015-10-01,王强,${manId('1990-01-01')},13800000001,东街村1组,常住`,
      `${bad},张玉珍,990100001001,汉族,农业,未婚,,,,,,常住`,
      `${womanId('1994-06-03')},刘桂英,990100001099,汉族,农业,未婚,,,,,,常住`,
      `${womanId('1995-07-04')},陈凤英,990100001002,汉族,农业,初婚,2015-02-30,赵刚,,,,常住`,
      `${good},李秀兰,990100001001,汉族,农业,初婚,2015-10-01,王强,,,,常住`,
      `${existing.id_number},王秀英,990100001002,汉族,农业,未婚,,,,,,常住`,
      `${womanId('1996-08-05')},杨丽,990100002001,汉族,农业,未婚,,,,,,常住`,
      `${womanId('1991-01-06')},黄敏,990100001001,汉族,非农,离婚,2012-01-01,,,,,常住`,
    ].join('\n');
    const before = await womenCount();
    const r = await run('women', csv, { dryRun: true });
    expect(lines(r)).toEqual([
      `3|身份证号|${maskIdNumber(bad)}|身份证号校验不通过，请逐位核对证件`,
      '4|村代码|990100001099|村代码 990100001099 不存在或不在您的管辖范围内',
      '5|结婚日期|2015-02-30|结婚日期不是有效日期（格式如 2026-03-15、2026.3.15、20260315）',
      `6|身份证号|${maskIdNumber(good)}|与第 2 行的身份证号重复，同一人只能建一张信息卡`,
      `7|身份证号|${maskIdNumber(existing.id_number)}|该身份证号已有在册信息卡（东街村 王秀英），不能重复建卡`,
      '8|村代码|990100002001|村代码 990100002001 不存在或不在您的管辖范围内',
      '9|户口性质|非农|请选择户口性质',
    ]);
    expect(r.toCreate).toBe(0);
    expect(await womenCount()).toBe(before);
  });

  it('refuses a file whose headers are not the template’s', async () => {
    const r = await run('women', `证号,姓名,村代码,民族,户口性质,婚姻状况,结婚日期,配偶姓名,配偶身份证号,联系电话,住址,流动状态\n${womanId()},王芳,990100001001,汉族,农业,未婚,,,,,,常住\n`, {
      dryRun: true,
    });
    expect(lines(r)).toEqual(['1|身份证号||缺少表头“身份证号”']);
  });

  it('all or nothing: one bad row anywhere and no card is created; a clean file is written in one go, audited', async () => {
    const ids = [womanId('1990-02-01'), womanId('1990-02-02'), womanId('1990-02-03')];
    const row = (id: string, village = '990100001001') => `${id},孙丽,${village},汉族,农业,未婚,,,,,,常住`;
    const before = await womenCount();
    const failed = await run('women', [WOMEN_HEADER, row(ids[0]), row(ids[1]), row(ids[2], '990100009999')].join('\n'));
    expect(failed.problems).toHaveLength(1);
    expect(failed.written).toBe(0);
    expect(await womenCount()).toBe(before);

    const ok = await run('women', [WOMEN_HEADER, row(ids[0]), row(ids[1]), row(ids[2], '990100001002')].join('\n'), { file: '三人.csv' });
    expect(ok).toMatchObject({ problems: [], written: 3, toCreate: 3 });
    expect(await womenCount()).toBe(before + 3);
    const created = await t.db('women').whereIn('id_number', ids).orderBy('id_number').select('id', 'name', 'region_id', 'created_by');
    expect(created.map((c) => c.region_id)).toEqual([w.villageA1.id, w.villageA1.id, w.villageA2.id]);
    expect(created.every((c) => c.created_by === clerkA.userId)).toBe(true);
    // One audit row per batch of imported cards, listing their ids (per-card rows measured too slow at 100,000).
    const cardAudit = must(await t.db('audit_log').where({ action: 'card.import', entity: 'woman' }).first(), 'card audit row');
    expect(cardAudit).toMatchObject({ username: clerkA.username, reason: '导入 三人.csv', region_id: w.townshipA.id });
    expect(cardAudit.after).toEqual({ count: 3, ids: expect.arrayContaining(created.map((c) => c.id)) as number[], villages: { '990100001001': 2, '990100001002': 1 } });
    const importAudit = must(await t.db('audit_log').where({ action: 'import.women' }).first(), 'import audit row');
    expect(importAudit.after).toEqual({ file: '三人.csv', rows: 3, created: 3, unchanged: 0 });
    expect(importAudit.region_id).toBe(w.townshipA.id);
  });

  it('reads a GB18030 file with Chinese labels as well as codes', async () => {
    const id = womanId('1988-09-09');
    const csv = `${WOMEN_HEADER}\r\n${id},周秀珍,990100001002,回族,non_agricultural,再婚,2014-05-05,吴军,,,西街村,流出\r\n`;
    const r = await run('women', iconv.encode(csv, 'gb18030'), { dryRun: true });
    expect(lines(r)).toEqual(['2|流入/流出地||流出人员请填写流入地（现居住地）', '2|流动起始日期||请填写流动起始日期']);
    const fixed = `${WOMEN_HEADER},流入/流出地,流动起始日期\r\n${id},周秀珍,990100001002,回族,non_agricultural,再婚,2014-05-05,吴军,,,西街村,流出,广东东莞,2025-06-01\r\n`;
    const ok = await run('women', iconv.encode(fixed, 'gb18030'));
    expect(ok).toMatchObject({ problems: [], written: 1 });
    expect(await t.db('women').where({ id_number: id }).first()).toMatchObject({
      name: '周秀珍',
      ethnicity: '回族',
      hukou_kind: 'non_agricultural',
      marital_status: 'remarried',
      migrant_status: 'outflow',
      migrant_place: '广东东莞',
      migrant_since: '2025-06-01',
    });
  });

  it('reads an XLSX file: date cells, numbers, and an ID typed as a number is refused with a hint', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('育龄妇女');
    ws.addRow(WOMEN_HEADER.split(','));
    const id = womanId('1989-03-03');
    ws.addRow([id, '马红', 990100001001, '汉族', '农业', '初婚', new Date(Date.UTC(2012, 4, 20)), '朱伟', '', 13912345678, '', '常住']);
    ws.addRow([Number(womanId('1989-03-04').slice(0, 17)) * 10, '胡燕', '990100001001', '汉族', '农业', '未婚', '', '', '', '', '', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await run('women', buf, { file: 'w.xlsx', dryRun: true });
    expect(r.problems.map((p) => `${p.row}|${p.column}|${p.message}`)).toEqual(['3|身份证号|身份证号被 Excel 存成了数字，末几位可能已丢失；请把该列设为“文本”后重新填写']);
    ws.spliceRows(3, 1);
    const ok = await run('women', Buffer.from(await wb.xlsx.writeBuffer()), { file: 'w.xlsx' });
    expect(ok).toMatchObject({ problems: [], written: 1 });
    expect(await t.db('women').where({ id_number: id }).first()).toMatchObject({ marriage_date: '2012-05-20', phone: '13912345678', region_id: w.villageA1.id });
  });

  it('reads 本人/配偶是否独生子女 (是/否/不详, 1/0, Y/N, full-width) onto the card; a bad value refuses the file', async () => {
    const ids = [womanId('1991-04-01'), womanId('1991-04-02'), womanId('1991-04-03'), womanId('1991-04-04')];
    const header = `${WOMEN_HEADER},建卡日期,本人是否独生子女,配偶是否独生子女`;
    const row = (id: string, own: string, spouse: string) => `${id},郑丽,990100001001,汉族,农业,初婚,2015-10-01,钱军,,,,常住,,${own},${spouse}`;
    const facts = async () => (await t.db('women').whereIn('id_number', ids).orderBy('id_number').select('only_child', 'spouse_only_child')).map((r) => [r.only_child, r.spouse_only_child]);

    const bad = await run('women', [header, row(ids[0], '是', '否'), row(ids[1], '独生', ''), row(ids[2], '否', '2')].join('\n'));
    expect(lines(bad)).toEqual(['3|本人是否独生子女|独生|本人是否独生子女应为“是”“否”或“不详”', '4|配偶是否独生子女|2|配偶是否独生子女应为“是”“否”或“不详”']);
    expect(bad.written).toBe(0);
    expect(await facts()).toEqual([]);

    const ok = await run('women', [header, row(ids[0], '是', '否'), row(ids[1], '不详', ''), row(ids[2], ' 1 ', 'N'), row(ids[3], 'Ｙ', '０')].join('\n'));
    expect(ok).toMatchObject({ problems: [], written: 4 });
    expect(await facts()).toEqual([
      [true, false],
      [null, null],
      [true, false],
      [true, false],
    ]);

    // Aliases, an XLSX TRUE/FALSE cell; a file without the columns leaves both facts 不详.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('育龄妇女');
    ws.addRow([...WOMEN_HEADER.split(','), '女方是否独生子女', '男方是否独生子女']);
    const x = womanId('1991-04-05');
    ws.addRow([x, '冯静', '990100001001', '汉族', '农业', '初婚', '2016-01-01', '', '', '', '', '常住', false, true]);
    expect(await run('women', Buffer.from(await wb.xlsx.writeBuffer()), { file: 'w.xlsx' })).toMatchObject({ problems: [], written: 1 });
    expect(await t.db('women').where({ id_number: x }).first()).toMatchObject({ only_child: false, spouse_only_child: true });
    const plain = womanId('1991-04-06');
    expect(await run('women', `${WOMEN_HEADER}\n${plain},卫红,990100001001,汉族,农业,未婚,,,,,,常住`)).toMatchObject({ problems: [], written: 1 });
    expect(await t.db('women').where({ id_number: plain }).first()).toMatchObject({ only_child: null, spouse_only_child: null });
  });

  it('reads dates typed the way they are written on paper (2021.5.1, 20210501, 2021年5月1日) as ISO dates; 2021.2.30 is refused at its column', async () => {
    const ids = [womanId('1990-08-01'), womanId('1990-08-02'), womanId('1990-08-03')];
    const header = `${WOMEN_HEADER},建卡日期`;
    const row = (id: string, married: string, registered: string) => `${id},蒋华,990100001001,汉族,农业,初婚,${married},沈军,,,,常住,${registered}`;
    const dates = async () =>
      (await t.db('women').whereIn('id_number', ids).orderBy('id_number').select('id_number', 'marriage_date', 'registered_on')).map((r) => [r.id_number, r.marriage_date, r.registered_on]);

    const bad = await run('women', [header, row(ids[0], '2021.5.1', '20210501'), row(ids[1], '2021.2.30', '2021年5月1日')].join('\n'));
    expect(lines(bad)).toEqual(['3|结婚日期|2021.2.30|结婚日期不是有效日期（格式如 2026-03-15、2026.3.15、20260315）']);
    expect(bad.written).toBe(0);
    expect(await dates()).toEqual([]);

    const ok = await run('women', [header, row(ids[0], '2021.5.1', '20210501'), row(ids[1], '20210501', '2021年5月1日'), row(ids[2], '2021年5月1日', '２０２１／５／１')].join('\n'));
    expect(ok).toMatchObject({ problems: [], written: 3 });
    expect(await dates()).toEqual(ids.map((id) => [id, '2021-05-01', '2021-05-01']).sort((a, b) => a[0].localeCompare(b[0])));

    // The children file too: a birth date in a paper spelling is stored as the ISO date.
    const header2 = '母亲身份证号,子女姓名,性别,出生日期,孩次,政策属性,生育证号';
    expect(await run('children', [header2, `${ids[0]},蒋一,女,2022年3月4日,1,,`].join('\n'))).toMatchObject({ problems: [], written: 1 });
    const mother = must(await t.db('women').where({ id_number: ids[0] }).first(), 'the imported card');
    expect(await t.db('children').where({ woman_id: mother.id }).select('name', 'birth_date')).toEqual([{ name: '蒋一', birth_date: '2022-03-04' }]);
  });

  it('children: mother by ID within scope, birth order from the dates, duplicates in file and on the card', async () => {
    const mother = await makeCard(t.db, clerkA, w.villageA2.code, { id_number: womanId('1990-05-12'), marriage_date: '2013-10-01' });
    const motherB = await makeCard(t.db, actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id }), w.townshipB), w.villageB1.code);
    const header = '母亲身份证号,子女姓名,性别,出生日期,孩次,政策属性,生育证号';
    const csv = [
      header,
      `${mother.id_number},李二,女,2019-06-01,2,,`,
      `${mother.id_number},李大,男,2015-03-01,1,,`,
      `${mother.id_number},李大,男,2015-03-01,1,,`,
      `${motherB.id_number},赵一,男,2016-01-01,1,,`,
      `${mother.id_number},李三,男,2019-09-01,,,`,
    ].join('\n');
    const r = await run('children', csv, { dryRun: true });
    expect(lines(r)).toEqual([
      '4|子女姓名|李大|与第 3 行重复（同一母亲、同一出生日期、性别和姓名）',
      `5|母亲身份证号|${maskIdNumber(motherB.id_number)}|没有该身份证号的在册育龄妇女（或不在您的管辖范围内）；请先建立或导入她的信息卡`,
      '6|出生日期|2019-09-01|第3孩 李三（2019-09-01出生）与第2孩 李二（2019-06-01出生）出生间隔不足 6 个月（双胞胎请填同一出生日期）',
    ]);
    expect(await t.db('children').where({ woman_id: mother.id })).toEqual([]);

    const ok = await run('children', [header, `${mother.id_number},李二,女,2019-06-01,2,,`, `${mother.id_number},李大,男,2015-03-01,1,,`].join('\n'));
    expect(ok).toMatchObject({ problems: [], written: 2 });
    const kids = await t.db('children').where({ woman_id: mother.id }).orderBy('birth_order').select('name', 'birth_order', 'policy_status');
    expect(kids).toEqual([
      { name: '李大', birth_order: 1, policy_status: 'compliant' },
      { name: '李二', birth_order: 2, policy_status: 'compliant' },
    ]);
    const again = await run('children', [header, `${mother.id_number},李大,男,2015-03-01,1,,`].join('\n'), { dryRun: true });
    expect(lines(again)).toEqual(['2|子女姓名|李大|王秀英 的信息卡上已登记该子女（2015-03-01），不能重复登记']);
  });

  it('services: state changes in date order, refusals at their column, all or nothing', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code, { id_number: womanId('1991-07-07') });
    const header = '身份证号,服务项目,服务日期,服务机构,服务人员,结果,并发症';
    const bad = [
      header,
      `${woman.id_number},取环,2024-05-01,乡卫生院,张医生,,无`,
      `${woman.id_number},上环,2020-03-01,乡卫生院,张医生,,无`,
      `${woman.id_number},取环,2025-05-01,乡卫生院,张医生,,`,
    ].join('\n');
    // Not a dry run: the insertion (row 3) and the first removal (row 2) go through, the second removal (row 4)
    // is refused — and the whole file is rolled back.
    const r = await run('services', bad);
    expect(r.problems.map((p) => p.row)).toEqual([4]);
    expect(r.problems[0].message).toContain('宫内节育器');
    expect(r.written).toBe(0);
    expect(await t.db('services').where({ woman_id: woman.id })).toEqual([]);
    expect(await t.db('contraception_episodes').where({ woman_id: woman.id })).toEqual([]);
    expect(await t.db('follow_ups').where({ woman_id: woman.id })).toEqual([]);
    expect(
      await t
        .db('audit_log')
        .where({ entity: 'woman', entity_id: String(woman.id) })
        .whereLike('action', 'service%'),
    ).toEqual([]);
    const ok = await run(
      'services',
      [
        header,
        `${woman.id_number},取环,2024-05-01,乡卫生院,张医生,,无`,
        `${woman.id_number},上环,2020-03-01,乡卫生院,张医生,,无`,
        `${woman.id_number},查环查孕,2024-06-01,服务站,李护士,无环，未孕,无`,
      ].join('\n'),
    );
    expect(ok).toMatchObject({ problems: [], written: 3 });
    const services = await t.db('services').where({ woman_id: woman.id }).orderBy('performed_on').select('kind', 'pregnancy_result');
    expect(services.map((s) => s.kind)).toEqual(['iud_insertion', 'iud_removal', 'ring_pregnancy_check']);
    expect(services[2].pregnancy_result).toBe('negative');
    expect(await t.db('contraception_episodes').where({ woman_id: woman.id }).first()).toMatchObject({ method: 'iud', started_on: '2020-03-01', ended_on: '2024-05-01' });
    expect(await t.db('audit_log').where({ action: 'import.services' }).first()).toBeTruthy();
  });

  it('regions: the admin or the operator adds townships and villages, parents first; existing codes unchanged', async () => {
    const county = systemActor(w.county);
    const csv = ['区划代码,名称', '990100003001,新村', '990100003,西河乡', '990100001001,东街村', '990100001002,另一个名字'].join('\n');
    const r = await run('regions', csv, { actor: county, dryRun: true });
    expect(lines(r)).toEqual(['5|名称|另一个名字|区划代码 990100001002 已存在，名称为“西街村”；如需改名请在“管理 › 区划”中修改']);
    const ok = await run('regions', csv.split('\n').slice(0, 4).join('\n'), { actor: county });
    expect(ok).toMatchObject({ problems: [], written: 2, unchanged: 1 });
    expect(await t.db('regions').where({ code: '990100003001' }).first()).toMatchObject({ name: '新村', level: 'village' });
  });
});
