/**
 * Figures from dated rules: a rule added from 2026-01-01 (third births, 90 days) leaves the figures of a period
 * whose due women gave birth before 2026 exactly as they were, and judges the births from 2026 on by itself.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../../../src/auth/actor.ts';
import { addLongActingRule, computeReport, longActingRules } from '../../../src/features/reports/service.ts';
import { ValidationError } from '../../../src/errors.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { must } from '../../helpers/must.ts';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const SUMMER = { from: '2026-05-01', to: '2026-08-31' };
const NEW_RULE = { effective_from: '2026-01-01', min_birth_order: 3, within_days: 90, note: '生育三孩及以上的妇女，产后 90 天内落实', reason: '县卫健局 2025 年 12 号文' };

describe('long-acting rules: a new dated rule', () => {
  // Each test on its own database (the rule table is the subject: no test sees another's rule).
  let t: TestDatabase;
  let w: World;

  afterEach(async () => t.destroy());
  beforeEach(async () => {
    t = await createTestDatabase();
    const db = t.db;
    w = await seedWorld(db);
    const A1 = w.villageA1.id;
    // W1: second child 2025-10-01 → under the 1980 rule due by 2026-03-30 (March); condom only → not done.
    const w1 = await f.addWoman(db, { village: A1, birth_date: '1990-01-01', marriage_date: '2012-01-01' });
    await f.addChild(db, { woman: w1, village: A1, birth_date: '2018-01-01', sex: 'female', order: 1 });
    await f.addChild(db, { woman: w1, village: A1, birth_date: '2025-10-01', sex: 'male', order: 2 });
    await f.addEpisode(db, { woman: w1, village: A1, method: 'condom', started_on: '2025-11-01' });
    // W2: second child 2026-02-01 → 1980 rule: due 2026-08-01 (summer); from-2026 rule: never due.
    const w2 = await f.addWoman(db, { village: A1, birth_date: '1991-01-01', marriage_date: '2013-01-01' });
    await f.addChild(db, { woman: w2, village: A1, birth_date: '2019-01-01', sex: 'female', order: 1 });
    await f.addChild(db, { woman: w2, village: A1, birth_date: '2026-02-01', sex: 'female', order: 2 });
    // W3: third child 2026-02-10 → 1980 rule: due 2026-08-09; from-2026 rule: due 2026-05-11; IUD 2026-04-01 → done.
    const w3 = await f.addWoman(db, { village: A1, birth_date: '1988-01-01', marriage_date: '2008-01-01' });
    await f.addChild(db, { woman: w3, village: A1, birth_date: '2010-01-01', sex: 'female', order: 1 });
    await f.addChild(db, { woman: w3, village: A1, birth_date: '2014-01-01', sex: 'female', order: 2 });
    await f.addChild(db, { woman: w3, village: A1, birth_date: '2026-02-10', sex: 'male', order: 3 });
    await f.addEpisode(db, { woman: w3, village: A1, method: 'iud', started_on: '2026-04-01' });
  });

  it('leaves a period of earlier births unchanged and judges later births by the new rule', async () => {
    const before = { march: await computeReport(t.db, w.townshipA, MARCH), summer: await computeReport(t.db, w.townshipA, SUMMER) };
    expect([before.march.total.long_acting_due, before.march.total.long_acting_done]).toEqual([1, 0]);
    expect([before.summer.total.long_acting_due, before.summer.total.long_acting_done]).toEqual([2, 1]);

    await addLongActingRule(t.db, systemActor(w.county), NEW_RULE);

    const march = await computeReport(t.db, w.townshipA, MARCH);
    expect(march.total).toEqual(before.march.total);
    expect(march.rows).toEqual(before.march.rows);
    const summer = (await computeReport(t.db, w.townshipA, SUMMER)).total;
    // W2 is no longer due (a second birth); W3's deadline moved to 2026-05-11, still in the period, and met.
    expect([summer.long_acting_due, summer.long_acting_done]).toEqual([1, 1]);
    expect(summer.long_acting_uptake_rate).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
  });

  it('stores the rule with its audit row and reason, and lists it in force from its date', async () => {
    const created = await addLongActingRule(t.db, systemActor(w.county), NEW_RULE);
    const audit = must(
      await t
        .db('audit_log')
        .where({ entity: 'long_acting_rule', entity_id: String(created.id) })
        .first(),
      'the audit row',
    );
    expect(audit).toMatchObject({ action: 'long_acting_rule.create', reason: NEW_RULE.reason });
    expect(audit.after).toMatchObject({ effective_from: '2026-01-01', min_birth_order: 3, within_days: 90 });
    const dec = await longActingRules(t.db, '2025-12-31');
    expect(dec.rules.map((r) => r.effective_from)).toEqual(['1980-01-01', '2026-01-01']);
    expect(dec.inForce?.effective_from).toBe('1980-01-01');
    expect(dec.upcoming).toBe(1);
    expect((await longActingRules(t.db, '2026-01-01')).inForce?.effective_from).toBe('2026-01-01');
  });

  it('refuses a second rule of the same date as a field error, writing nothing', async () => {
    await addLongActingRule(t.db, systemActor(w.county), NEW_RULE);
    const again = await addLongActingRule(t.db, systemActor(w.county), { ...NEW_RULE, within_days: 120 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ValidationError);
    expect((again as ValidationError).fieldErrors.effective_from).toContain('2026-01-01 已有一条规则');
    expect(await t.db('long_acting_rules').where({ effective_from: '2026-01-01' }).pluck('within_days')).toEqual([90]);
    expect(await t.db('audit_log').where({ entity: 'long_acting_rule' }).count({ n: '*' })).toEqual([{ n: 1 }]);
  });
});
