import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { actorFromPrincipal, principalOf } from '../../../src/auth/principal.ts';
import { loadActiveUser } from '../../../src/features/accounts/service.ts';
import { createApplication, updateApplication } from '../../../src/features/subsidies/service.ts';
import { generateBatch, markPayment } from '../../../src/features/subsidies/service.ts';
import { addStandard, updateProgramSettings } from '../../../src/features/subsidies/service.ts';
import { annualRoster, eligibilityAudit } from '../../../src/features/subsidies/service.ts';
import { decideApplication, revokeApplication, submitApplication } from '../../../src/features/subsidies/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { DEATH_EVIDENCE, REWARD_EVIDENCE, deathEligibleWoman, insertChild, insertWoman, rewardEligibleWoman } from '../../helpers/subsidy-fixtures.ts';
import { must } from '../../helpers/must.ts';

const NOW = new Date('2026-06-15T02:00:00Z');

async function actorOf(db: Parameters<typeof loadActiveUser>[0], id: number): Promise<Actor> {
  const u = await loadActiveUser(db, id);
  return actorFromPrincipal(principalOf(u!));
}

const bank = { bank_name: '农村信用社', bank_account: '62179901000012345', evidence: REWARD_EVIDENCE };

describe('subsidy workflow (services against PostgreSQL)', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let supA: Actor;
  let supB: Actor;
  let county: Actor;
  let admin: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    clerkA = await actorOf(t.db, (await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id })).id);
    supA = await actorOf(t.db, (await makeUser(t.db, { role: 'supervisor', regionId: w.townshipA.id })).id);
    supB = await actorOf(t.db, (await makeUser(t.db, { role: 'supervisor', regionId: w.townshipB.id })).id);
    county = await actorOf(t.db, (await makeUser(t.db, { role: 'supervisor', regionId: w.county.id })).id);
    admin = await actorOf(t.db, (await makeUser(t.db, { role: 'admin', regionId: w.county.id })).id);
  });

  async function draftReward(name: string) {
    const woman = await rewardEligibleWoman(t.db, w.villageA1.id, name);
    const app = await createApplication(t.db, clerkA, { woman: woman.id, program: 'reward_assistance', year: 2026, beneficiary: 'woman', account_holder: name, ...bank });
    return { woman, app };
  }

  it('walks draft → submitted → township_approved → approved, recording each decision and audit row', async () => {
    const { app } = await draftReward('周玉兰');
    expect(app.status).toBe('draft');
    const submitted = await submitApplication(t.db, clerkA, app.id, { version: app.version }, NOW);
    expect(submitted.status).toBe('submitted');
    expect(submitted.eligibility).toMatchObject({ program: 'reward_assistance', result: 'met', evaluatedOn: '2026-12-31' });
    const township = await decideApplication(t.db, supA, app.id, 'approve', { preset: '情况属实，同意上报审核。', version: submitted.version }, NOW);
    expect(township.status).toBe('township_approved');
    const approved = await decideApplication(t.db, county, app.id, 'approve', { opinion: '准予享受计划生育家庭奖励扶助政策。', version: township.version }, NOW);
    expect(approved.status).toBe('approved');
    const decisions = await t.db('subsidy_decisions').where({ application_id: app.id }).orderBy('id');
    expect(decisions.map((d) => [d.action, d.level, d.to_status, d.opinion])).toEqual([
      ['submit', 'township', 'submitted', null],
      ['approve', 'township', 'township_approved', '情况属实，同意上报审核。'],
      ['approve', 'county', 'approved', '准予享受计划生育家庭奖励扶助政策。'],
    ]);
    expect(decisions[2].user_id).toBe(county.userId);
    const audit = await t
      .db('audit_log')
      .where({ entity: 'subsidy_application', entity_id: String(app.id) })
      .orderBy('id')
      .pluck('action');
    expect(audit).toEqual(['subsidy_application.create', 'subsidy_application.submit', 'subsidy_application.approve', 'subsidy_application.approve']);
  });

  it('return sends it back for editing and resubmission; reject ends it', async () => {
    const { app } = await draftReward('孙凤英');
    const s1 = await submitApplication(t.db, clerkA, app.id, { version: app.version }, NOW);
    const back = await decideApplication(t.db, supA, app.id, 'return', { preset: '证明材料不全，通知申请人补充。', version: s1.version }, NOW);
    expect(back.status).toBe('returned');
    const edited = await updateApplication(t.db, clerkA, app.id, {
      program: 'reward_assistance',
      year: 2026,
      beneficiary: 'woman',
      account_holder: '孙凤英',
      ...bank,
      note: '已补充',
      version: back.version,
    });
    const s2 = await submitApplication(t.db, clerkA, app.id, { version: edited.version }, NOW);
    const up = await decideApplication(t.db, supA, app.id, 'approve', { preset: '情况属实，同意上报审核。', version: s2.version }, NOW);
    const rejected = await decideApplication(t.db, county, app.id, 'reject', { preset: '不符合相关规定。', version: up.version }, NOW);
    expect(rejected.status).toBe('rejected');
    await expect(updateApplication(t.db, clerkA, app.id, { program: 'reward_assistance', year: 2026, beneficiary: 'woman', ...bank, version: rejected.version })).rejects.toThrow(/不能修改/);
  });

  it('refuses wrong-level and out-of-order decisions, a missing opinion, and a stale version', async () => {
    const { app } = await draftReward('钱秀珍');
    await expect(decideApplication(t.db, supA, app.id, 'approve', { preset: 'x', version: app.version }, NOW)).rejects.toThrow('该申请不在待乡镇审核状态。');
    const s = await submitApplication(t.db, clerkA, app.id, { version: app.version }, NOW);
    await expect(decideApplication(t.db, county, app.id, 'approve', { preset: 'x', version: s.version }, NOW)).rejects.toThrow('该申请不在待县级审批状态。');
    await expect(decideApplication(t.db, clerkA, app.id, 'approve', { preset: 'x', version: s.version }, NOW)).rejects.toMatchObject({ status: 403 });
    await expect(decideApplication(t.db, supA, app.id, 'reject', { version: s.version }, NOW)).rejects.toMatchObject({
      status: 422,
      fieldErrors: { opinion: expect.stringMatching(/审核意见/) as string },
    });
    await expect(decideApplication(t.db, supA, app.id, 'approve', { preset: 'x', version: s.version - 1 }, NOW)).rejects.toMatchObject({ status: 409 });
    const up = await decideApplication(t.db, supA, app.id, 'approve', { preset: 'x', version: s.version }, NOW);
    await expect(decideApplication(t.db, county, app.id, 'return', { preset: 'x', version: up.version }, NOW)).rejects.toThrow('县级审批只能批准或不予批准。');
    expect(must(await t.db('subsidy_applications').where({ id: app.id }).first(), 'application').status).toBe('township_approved');
  });

  it('approval re-reads the records: a beneficiary who no longer qualifies cannot be approved', async () => {
    const { woman, app } = await draftReward('秦桂香');
    const s = await submitApplication(t.db, clerkA, app.id, { version: app.version }, NOW);
    await insertChild(t.db, woman, w.villageA1.id, { name: '李三', sex: 'male', birthDate: '1992-02-02', birthOrder: 2, policyStatus: 'non_compliant' });
    await expect(decideApplication(t.db, supA, app.id, 'approve', { preset: 'x', version: s.version }, NOW)).rejects.toMatchObject({
      status: 422,
      formErrors: expect.arrayContaining(['1973年以来无违反政策生育：不符合政策生育：李三（1992-02-02）']) as string[],
    });
    // Returning it is still possible, and the stored snapshot keeps what was true at submission.
    const back = await decideApplication(t.db, supA, app.id, 'return', { preset: '证明材料不全，通知申请人补充。', version: s.version }, NOW);
    expect(back.status).toBe('returned');
    expect(back.eligibility?.result).toBe('met');
  });

  it('another township cannot see or decide an application: 404', async () => {
    const { app } = await draftReward('郑淑珍');
    const s = await submitApplication(t.db, clerkA, app.id, { version: app.version }, NOW);
    await expect(decideApplication(t.db, supB, app.id, 'approve', { preset: 'x', version: s.version }, NOW)).rejects.toMatchObject({ status: 404 });
    const womanA = await rewardEligibleWoman(t.db, w.villageA2.id, '陈秀兰');
    await expect(createApplication(t.db, supB, { woman: womanA.id, program: 'reward_assistance', year: 2026, beneficiary: 'woman', evidence: [] })).rejects.toMatchObject({ status: 404 });
  });

  it('a township-only program is approved at the township', async () => {
    const woman = await insertWoman(t.db, { regionId: w.villageA1.id, name: '冯桂英', birthDate: '1978-01-01', status: 'active' });
    await insertChild(t.db, woman, w.villageA1.id, { vitalStatus: 'deceased', deathDate: '2020-01-01', birthDate: '2000-01-01' });
    const app = await createApplication(t.db, clerkA, {
      woman: woman.id,
      program: 'assisted_reproduction',
      year: 2026,
      beneficiary: 'woman',
      account_holder: '冯桂英',
      amount_requested: 3_000_000,
      bank_name: '农行',
      bank_account: '62280000111122223',
      evidence: ['hukou_booklet', 'id_card', 'marriage_certificate', 'death_certificate', 'medical_invoice', 'bank_account'],
    });
    const s = await submitApplication(t.db, clerkA, app.id, { version: app.version }, NOW);
    const approved = await decideApplication(t.db, supA, app.id, 'approve', { preset: '准予享受失独家庭辅助生育补助。', version: s.version }, NOW);
    expect(approved.status).toBe('approved');
    // A second claim of 25,000 would pass the 50,000 cap: refused at submission with the cap explained.
    const second = await createApplication(t.db, clerkA, {
      woman: woman.id,
      program: 'assisted_reproduction',
      year: 2026,
      beneficiary: 'woman',
      account_holder: '冯桂英',
      amount_requested: 2_500_000,
      bank_name: '农行',
      bank_account: '62280000111122223',
      evidence: ['hukou_booklet', 'id_card', 'marriage_certificate', 'death_certificate', 'medical_invoice', 'bank_account'],
    });
    await expect(submitApplication(t.db, clerkA, second.id, { version: second.version }, NOW)).rejects.toMatchObject({
      formErrors: [expect.stringMatching(/累计补助不超过上限：已批准及在审 30000.00 元 \+ 本次 25000.00 元 = 55000.00 元，上限 50000.00 元/)],
    });
  });

  it('refuses a second live application for the same beneficiary and program', async () => {
    const { woman } = await draftReward('褚秀梅');
    await expect(createApplication(t.db, clerkA, { woman: woman.id, program: 'reward_assistance', year: 2027, beneficiary: 'woman', evidence: [] })).rejects.toThrow(/不能重复申请/);
    // The spouse is a separate beneficiary (奖扶 is per person).
    const spouse = await createApplication(t.db, clerkA, { woman: woman.id, program: 'reward_assistance', year: 2026, beneficiary: 'spouse', evidence: [] });
    expect(spouse.beneficiary_name).toBe('李建国');
  });

  it('admin changes: a new standard keeps history; a township-only switch is refused while county decisions wait', async () => {
    const std = await addStandard(t.db, admin, 'only_child_reward', { tier: 'local', effective_from: '2026-01-01', amount: 24000, note: '提高标准' });
    expect(std.amount_fen).toBe(24000);
    expect(await t.db('subsidy_standards').where({ program: 'only_child_reward' }).count({ n: '*' }).first()).toEqual({ n: 2 });
    await expect(addStandard(t.db, admin, 'only_child_reward', { tier: 'local', effective_from: '2026-01-01', amount: 1 })).rejects.toMatchObject({ status: 422 });
    const { app } = await draftReward('卫翠兰');
    const s = await submitApplication(t.db, clerkA, app.id, { version: app.version }, NOW);
    await decideApplication(t.db, supA, app.id, 'approve', { preset: 'x', version: s.version }, NOW);
    const p = must(await t.db('subsidy_programs').where({ code: 'reward_assistance' }).first(), 'program');
    await expect(updateProgramSettings(t.db, admin, 'reward_assistance', { approval: 'township_only', active: true, evidence: p.evidence, params: {}, version: p.version })).rejects.toThrow(
      /待县级审批/,
    );
  });

  it('payments: the standard in force, once per application and period, refused payee, revocation and the roster', async () => {
    const { app } = await draftReward('蒋玉珍');
    let cur = await submitApplication(t.db, clerkA, app.id, { version: app.version }, NOW);
    cur = await decideApplication(t.db, supA, app.id, 'approve', { preset: 'x', version: cur.version }, NOW);
    cur = await decideApplication(t.db, county, app.id, 'approve', { preset: 'x', version: cur.version }, NOW);

    const first = await generateBatch(t.db, county, { program: 'reward_assistance', period: '2026' }, '2026-06-15');
    const mine = must(await t.db('subsidy_payments').where({ batch_id: first.batch.id, application_id: app.id }).first(), 'payment');
    expect(mine.amount_fen).toBe(97000); // 960 national + 10 local top-up
    await expect(generateBatch(t.db, county, { program: 'reward_assistance', period: '2026' }, '2026-06-15')).rejects.toThrow(/均已生成发放记录，不会重复发放/);
    // The database refuses a second live payment for the same application and period, whatever the code does.
    await expect(t.db('subsidy_payments').insert({ ...mine, id: undefined, created_at: undefined, updated_at: undefined })).rejects.toMatchObject({
      code: '23505',
      constraint: 'subsidy_payments_once_per_period',
    });

    // A later standard never changes the stored amount.
    await addStandard(t.db, admin, 'reward_assistance', { tier: 'national', effective_from: '2026-01-01', amount: 120000 });
    expect(must(await t.db('subsidy_payments').where({ id: mine.id }).first(), 'payment').amount_fen).toBe(97000);

    // Failed: may be paid again in a later batch, at the standard now in force for that period.
    await markPayment(t.db, county, first.batch.id, mine.id, { status: 'failed', note: '账号已销户', version: mine.version }, NOW);
    const again = await generateBatch(t.db, county, { program: 'reward_assistance', period: '2026' }, '2026-06-15');
    const retry = must(await t.db('subsidy_payments').where({ batch_id: again.batch.id, application_id: app.id }).first(), 'payment');
    expect(retry.amount_fen).toBe(121000);

    const revoked = await revokeApplication(t.db, county, app.id, { reason: 'deceased', revoked_on: '2026-05-01', preset: '享受对象已死亡，终止享受。', version: cur.version }, NOW);
    expect(revoked).toMatchObject({ status: 'revoked', revoke_reason: 'deceased', revoked_on: '2026-05-01' });
    const roster = await annualRoster(t.db, county.scope, 'reward_assistance', 2026);
    expect(roster.entries.find((e) => e.id === app.id)?.kind).toBe('exited');
    expect(roster.exitReasons.deceased).toBeGreaterThanOrEqual(1);
    const next = await annualRoster(t.db, county.scope, 'reward_assistance', 2027);
    expect(next.entries.find((e) => e.id === app.id)).toBeUndefined();
  });

  it('the eligibility audit finds a beneficiary whose records changed, and computes the accuracy', async () => {
    const woman = await deathEligibleWoman(t.db, w.villageB1.id, '韩淑华');
    const clerkB = await actorOf(t.db, (await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id })).id);
    const app = await createApplication(t.db, clerkB, {
      woman: woman.id,
      program: 'special_assistance_death',
      year: 2026,
      beneficiary: 'woman',
      account_holder: '韩淑华',
      bank_name: '邮储',
      bank_account: '62210000999988887',
      evidence: DEATH_EVIDENCE,
    });
    let cur = await submitApplication(t.db, clerkB, app.id, { version: app.version }, NOW);
    cur = await decideApplication(t.db, supB, app.id, 'approve', { preset: 'x', version: cur.version }, NOW);
    await decideApplication(t.db, county, app.id, 'approve', { preset: 'x', version: cur.version }, NOW);
    const before = await eligibilityAudit(t.db, supB.scope, '2026-06-15', 'special_assistance_death');
    expect(before).toMatchObject({ approved: 1, stillEligible: 1, findings: [] });
    expect(before.rate).toEqual({ numerator: 1, denominator: 1, value: 100, unit: '%' });
    await insertChild(t.db, woman, w.villageB1.id, { name: '李小军', sex: 'male', birthDate: '2021-03-03', birthOrder: 2 });
    const after = await eligibilityAudit(t.db, supB.scope, '2026-06-15', 'special_assistance_death');
    expect(after.rate).toEqual({ numerator: 0, denominator: 1, value: 0, unit: '%' });
    expect(after.findings[0].application.id).toBe(app.id);
    expect(after.findings[0].failing.map((c) => c.key)).toEqual(['only_one_child', 'child_deceased', 'no_living_child', 'no_later_birth']);
    // Township A sees none of township B's beneficiaries.
    expect((await eligibilityAudit(t.db, supA.scope, '2026-06-15', 'special_assistance_death')).approved).toBe(0);
  });
});
