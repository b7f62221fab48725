/**
 * Imports read within limits and refuse in the dry run whatever the write would refuse (issue 12, items 3, 5,
 * 11, 14c): files past a limit are refused with a message naming it, cells a database refuses or that carry no
 * value are problems at their row and column, ordinary files without the optional columns are accepted, and
 * rich text, hyperlink and formula cells read as what a clerk sees.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../../src/auth/actor.ts';
import { importKind } from '../../../src/features/imports/service.ts';
import { IMPORT_LIMITS, readTable, TableLimitError } from '../../../src/features/imports/service.ts';
import { importTable } from '../../../src/features/imports/service.ts';
import { TEST_NOW } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { actorFor, womanId } from '../../helpers/women.ts';
import { craftXlsx, manyRowsXlsx, rowXml } from '../../helpers/xlsx-craft.ts';

type Problem = { row: number; column: string; value: string; message: string };
const lines = (r: { problems: Problem[] }) => r.problems.map((p) => `${p.row}|${p.column}|${p.value}|${p.message}`);

async function refusal(data: Buffer, name: string, limits = IMPORT_LIMITS): Promise<string> {
  try {
    await readTable(data, name, limits);
  } catch (err) {
    if (err instanceof TableLimitError) return err.message;
    throw err;
  }
  return 'read without refusal';
}

describe('bounded reading', () => {
  it('refuses an XLSX past the row limit while streaming, and one that declares ten million rows at once', async () => {
    const big = await manyRowsXlsx(IMPORT_LIMITS.rows + 10);
    console.log(`crafted ${IMPORT_LIMITS.rows + 10}-row XLSX: ${Math.round(big.length / 1024)} KB`);
    expect(await refusal(big, 'big.xlsx')).toBe('文件超过 200,000 行的上限，请分成几个文件导入');
    const tenMillion = await craftXlsx(rowXml(1, ['村代码']) + rowXml(10_000_000, ['990100001001']), 'A1:A10000000');
    expect(await refusal(tenMillion, 'ten-million.xlsx')).toBe('文件超过 200,000 行的上限，请分成几个文件导入');
  });

  it('refuses columns, cell length and inflated size past their limits; CSV too', async () => {
    const wide = await craftXlsx(
      rowXml(1, ['a']) +
        rowXml(
          2,
          Array.from({ length: 26 }, () => 'x'),
        ),
    );
    expect(await refusal(wide, 'wide.xlsx', { ...IMPORT_LIMITS, columns: 20 })).toBe('文件超过 20 列的上限（第 2 行有第 26 列）');
    const long = `村代码,月份\n${'9'.repeat(IMPORT_LIMITS.cellChars + 1)},2026-01\n`;
    expect(await refusal(Buffer.from(long), 'long.csv')).toBe('第 2 行“村代码”超过单元格 2,000 个字符的上限');
    const csvRows = `村代码\n${'1\n'.repeat(IMPORT_LIMITS.rows + 1)}`;
    expect(await refusal(Buffer.from(csvRows), 'rows.csv')).toBe('文件超过 200,000 行的上限，请分成几个文件导入');
    // 2 MB of XML that deflates to a few KB: refused before any XML is parsed.
    const bomb = await craftXlsx(rowXml(1, ['村代码', ' '.repeat(2 * 1024 * 1024)]));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(await refusal(bomb, 'bomb.xlsx', { ...IMPORT_LIMITS, uncompressedBytes: 1024 * 1024 })).toBe('文件解压后超过 1 MB 的上限，请分成几个文件导入');
  });
});

describe('XLSX text read whole', () => {
  it('Chinese text survives however the inflated parts are chunked (shared strings and inline strings, sheet before strings)', async () => {
    const names = Array.from({ length: 6000 }, (_, i) => `王秀英${'桂兰春梅晓红'.slice(i % 4)}${i}村第${i % 97}组`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['姓名', '住址']);
    for (const n of names) ws.addRow([n, `${n}住址`]);
    const shared = await readTable(Buffer.from(await wb.xlsx.writeBuffer()), 's.xlsx');
    expect(shared.rows.map((r) => r.cells[0])).toEqual(names);
    expect(shared.rows.map((r) => r.cells[1])).toEqual(names.map((n) => `${n}住址`));
    const inline = await readTable(await craftXlsx(rowXml(1, ['姓名']) + names.map((n, i) => rowXml(i + 2, [n])).join('')), 'i.xlsx');
    expect(inline.rows.map((r) => r.cells[0])).toEqual(names);
  });
});

describe('the dry run refuses what the write refuses; ordinary files are accepted', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let county: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    clerkA = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA);
    county = systemActor(w.county);
  });

  const run = async (kind: string, data: Buffer | string, actor: Actor, file = `${kind}.csv`) =>
    importTable(t.db, actor, importKind(kind)!, await readTable(typeof data === 'string' ? Buffer.from(data) : data, file), { now: TEST_NOW, dryRun: true, fileName: file });

  it('population past PostgreSQL integer (2,147,483,648) is a problem of the dry run, at its row and column', async () => {
    const r = await run('population', '村代码,月份,期末总人口,死亡人数\n990100001001,2026-01,2147483648,3\n990100001002,2026-01,1200,2000000\n', county);
    expect(lines(r)).toEqual(['2|期末总人口|2147483648|期末总人口不能大于 10,000,000', '3|死亡人数|2000000|死亡人数不能大于 1,000,000']);
  });

  it('a region name longer than the table allows (50) is a problem of the dry run, not a failed import', async () => {
    const long = '名'.repeat(51);
    const r = await run('regions', `区划代码,名称\n990100001099,${long}\n`, county);
    expect(lines(r)).toEqual([`2|名称|${long}|名称不能超过 50 个字`]);
  });

  it("a NUL byte, another control character or a direction override in a cell is a problem of the dry run, with the forms' message", async () => {
    const csv = `身份证号,姓名,村代码,户口性质,婚姻状况\n${womanId('1992-04-01')},王\u0000秀英,990100001001,农业,未婚\n${womanId('1993-04-01')},李丽,990100001001,农业\u0007,未婚\n${womanId('1994-04-01')},\u202e张敏,990100001001,农业,未婚\n`;
    const r = await run('women', csv, clerkA);
    expect(lines(r)).toEqual([
      '2|姓名|王\\u0000秀英|姓名含有不可见的控制字符（U+0000），请删除后重新输入',
      '3|户口性质|农业\\u0007|户口性质含有不可见的控制字符（U+0007），请删除后重新输入',
      '4|姓名|\\u202e张敏|姓名含有改变文字方向的控制字符（U+202E），请删除后重新输入',
    ]);
    expect(r.toCreate).toBe(0);
  });

  it('a 育龄妇女 file with only the required columns, header variants and an extra column is accepted; the extra column is noted', async () => {
    const csv = `公民身份号码,妇女姓名,所在村,户口类型,婚姻状况,备注\n${womanId('1990-02-03')},赵小红,990100001001,农业,未婚,老户\n`;
    const r = await run('women', csv, clerkA);
    expect(lines(r)).toEqual([]);
    expect(r.toCreate).toBe(1);
    expect(r.notices).toEqual(['以下列不在育龄妇女模板中，已忽略：备注']);
    const missing = await run('women', `妇女姓名,村\n赵小红,990100001001\n`, clerkA);
    expect(lines(missing)).toEqual(['1|身份证号||缺少表头“身份证号”', '1|户口性质||缺少表头“户口性质”', '1|婚姻状况||缺少表头“婚姻状况”']);
  });

  it('a 村 column holding village names reads them as codes within the township; an unknown name is refused at its row', async () => {
    const csv = `身份证号,姓名,村,户口性质,婚姻状况\n${womanId('1991-02-03')},钱小燕,东街村,农业,未婚\n${womanId('1991-03-03')},孙小梅,西街村,农业,未婚\n${womanId('1991-04-03')},周小兰,北山村,农业,未婚\n`;
    const r = await run('women', csv, clerkA);
    expect(lines(r)).toEqual(['4|村代码|北山村|本辖区没有名为“北山村”的村(社区)，请填 12 位村代码或本乡镇的村名']);
    const clean = await run('women', csv.split('\n').slice(0, 3).join('\n') + '\n', clerkA);
    expect(lines(clean)).toEqual([]);
    expect(clean.toCreate).toBe(2);
  });

  it('XLSX rich text and hyperlink cells read as their text; a formula uses its cached result, and without one is refused', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人口');
    ws.addRow(['村代码', '月份', '期末总人口', '死亡人数']);
    ws.addRow([{ richText: [{ text: '990100' }, { font: { bold: true }, text: '001001' }] }, '2026-01', { formula: '1000+200', result: 1200 }, 3]);
    ws.addRow([{ text: '990100001002', hyperlink: 'https://example.org/' }, '2026-01', { formula: 'B2*2' }, 1]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const table = await readTable(buf, 'p.xlsx');
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['990100001001', '2026-01', 1200, 3],
      ['990100001002', '2026-01', null, 1],
    ]);
    const r = await run('population', buf, county, 'p.xlsx');
    expect(lines(r)).toEqual(['3|期末总人口||单元格含公式且无计算结果，请粘贴为数值']);
  });
});
