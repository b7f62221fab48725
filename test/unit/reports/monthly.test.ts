import { describe, expect, it } from 'vitest';
import { emptyCounts, withRates } from '../../../src/domain/indicators.ts';
import { csvLine } from '../../../src/files/csv.ts';
import { barChart, niceMax } from '../../../src/features/reports/service.ts';
import { reportCsv } from '../../../src/features/reports/service.ts';
import { LAYOUTS, flatColumns, isSingle } from '../../../src/features/reports/service.ts';
import type { Report } from '../../../src/features/reports/service.ts';

describe('report output', () => {
  it('neutralises spreadsheet formulas in text cells but keeps numbers (a negative rate stays a number)', () => {
    // The report CSV is written by the one CSV writer (src/files/csv.ts).
    expect(csvLine(['=1+1'])).toBe("'=1+1\r\n");
    expect(csvLine(['+86 123'])).toBe("'+86 123\r\n");
    expect(csvLine(['@SUM(A1)'])).toBe("'@SUM(A1)\r\n");
    expect(csvLine(['东街村'])).toBe('东街村\r\n');
    expect(csvLine(['a,b'])).toBe('"a,b"\r\n');
    expect(csvLine([-0.54])).toBe('-0.54\r\n');
  });

  it('lays out 国人口统1表 and 2表 in the official column order', () => {
    const t1 = flatColumns(LAYOUTS.table1.parts[0]).map((c) => c.header);
    expect(t1).toEqual([
      '期末人口总数',
      '期末已婚育龄妇女人数',
      '期末领取独生子女证人数',
      '本期出生人数·合计',
      '本期出生人数·男',
      '本期出生人数·女',
      '往年出生未报人数',
      '一孩出生·合计',
      '一孩出生·其中计划内',
      '二孩出生·合计',
      '二孩出生·其中计划内',
      '多孩出生·合计',
      '多孩出生·其中计划内',
    ]);
    const t2 = flatColumns(LAYOUTS.table2.parts[0]).map((c) => c.header);
    expect(t2.slice(0, 9)).toEqual([
      '选用各种避孕方法人数·小计',
      '选用各种避孕方法人数·男性绝育',
      '选用各种避孕方法人数·女性绝育',
      '选用各种避孕方法人数·放置宫内节育器',
      '选用各种避孕方法人数·皮下埋植',
      '选用各种避孕方法人数·口服及注射避孕药',
      '选用各种避孕方法人数·避孕套',
      '选用各种避孕方法人数·外用药',
      '选用各种避孕方法人数·其它',
    ]);
    expect(t2.slice(9).map((h) => h.split('·')[1])).toEqual(['小计', '男性绝育', '女性绝育', '放置宫内节育器', '取出宫内节育器', '人工流产', '皮下埋植']);
    expect(isSingle(LAYOUTS.table1.parts[0].groups[0])).toBe(true);
    // The official form numbers its data columns 1–13 (peer-systems §3.6).
    expect(t1).toHaveLength(13);
    // 统2表's 人工流产 includes 中期引产, and its 小计 is the sum of its six procedure columns.
    const procedureColumns = LAYOUTS.table2.parts[0].groups[1].columns.map((c) => c.key);
    expect(procedureColumns).toContain('table2_abortions');
    for (const layout of [LAYOUTS.table1, LAYOUTS.table2]) expect(layout.official?.approvalNo).toBe('国统制〔2008〕78号');
  });

  it('writes a CSV with BOM, units in rate headers and "—" for an undefined rate', () => {
    const f = withRates({ ...emptyCounts(), births: 2, births_compliant: 2 });
    const r: Report = {
      region: { id: 1, code: '990100001', name: '城关镇', level: 'township', active: true },
      period: { from: '2026-03-01', to: '2026-03-31' },
      rowLevel: 'village',
      rows: [{ region: { id: 2, code: '990100001001', name: '东街村', level: 'village', active: true }, figures: f }],
      total: f,
    };
    const csv = reportCsv(r, LAYOUTS.monthly);
    expect(csv.startsWith('\ufeff地区,区划代码,出生人数·合计')).toBe(true);
    const [header, row] = csv.slice(1).split('\r\n');
    const cols = header.split(',');
    const cells = row.split(',');
    expect(cells[cols.indexOf('符合政策生育率(%)')]).toBe('100');
    expect(cells[cols.indexOf('出生人口性别比')]).toBe('—');
  });

  it('draws bar charts with presentation attributes only, and a text description of every value', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(94)).toBe(100);
    expect(niceMax(338)).toBe(500);
    const svg = barChart({
      id: 'c1',
      title: '出生',
      months: ['2026-01', '2026-02'],
      series: [
        { label: '男', values: [3, 0], fill: 'solid' },
        { label: '女', values: [1, 2], fill: 'hatch' },
      ],
    });
    expect(svg).not.toMatch(/style=/);
    expect(svg).toContain('<desc id="c1-d">2026-01: 男 3，女 1；2026-02: 男 0，女 2</desc>');
    expect(svg.match(/<rect x=/g)?.length).toBe(2 + 3); // legend swatches + three non-zero bars
    expect(svg).toContain('url(#c1-hatch)');
  });
});
