/**
 * 建档率 and 落实率 per township on the hand-made county of test/helpers/special-family-fixtures.ts (October 2026), with
 * the drill-down listing the people; the report's eligible set agrees with the 特扶 rule (src/domain/eligibility.ts)
 * and the proposals are exactly the rule's couples without a file; the 考核 board reads both rates from the report.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleMet } from '../../../src/domain/special-families.ts';
import { monthPeriod } from '../../../src/domain/report-periods.ts';
import { indicatorValues } from '../../../src/features/assessment/service.ts';
import { computeReport, drillDown } from '../../../src/features/reports/service.ts';
import { careRules, proposals } from '../../../src/features/special-families/service.ts';
import { evaluate, getWoman, listPrograms } from '../../../src/features/subsidies/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';
import { addWoman, addTransfer } from '../../helpers/report-fixtures.ts';
import { addFile, seedFamilies, type FamilyFixture } from '../../helpers/special-family-fixtures.ts';
import { actorFor } from '../../helpers/women.ts';

const OCTOBER = monthPeriod('2026-10');

describe('special-family figures', () => {
  const t = useTestDatabase();
  let w: World;
  let fx: FamilyFixture;
  let county: ReturnType<typeof actorFor>;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    fx = await seedFamilies(t.db, w);
    county = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: w.county.id }), w.county);
  });

  it('建档率 and 落实率 per township, exactly', async () => {
    const report = await computeReport(t.db, w.county, OCTOBER);
    const row = (code: string) => report.rows.find((r) => r.region.code === code)!.figures;
    const a = row(w.townshipA.code);
    const b = row(w.townshipB.code);
    expect([a.special_families_eligible, a.special_families_filed, a.special_families_open, a.special_families_cared]).toEqual([4, 3, 3, 2]);
    expect([b.special_families_eligible, b.special_families_filed, b.special_families_open, b.special_families_cared]).toEqual([2, 1, 2, 0]);
    expect([report.total.special_families_eligible, report.total.special_families_filed, report.total.special_families_open, report.total.special_families_cared]).toEqual([6, 4, 5, 2]);

    const board = await indicatorValues(t.db, county, w.county.code, OCTOBER);
    const value = (code: string) => board.values.find((v) => v.indicator.code === code)!;
    expect(value('special_family_registration_rate')).toMatchObject({ pending: false, numerator: 4, denominator: 6, value: 66.67 });
    expect(value('special_family_support_rate')).toMatchObject({ pending: false, numerator: 2, denominator: 5, value: 40 });
    const boardA = await indicatorValues(t.db, county, w.townshipA.code, OCTOBER);
    expect(boardA.values.find((v) => v.indicator.code === 'special_family_registration_rate')).toMatchObject({ value: 75 });
    expect(boardA.values.find((v) => v.indicator.code === 'special_family_support_rate')).toMatchObject({ value: 66.67 });
  });

  it('the drill-down lists the families behind each number', async () => {
    const names = async (figure: string, region: string) => (await drillDown(t.db, county, { figure, region, period: OCTOBER, page: { limit: 50, offset: 0 } })).rows.map((r) => r.woman_name).sort();
    expect(await names('special_families_eligible', w.townshipA.code)).toEqual(['伤残乙', '失独丙', '失独己', '失独甲'].sort());
    expect(await names('special_families_filed', w.townshipA.code)).toEqual(['伤残乙', '失独己', '失独甲'].sort());
    expect(await names('special_families_cared', w.townshipA.code)).toEqual(['失独己', '失独甲'].sort());
    expect(await names('special_families_open', w.townshipB.code)).toEqual(['失独庚', '失独壬'].sort());
    expect(await names('special_families_cared', w.townshipB.code)).toEqual([]);
  });

  it('the report’s 落实 flag is the pure schedule rule on every open file', async () => {
    const rules = await careRules(t.db);
    const open = await drillDown(t.db, county, { figure: 'special_families_open', region: w.county.code, period: OCTOBER, page: { limit: 50, offset: 0 } });
    const cared = new Set((await drillDown(t.db, county, { figure: 'special_families_cared', region: w.county.code, period: OCTOBER, page: { limit: 50, offset: 0 } })).rows.map((r) => r.record_id));
    expect(open.rows).toHaveLength(5);
    for (const r of open.rows) {
      const file = must(await t.db('special_family_files').where({ id: r.record_id }).first(), 'the file');
      const care = await t.db('special_family_care').where({ file_id: r.record_id });
      expect(cared.has(r.record_id), `file ${r.record_id}`).toBe(scheduleMet(rules, care, file.opened_on, OCTOBER));
    }
  });

  it('proposals are the 特扶 rule’s couples without a file, and the report’s eligible set is the rule’s', async () => {
    const programs = await listPrograms(t.db);
    const year = 2026;
    const ruleSays = new Set<number>();
    for (const id of Object.values(fx.women)) {
      const woman = await getWoman(t.db, county.scope, id);
      for (const code of ['special_assistance_death', 'special_assistance_disability'] as const) {
        const program = programs.find((p) => p.code === code)!;
        if ((await evaluate(t.db, { program, woman, beneficiary: 'woman', year, requestedFen: null })).result === 'met') ruleSays.add(id);
      }
    }
    expect([...ruleSays].sort()).toEqual([fx.women.a1, fx.women.a2, fx.women.a3, fx.women.a6, fx.women.b1, fx.women.b2].sort());
    const filed = new Set((await t.db('special_family_files').whereNull('closed_on').select('woman_id')).map((r: { woman_id: number }) => r.woman_id));
    const proposed = (await proposals(t.db, county.scope, w.county.code, `${year}-12-31`)).map((p) => p.id);
    expect(proposed.sort()).toEqual([...ruleSays].filter((id) => !filed.has(id)).sort());

    const december = await drillDown(t.db, county, { figure: 'special_families_eligible', region: w.county.code, period: monthPeriod('2026-12'), page: { limit: 50, offset: 0 } });
    expect(december.rows.map((r) => r.woman_id).sort()).toEqual([...ruleSays].sort());
  });

  it('a township sees only its own proposals', async () => {
    const supB = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: w.townshipB.id }), w.townshipB);
    expect((await proposals(t.db, supB.scope, w.townshipB.code, '2026-12-31')).map((p) => p.name)).toEqual(['伤残辛']);
    await expect(proposals(t.db, supB.scope, w.townshipA.code, '2026-12-31')).rejects.toThrow();
  });

  it('an open file counts where she lived at the period’s end: the first move after it says where, whatever moves came later', async () => {
    const months = ['2027-01', '2027-02', '2027-03'];
    const openPerTownship = async (month: string) => new Map((await computeReport(t.db, w.county, monthPeriod(month))).rows.map((r) => [r.region.code, r.figures.special_families_open ?? 0]));
    const before = await Promise.all(months.map(openPerTownship));
    const woman = await addWoman(t.db, { village: w.villageA1.id, birth_date: '1975-03-01', marriage_date: '1998-01-01', name: '吴迁居' });
    await addFile(t.db, woman, '2027-01-05');
    await addTransfer(t.db, { woman, from: w.villageA1.id, to: w.villageB1.id, moved_on: '2027-02-10' });
    await addTransfer(t.db, { woman, from: w.villageB1.id, to: w.villageA2.id, moved_on: '2027-03-10' });
    const gained = await Promise.all(
      months.map(async (month, i) => [...(await openPerTownship(month))].filter(([code, n]) => n !== before[i]!.get(code)).map(([code, n]) => [code, n - before[i]!.get(code)!])),
    );
    expect(gained).toEqual([[[w.townshipA.code, 1]], [[w.townshipB.code, 1]], [[w.townshipA.code, 1]]]);
  });
});
