import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/auth/actor.ts';
import { cellMonth, decodeText, importPopulation, readTable } from '../../../src/features/imports/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';

const NOW = new Date('2026-06-10T02:00:00Z');
const root = path.resolve(import.meta.dirname, '..', '..', '..');

describe('population import (人口 template)', () => {
  const t = useTestDatabase();
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(t.db);
  });

  const figures = () => t.db('population_figures').orderBy(['region_id', 'month']).select('region_id', t.db.raw(`to_char(month, 'YYYY-MM') as month`), 'population_end', 'deaths');

  it('reads UTF-8 with and without BOM, and GB18030, to the same table', async () => {
    const csv = '村代码,月份,期末总人口,死亡人数\r\n990100001001,2026-03,"1,010",2\r\n';
    const a = await readTable(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]), 'a.csv');
    const b = await readTable(Buffer.from(csv, 'utf8'), 'b.csv');
    const c = await readTable(iconv.encode(csv, 'gb18030'), 'c.csv');
    expect(a).toEqual(b);
    expect(c).toEqual(b);
    expect(b.headers).toEqual(['村代码', '月份', '期末总人口', '死亡人数']);
    expect(b.rows).toEqual([{ row: 2, cells: ['990100001001', '2026-03', '1,010', '2'] }]);
    expect(decodeText(iconv.encode('期末总人口', 'gb18030'))).toBe('期末总人口');
    expect(cellMonth(new Date(Date.UTC(2026, 2, 1)))).toBe('2026-03');
    expect(cellMonth('2026年3月')).toBe('2026-03');
  });

  it('lists every problem with row, column and value, and writes nothing', async () => {
    const csv = [
      '村代码,月份,期末总人口,死亡人数',
      '990100001001,2026-03,1010,2',
      '99010000100,2026-03,500,1',
      '990100001002,2026-13,500,1',
      '990100001002,2026-04,abc,-1',
      '990100009999,2026-04,100,1',
      '990100001001,2026-03,1011,2',
      '990100001002,2026-05,100,200',
    ].join('\n');
    const r = await importPopulation(t.db, systemActor(w.county), await readTable(Buffer.from(csv), 'p.csv'), { now: NOW });
    const lines = r.problems.map((p) => `${p.row}|${p.column}|${p.value}|${p.message}`);
    expect(lines).toEqual([
      '3|村代码|99010000100|村代码应为 12 位数字',
      '4|月份|2026-13|月份格式应为 2026-03',
      '5|期末总人口|abc|期末总人口应为不小于 0 的整数',
      '5|死亡人数|-1|死亡人数应为不小于 0 的整数',
      '6|村代码|990100009999|村代码 990100009999 不存在或不在您的管辖范围内',
      '7|月份|2026-03|与第 2 行重复（同一村同一月份只能有一行）',
      '8|死亡人数|200|死亡人数不能大于期末总人口',
    ]);
    expect(await figures()).toEqual([]);
  });

  it('refuses a file without the template headers (村 is a variant of 村代码)', async () => {
    const r = await importPopulation(t.db, systemActor(w.county), await readTable(Buffer.from('村,月,人口\n1,2,3\n'), 'x.csv'), { now: NOW });
    expect(r.problems.map((p) => p.message)).toEqual(['缺少表头“月份”', '缺少表头“期末总人口”', '缺少表头“死亡人数”']);
  });

  it('imports a clean XLSX in one transaction (dates typed by Excel included), audited', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人口');
    ws.addRow(['村代码', '月份', '期末总人口', '死亡人数', '备注']);
    ws.addRow(['990100001001', '2026-04', 1012, 1, '']);
    ws.addRow(['990100001002', new Date(Date.UTC(2026, 3, 1)), 501, 0, '']);
    ws.addRow([990100002001, '2026/4', '800', '3', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const dry = await importPopulation(t.db, systemActor(w.county), await readTable(buf, 'p.xlsx'), { now: NOW, dryRun: true });
    expect(dry.problems).toEqual([]);
    expect(await figures()).toEqual([]);
    const r = await importPopulation(t.db, systemActor(w.county), await readTable(buf, 'p.xlsx'), { now: NOW });
    expect(r).toMatchObject({ problems: [], written: 3, unchanged: 0 });
    expect(await figures()).toEqual([
      { region_id: w.villageA1.id, month: '2026-04', population_end: 1012, deaths: 1 },
      { region_id: w.villageA2.id, month: '2026-04', population_end: 501, deaths: 0 },
      { region_id: w.villageB1.id, month: '2026-04', population_end: 800, deaths: 3 },
    ]);
    const audit = must(await t.db('audit_log').where({ action: 'population.import' }).first(), 'audit row');
    expect(audit.username).toBe('system');
    expect(audit.after).toHaveLength(3);
  });

  it('runs from the command line: clean file exit 0, bad file exit 1 with the problem list', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pop-'));
    const good = path.join(dir, 'good.csv');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(good, iconv.encode('村代码,月份,期末总人口,死亡人数\r\n990100001001,2026-05,1013,0\r\n', 'gb18030'));
    fs.writeFileSync(bad, '\ufeff村代码,月份,期末总人口,死亡人数\n990100001001,2026-05,x,0\n');
    const run = (file: string) =>
      spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['src/cli.ts', 'import', 'population', file], {
        cwd: root,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, DATABASE_URL: t.url, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
      });
    const b = run(bad);
    expect(b.status).toBe(1);
    expect(b.stderr).toContain('第 2 行 期末总人口「x」：期末总人口应为不小于 0 的整数');
    const g = run(good);
    expect(g.status, g.stderr).toBe(0);
    expect(g.stdout).toContain('已导入 1 行');
    expect(await t.db('population_figures').where({ region_id: w.villageA1.id, month: '2026-05-01' }).first('population_end')).toEqual({ population_end: 1013 });
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
  it('reads the optional 迁入人数 / 迁出人数 columns (a blank cell is "not entered"); a file without them keeps what is stored', async () => {
    const moves = () => t.db('population_figures').where('month', '2025-08-01').orderBy('region_id').select('region_id', 'population_end', 'deaths', 'moved_in', 'moved_out');
    const withMoves = ['村代码,月份,期末总人口,死亡人数,迁入人数,迁出人数', '990100001001,2025-08,1000,1,6,2', '990100001002,2025-08,500,0,,3'].join('\n');
    const r = await importPopulation(t.db, systemActor(w.county), await readTable(Buffer.from(withMoves), 'm.csv'), { now: NOW });
    expect(r).toMatchObject({ problems: [], written: 2 });
    expect(await moves()).toEqual([
      { region_id: w.villageA1.id, population_end: 1000, deaths: 1, moved_in: 6, moved_out: 2 },
      { region_id: w.villageA2.id, population_end: 500, deaths: 0, moved_in: null, moved_out: 3 },
    ]);

    const without = ['村代码,月份,期末总人口,死亡人数', '990100001001,2025-08,1001,1'].join('\n');
    expect(await importPopulation(t.db, systemActor(w.county), await readTable(Buffer.from(without), 'n.csv'), { now: NOW })).toMatchObject({ problems: [], written: 1 });
    expect((await moves())[0]).toEqual({ region_id: w.villageA1.id, population_end: 1001, deaths: 1, moved_in: 6, moved_out: 2 });

    const bad = ['村代码,月份,期末总人口,死亡人数,迁入人数,迁出人数', '990100001002,2025-08,500,0,-4,x'].join('\n');
    const refused = await importPopulation(t.db, systemActor(w.county), await readTable(Buffer.from(bad), 'b.csv'), { now: NOW });
    expect(refused.problems.map((p) => `${p.row}|${p.column}|${p.value}|${p.message}`)).toEqual(['2|迁入人数|-4|迁入人数应为不小于 0 的整数', '2|迁出人数|x|迁出人数应为不小于 0 的整数']);
    expect((await moves())[1]).toMatchObject({ moved_in: null, moved_out: 3 });
  });
});
