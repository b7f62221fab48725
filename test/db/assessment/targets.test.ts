/**
 * The county's targets: seeded for 2024–2027 (weights 100), edited this year with a reason and an audit row, a
 * stale version refused (409), a past year refused (422) and never changed by this year's edits, township
 * overrides added and removed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { removeOverride, saveTarget, targetsForRegion } from '../../../src/features/assessment/service.ts';
import { ConflictError, ValidationError } from '../../../src/errors.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { actorFor } from '../../helpers/women.ts';
import { must } from '../../helpers/must.ts';

const TODAY = '2026-03-15'; // statistical year 2026
const EDIT = { year: 2026, indicator: 'compliance_rate', target: 95, near: 1, weight: 25, score_rule: 'proportional' as const, reason: '县目标责任书调整' };

describe('assessment targets', () => {
  const t = useTestDatabase();
  let w: World;
  let admin: ReturnType<typeof actorFor>;
  let supA: ReturnType<typeof actorFor>;

  beforeEach(async () => {
    await t.db('assessment_targets').whereNotNull('region_id').delete();
    await t.db('assessment_targets').update({ target: 93.5, near: 1.5, weight: 20, version: 1 }).where({ indicator_code: 'compliance_rate' });
    if (!w) {
      w = await seedWorld(t.db);
      admin = actorFor(await makeUser(t.db, { role: 'admin', regionId: w.county.id }), w.county);
      supA = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: w.townshipA.id }), w.townshipA);
    }
  });

  const row = (year: number, code: string, regionId: number | null = null) =>
    t
      .db('assessment_targets')
      .where({ year, indicator_code: code })
      .andWhere((q) => void (regionId === null ? q.whereNull('region_id') : q.where('region_id', regionId)))
      .first();

  it('seeds every year 2024–2027 with the county’s thresholds, weights summing to 100', async () => {
    const rows = await t.db('assessment_targets').whereNull('region_id').orderBy(['year', 'indicator_code']).select('year', 'indicator_code', 'target', 'weight');
    expect([...new Set(rows.map((r) => r.year))]).toEqual([2024, 2025, 2026, 2027]);
    for (const year of [2024, 2025, 2026, 2027]) {
      const of = rows.filter((r) => r.year === year);
      expect(of.reduce((s, r) => s + Number(r.weight), 0)).toBe(100);
      expect(Object.fromEntries(of.map((r) => [r.indicator_code, r.target]))).toEqual({
        birth_rate: 13.6,
        natural_growth_rate: 6,
        compliance_rate: 93.5,
        statistical_accuracy_rate: 95,
        double_check_rate: 98,
        long_acting_uptake_rate: 95,
        sex_ratio: 105,
      });
    }
  });

  it('edits this year’s all-townships row with an audit row (reason, before, after); last year’s row does not move', async () => {
    const before2025 = await row(2025, 'compliance_rate');
    const saved = await saveTarget(t.db, admin, { ...EDIT, version: 1 }, TODAY);
    expect(saved.row).toMatchObject({ target: 95, near: 1, weight: 25, version: 2, updated_by: admin.userId });
    expect(await row(2025, 'compliance_rate')).toEqual(before2025);
    const audit = must(await t.db('audit_log').where({ action: 'assessment_target.update' }).orderBy('id', 'desc').first(), 'the audit row');
    expect(audit).toMatchObject({ entity: 'assessment_target', entity_id: String(saved.row.id), reason: '县目标责任书调整', username: admin.username });
    expect(audit.before).toMatchObject({ year: 2026, indicator_code: 'compliance_rate', target: 93.5, weight: 20 });
    expect(audit.after).toMatchObject({ year: 2026, indicator_code: 'compliance_rate', target: 95, weight: 25 });
  });

  it('refuses a stale version (409) and changes nothing', async () => {
    await saveTarget(t.db, admin, { ...EDIT, version: 1 }, TODAY);
    const err = await saveTarget(t.db, admin, { ...EDIT, target: 99, version: 1 }, TODAY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(await row(2026, 'compliance_rate')).toMatchObject({ target: 95, version: 2 });
  });

  it('refuses a past year (422 往年目标不能修改), without an audit row', async () => {
    const audits = await t.db('audit_log').count({ n: '*' });
    const err = await saveTarget(t.db, admin, { ...EDIT, year: 2025, version: 1 }, TODAY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).formErrors[0]).toContain('往年目标不能修改');
    expect(await row(2025, 'compliance_rate')).toMatchObject({ target: 93.5, version: 1 });
    expect(await t.db('audit_log').count({ n: '*' })).toEqual(audits);
  });

  it('adds a township override (it then applies to that township only) and removes it', async () => {
    const { row: o } = await saveTarget(t.db, admin, { ...EDIT, region: w.townshipA.code, target: 90 }, TODAY);
    expect((await targetsForRegion(t.db, 2026, w.townshipA)).get('compliance_rate')).toMatchObject({ target: 90, override: true });
    expect((await targetsForRegion(t.db, 2026, w.townshipB)).get('compliance_rate')).toMatchObject({ target: 93.5, override: false });
    expect((await targetsForRegion(t.db, 2026, w.county)).get('compliance_rate')).toMatchObject({ target: 93.5, override: false });
    // A second add of the same override is refused, not a 500.
    await expect(saveTarget(t.db, admin, { ...EDIT, region: w.townshipA.code }, TODAY)).rejects.toBeInstanceOf(ValidationError);
    await removeOverride(t.db, admin, { id: o.id, version: o.version, reason: '不再单独考核' }, TODAY);
    expect(await row(2026, 'compliance_rate', w.townshipA.id)).toBeUndefined();
    expect(
      await t
        .db('audit_log')
        .where({ action: 'assessment_target.remove', entity_id: String(o.id) })
        .first(),
    ).toMatchObject({ reason: '不再单独考核' });
    expect((await targetsForRegion(t.db, 2026, w.townshipA)).get('compliance_rate')).toMatchObject({ target: 93.5, override: false });
  });

  it('a township outside the scope is not a choice; an unknown indicator is a field error', async () => {
    const err = await saveTarget(t.db, supA, { ...EDIT, region: w.townshipB.code }, TODAY).catch((e: unknown) => e);
    expect((err as ValidationError).fieldErrors).toEqual({ region: '请选择本县的乡镇' });
    const bad = await saveTarget(t.db, admin, { ...EDIT, indicator: 'nope' }, TODAY).catch((e: unknown) => e);
    expect((bad as ValidationError).fieldErrors).toEqual({ indicator: '请选择考核指标' });
    expect(await row(2026, 'compliance_rate', w.townshipB.id)).toBeUndefined();
  });
});
