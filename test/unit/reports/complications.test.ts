/** The complications table's arithmetic (pure): rows by kind and by region, 合计 = sum of rows, the ‰ rate. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPLICATION, PROCEDURE_KIND } from '../../../src/domain/codes.ts';
import { complicationTables, tally, type ComplicationCell } from '../../../src/features/reports/complications/table.ts';

const REGIONS = [
  { id: 1, code: '990100001', name: '城关镇', active: true },
  { id: 2, code: '990100002', name: '东山镇', active: true },
  { id: 3, code: '990100003', name: '旧镇', active: false },
];

describe('complications table', () => {
  it('counts a serious complication only with a complication, and rates per thousand', () => {
    const f = tally([
      { complication: 'none', serious: false, n: 5 },
      { complication: 'none', serious: true, n: 1 },
      { complication: 'infection', serious: true, n: 2 },
      { complication: 'other', serious: false, n: 1 },
    ]);
    expect([f.procedures, f.complicated, f.serious, f.byComplication.infection, f.byComplication.other]).toEqual([9, 3, 2, 2, 1]);
    expect(f.rate).toEqual({ numerator: 3, denominator: 9, value: 333.33, unit: '‰' });
    expect(tally([]).rate.value).toBeNull();
  });

  it('keeps an inactive region only while it has procedures', () => {
    const cells: ComplicationCell[] = [{ row_id: 1, kind: 'iud_insertion', complication: 'none', serious: false, n: 1 }];
    expect(complicationTables(cells, REGIONS).byRegion.map((r) => r.region.id)).toEqual([1, 2]);
    const withOld = complicationTables([...cells, { row_id: 3, kind: 'iud_insertion', complication: 'none', serious: false, n: 1 }], REGIONS);
    expect(withOld.byRegion.map((r) => r.region.id)).toEqual([1, 2, 3]);
  });

  it('合计 of both tables is the sum of their rows, for any cells', () => {
    const cell = fc.record({
      row_id: fc.constantFrom(1, 2, 3),
      kind: fc.constantFrom(...Object.keys(PROCEDURE_KIND)),
      complication: fc.constantFrom(...Object.keys(COMPLICATION)),
      serious: fc.boolean(),
      n: fc.integer({ min: 1, max: 500 }),
    });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 60 }), (cells) => {
        const t = complicationTables(cells, REGIONS);
        const sum = (rows: { figures: typeof t.total }[], k: 'procedures' | 'complicated' | 'serious') => rows.reduce((a, r) => a + r.figures[k], 0);
        for (const k of ['procedures', 'complicated', 'serious'] as const) {
          expect(t.total[k]).toBe(sum(t.byKind, k));
          expect(t.regionTotal[k]).toBe(sum(t.byRegion, k));
          expect(t.regionTotal[k]).toBe(t.total[k]);
        }
        for (const c of Object.keys(t.total.byComplication)) expect(t.total.byComplication[c]).toBe(t.byKind.reduce((a, r) => a + r.figures.byComplication[c]!, 0));
        expect(t.total.procedures).toBe(cells.reduce((a, c) => a + c.n, 0));
        expect(t.total.complicated).toBe(t.byKind.reduce((a, r) => a + Object.values(r.figures.byComplication).reduce((x, y) => x + y, 0), 0));
      }),
      { seed: 20261205 },
    );
  });
});
