/** Bad outside birth list files are refused in Chinese with nothing saved (issue 16 §3); the templates download. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../src/domain/id-number.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { uploadList as upload } from '../../helpers/outside-births.ts';
import { binary } from '../binary.ts';

const HEADER = '母亲身份证号,母亲姓名,子女姓名,性别,出生日期,医院/派出所,出生医学证明编号';
const GOOD = `${makeIdNumber('990100', '1994-06-01', 8)},王秀英,李小明,男,2026.9.3,县人民医院,Q001`;

describe('outside birth list files', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let clerk: Client;

  beforeAll(async () => {
    const w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-11-20T03:00:00Z'));
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
  });
  afterAll(() => app.close());

  async function refused(file: Buffer, name: string, ...messages: string[]) {
    const res = await upload(clerk, file, name);
    expect(res.status, res.text).toBe(422);
    const text = $(res.text)('.error-summary, .field-error').text();
    for (const m of messages) expect(text).toContain(m);
    expect($(res.text)('#f-name').attr('value')).toBe('县人民医院 2026年9月');
    expect(await t.db('outside_birth_lists').count('* as n').first()).toEqual({ n: 0 });
    expect(await t.db('outside_births').count('* as n').first()).toEqual({ n: 0 });
  }

  it('refuses wrong headers', async () => {
    await refused(Buffer.from(`身份证号,姓名,性别,出生日期\n${GOOD}\n`), 'x.csv', '缺少表头“母亲身份证号”', '缺少表头“母亲姓名”');
  });

  it('refuses bad dates and ID numbers, row by row, saving none of the good rows', async () => {
    const file = `${HEADER}\n${GOOD}\n110105199003070020,李桂兰,,女,2026-09-04,,\n${makeIdNumber('990100', '1990-01-01', 8)},张丽,,女,2026-02-30,,\n${makeIdNumber('990100', '1988-02-01', 9)},赵敏,,男,2027-01-01,,\n,,,未知,,,\n`;
    await refused(
      Buffer.from(file),
      'x.csv',
      '第 3 行 母亲身份证号',
      '第 4 行 出生日期「2026-02-30」：出生日期不是有效日期',
      '第 5 行 母亲身份证号',
      '该身份证号是男性的',
      '第 5 行 出生日期「2027-01-01」：出生日期不能晚于今天',
      '第 6 行 母亲姓名：请填写母亲姓名',
      '第 6 行 性别「未知」：性别应为 男 或 女',
    );
  });

  it('refuses a file that is not a spreadsheet, and a file past the size limit', async () => {
    await refused(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]), 'photo.csv', '文件不是 CSV 表格');
    await refused(Buffer.from('hello'), 'notes.docx', '只能导入 CSV 或 Excel（.xlsx）文件');
    await refused(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), 'broken.xlsx', '无法读取该文件');
    await refused(Buffer.alloc(5 * 1024 * 1024 + 10, 0x41), 'big.csv', '文件超过 5 MB');
  });

  it('imports an XLSX with a date cell, and offers both templates', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(HEADER.split(','));
    ws.addRow([makeIdNumber('990100', '1994-06-01', 8), '王秀英', '李小明', '男', new Date(Date.UTC(2026, 8, 3)), '县人民医院', 'Q001']);
    const res = await upload(clerk, Buffer.from(await wb.xlsx.writeBuffer()), '名单.xlsx');
    expect(res.status, res.text).toBe(303);
    const row = await t.db('outside_births').first('birth_date', 'sex', 'match_status');
    expect(row).toEqual({ birth_date: '2026-09-03', sex: 'male', match_status: 'unknown_mother' });
    const csv = await clerk.get('/outside-births/templates/births.csv');
    expect(csv.text.replace('\ufeff', '').trim()).toBe(HEADER);
    const xlsx = await clerk.get('/outside-births/templates/births.xlsx').buffer(true).parse(binary);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as ArrayBuffer);
    expect(book.worksheets[0]!.getRow(1).values).toEqual([undefined, ...HEADER.split(',')]);
  });
});
