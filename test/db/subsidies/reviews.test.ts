/**
 * 奖扶特扶资格确认准确率 from saved reviews: each approved beneficiary's latest review in a period, met ÷ reviewed;
 * a past period keeps its figure when the register changes and a later review disagrees.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { actorFromPrincipal, principalOf } from '../../../src/auth/principal.ts';
import { loadActiveUser } from '../../../src/features/accounts/service.ts';
import { computeReport } from '../../../src/features/reports/service.ts';
import { createApplication, decideApplication, saveEligibilityReview, submitApplication } from '../../../src/features/subsidies/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { DEATH_EVIDENCE, deathEligibleWoman, insertChild } from '../../helpers/subsidy-fixtures.ts';
import { must } from '../../helpers/must.ts';

const NOW = new Date('2026-06-15T02:00:00Z');
const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const JULY = { from: '2026-07-01', to: '2026-07-31' };
const SUMMER = { from: '2026-06-01', to: '2026-07-31' };

async function actorOf(db: Parameters<typeof loadActiveUser>[0], id: number): Promise<Actor> {
  return actorFromPrincipal(principalOf((await loadActiveUser(db, id))!));
}

describe('saved eligibility reviews and 资格确认准确率', () => {
  const t = useTestDatabase();
  let w: World;
  let county: Actor;
  let appId: number;
  let womanId: number;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    const clerk = await actorOf(t.db, (await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id })).id);
    const sup = await actorOf(t.db, (await makeUser(t.db, { role: 'supervisor', regionId: w.townshipB.id })).id);
    county = await actorOf(t.db, (await makeUser(t.db, { role: 'supervisor', regionId: w.county.id })).id);
    const woman = await deathEligibleWoman(t.db, w.villageB1.id, '韩淑华');
    womanId = woman.id;
    const app = await createApplication(t.db, clerk, {
      woman: woman.id,
      program: 'special_assistance_death',
      year: 2026,
      beneficiary: 'woman',
      account_holder: '韩淑华',
      bank_name: '邮储',
      bank_account: '62210000999988887',
      evidence: DEATH_EVIDENCE,
    });
    appId = app.id;
    let cur = await submitApplication(t.db, clerk, app.id, { version: app.version }, NOW);
    cur = await decideApplication(t.db, sup, app.id, 'approve', { preset: 'x', version: cur.version }, NOW);
    await decideApplication(t.db, county, app.id, 'approve', { preset: 'x', version: cur.version }, NOW);
  });

  it('saves one dated row per beneficiary and day, with an audit row and its reason', async () => {
    expect(await saveEligibilityReview(t.db, county, '2026-06-15', { reason: '年中核查' })).toEqual({ reviewed: 1, met: 1 });
    expect(await saveEligibilityReview(t.db, county, '2026-06-15', { reason: '再次核查' })).toEqual({ reviewed: 1, met: 1 });
    const rows = await t.db('subsidy_eligibility_reviews').where({ application_id: appId });
    expect(rows.map((r) => [r.reviewed_on, r.result, r.woman_id, r.region_id])).toEqual([['2026-06-15', 'met', womanId, w.villageB1.id]]);
    const audit = await t.db('audit_log').where({ action: 'subsidy_review.save' }).orderBy('id');
    expect(audit.map((a) => a.reason)).toEqual(['年中核查', '再次核查']);
  });

  it('counts June 1/1; after a later child, July 0/1 with the failing conditions kept, and June stays 1/1', async () => {
    expect((await computeReport(t.db, w.county, JUNE)).total).toMatchObject({ subsidy_reviewed: 1, subsidy_review_confirmed: 1 });
    await insertChild(t.db, { id: womanId }, w.villageB1.id, { name: '李小军', sex: 'male', birthDate: '2021-03-03', birthOrder: 2 });
    expect(await saveEligibilityReview(t.db, county, '2026-07-10', { reason: '复核' })).toEqual({ reviewed: 1, met: 0 });
    const july = must(await t.db('subsidy_eligibility_reviews').where({ application_id: appId, reviewed_on: '2026-07-10' }).first(), 'July review');
    expect(july.result).toBe('not_met');
    expect((july.failing as { key: string }[]).map((c) => c.key)).toContain('only_one_child');
    expect((await computeReport(t.db, w.county, JULY)).total).toMatchObject({ subsidy_reviewed: 1, subsidy_review_confirmed: 0 });
    expect((await computeReport(t.db, w.county, JUNE)).total).toMatchObject({ subsidy_reviewed: 1, subsidy_review_confirmed: 1 });
    // Over June and July the beneficiary counts once, by her latest review.
    expect((await computeReport(t.db, w.county, SUMMER)).total).toMatchObject({ subsidy_reviewed: 1, subsidy_review_confirmed: 0 });
  });

  it('counts the review in the village of the application, so township A has none', async () => {
    expect((await computeReport(t.db, w.townshipA, JUNE)).total).toMatchObject({ subsidy_reviewed: 0 });
    expect((await computeReport(t.db, w.townshipB, JUNE)).total).toMatchObject({ subsidy_reviewed: 1 });
  });
});
