/**
 * The certificate application workflow against PostgreSQL: each step with its rows and audit rows, each refusal
 * (wrong state, missing evidence, wrong role, out of scope), numbering without gaps or duplicates when many
 * approvals race, the certificate on the card, and the 光荣证 revocation prompt when a second child is recorded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { actorFromPrincipal, principalOf } from '../../../src/auth/principal.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/errors.ts';
import { loadActiveUser } from '../../../src/features/accounts/service.ts';
import { applicationView, createApplication, decideApplication, handOver, revokeApplication, submitApplication, updateApplication } from '../../../src/features/applications/service.ts';
import { addChild, revokeCertificate } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';
import { makeCard } from '../../helpers/women.ts';

const DAY = '2026-06-15';
const BIRTH_EVIDENCE = ['hukou_booklet', 'id_card', 'marriage_certificate'] as const;
const GLORY_EVIDENCE = ['hukou_booklet', 'id_card', 'marriage_certificate', 'birth_medical_certificate', 'photo'] as const;

async function actorOf(db: Parameters<typeof loadActiveUser>[0], id: number): Promise<Actor> {
  return actorFromPrincipal(principalOf((await loadActiveUser(db, id))!));
}

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('it was accepted');
}

describe('certificate applications (services against PostgreSQL)', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let supA: Actor;
  let clerkB: Actor;
  let supB: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    clerkA = await actorOf(t.db, (await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id })).id);
    supA = await actorOf(t.db, (await makeUser(t.db, { role: 'supervisor', regionId: w.townshipA.id })).id);
    clerkB = await actorOf(t.db, (await makeUser(t.db, { role: 'clerk', regionId: w.townshipB.id })).id);
    supB = await actorOf(t.db, (await makeUser(t.db, { role: 'supervisor', regionId: w.townshipB.id })).id);
  });

  async function submitted(actor: Actor, village: string, evidence: readonly string[] = BIRTH_EVIDENCE, name = '王秀英') {
    const woman = await makeCard(t.db, actor, village, { name });
    const app = await createApplication(t.db, actor, woman.id, { kind: 'birth_registration', child_order: 2, applicant: 'self', evidence: [...evidence] as never });
    return { woman, app: await submitApplication(t.db, actor, app.id, { version: app.version }, DAY) };
  }

  it('walks draft → submitted → approved → handed over → revoked, issuing and revoking the card certificate', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code, { name: '周玉兰' });
    const draft = await createApplication(t.db, clerkA, woman.id, { kind: 'birth_registration', child_order: 1, applicant: 'agent', agent_name: '张桂芳', evidence: [...BIRTH_EVIDENCE] });
    expect(draft).toMatchObject({ status: 'draft', applicant: 'agent', agent_name: '张桂芳', agent_user_id: null });
    const sub = await submitApplication(t.db, clerkA, draft.id, { version: draft.version }, DAY);
    expect(sub).toMatchObject({ status: 'submitted', submitted_on: DAY, first_submitted_on: DAY, due_on: '2026-06-18' });
    const approved = await decideApplication(t.db, supA, draft.id, 'approve', { version: sub.version }, '2026-06-17');
    expect(approved.status).toBe('approved');
    expect(approved.number).toMatch(/^990100001-2026-SY-\d{5}$/);
    const cert = must(await t.db('certificates').where({ id: approved.certificate_id! }).first(), 'certificate');
    expect(cert).toMatchObject({ woman_id: woman.id, kind: 'birth_registration', number: approved.number, issued_on: '2026-06-17', revoked_on: null });

    const handed = await handOver(
      t.db,
      clerkA,
      draft.id,
      { handed_over_on: '2026-06-18', collector_name: '李建国', collector_relation: 'spouse', collector_id_last4: '123X', version: approved.version },
      '2026-06-18',
    );
    expect(handed).toMatchObject({ status: 'handed_over', collector_name: '李建国', collector_relation: 'spouse', collector_id_last4: '123X' });

    const revoked = await revokeApplication(t.db, supA, draft.id, { revoked_on: '2026-07-01', revoke_reason: '登记信息有误', version: handed.version }, '2026-07-01');
    expect(revoked).toMatchObject({ status: 'revoked', revoked_on: '2026-07-01' });
    expect(await t.db('certificates').where({ id: cert.id }).first()).toMatchObject({ revoked_on: '2026-07-01', revoke_reason: '登记信息有误' });

    const audit = await t
      .db('audit_log')
      .where({ entity: 'certificate_application', entity_id: String(draft.id) })
      .orderBy('id')
      .pluck('action');
    expect(audit).toEqual([
      'certificate_application.create',
      'certificate_application.submit',
      'certificate_application.approve',
      'certificate_application.hand_over',
      'certificate_application.revoke',
    ]);
  });

  it('gives numbers 1..N with no gap and no duplicate when N approvals race, per township', async () => {
    const N = 8;
    const apps = [];
    for (let i = 0; i < N; i += 1) apps.push((await submitted(clerkA, w.villageA2.code, BIRTH_EVIDENCE, `并发${i}`)).app);
    const inB = (await submitted(clerkB, w.villageB1.code)).app;
    const results = await Promise.all([
      ...apps.map((a) => decideApplication(t.db, supA, a.id, 'approve', { version: a.version }, '2027-01-05')),
      decideApplication(t.db, supB, inB.id, 'approve', { version: inB.version }, '2027-01-05'),
    ]);
    const numbers = results.slice(0, N).map((r) => r.number!);
    expect(numbers.map((n) => Number(n.slice(-5))).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    expect(new Set(numbers).size).toBe(N);
    for (const n of numbers) expect(n).toMatch(/^990100001-2027-SY-000\d\d$/);
    expect(results[N]!.number).toBe('990100002-2027-SY-00001');
    expect(await t.db('certificates').whereIn('number', numbers).count<{ count: number }[]>({ count: '*' })).toEqual([{ count: N }]);
  });

  it('refuses approval while an evidence item is missing, and takes no number', async () => {
    const { app } = await submitted(clerkA, w.villageA1.code, ['id_card']);
    const before = await t.db('certificate_number_counters').where({ kind: 'birth_registration', year: 2026 }).first();
    const err = await refusal(decideApplication(t.db, supA, app.id, 'approve', { version: app.version }, DAY));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).formErrors.join()).toContain('缺少证明材料：户口簿、结婚证');
    expect(await t.db('certificate_number_counters').where({ kind: 'birth_registration', year: 2026 }).first()).toEqual(before);
    expect((await applicationView(t.db, supA.scope, app.id, DAY)).status).toBe('submitted');
  });

  it('returns with a reason, lets the clerk fix and resubmit (the first submission kept), refuses with a reason', async () => {
    const { app } = await submitted(clerkA, w.villageA1.code, ['id_card']);
    const noReason = (await refusal(decideApplication(t.db, supA, app.id, 'return', { version: app.version }, DAY))) as ValidationError;
    expect(noReason.fieldErrors.reason).toContain('理由');
    const returned = await decideApplication(t.db, supA, app.id, 'return', { reason: '请补交户口簿和结婚证', version: app.version }, DAY);
    expect(returned).toMatchObject({ status: 'returned', decision_reason: '请补交户口簿和结婚证' });
    const fixed = await updateApplication(t.db, clerkA, app.id, { kind: 'birth_registration', child_order: 2, applicant: 'self', evidence: [...BIRTH_EVIDENCE], version: returned.version });
    const again = await submitApplication(t.db, clerkA, app.id, { version: fixed.version }, '2026-06-19');
    expect(again).toMatchObject({ status: 'submitted', first_submitted_on: DAY, submitted_on: '2026-06-19', due_on: '2026-06-24', decision_reason: null });
    const refused = await decideApplication(t.db, supA, app.id, 'refuse', { reason: '不符合登记条件', version: again.version }, '2026-06-22');
    expect(refused).toMatchObject({ status: 'refused', decision_reason: '不符合登记条件', number: null });
    expect(await refusal(submitApplication(t.db, clerkA, app.id, { version: refused.version }, DAY))).toBeInstanceOf(ValidationError);
  });

  it('refuses a step in the wrong state, by the wrong role (403) and out of scope (404)', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    const draft = await createApplication(t.db, clerkA, woman.id, { kind: 'migrant_certificate', applicant: 'self', evidence: [] });
    const wrongState = await refusal(decideApplication(t.db, supA, draft.id, 'approve', { version: draft.version }, DAY));
    expect((wrongState as ValidationError).formErrors).toEqual(['该申请草稿，不能办理此操作（只有待乡镇审批的申请可以）。']);
    expect(await refusal(handOver(t.db, clerkA, draft.id, { handed_over_on: DAY, collector_name: '王秀英', collector_relation: 'self', version: draft.version }, DAY))).toBeInstanceOf(ValidationError);
    const sub = await submitApplication(t.db, clerkA, draft.id, { version: draft.version }, DAY);
    expect(await refusal(decideApplication(t.db, clerkA, draft.id, 'approve', { version: sub.version }, DAY))).toBeInstanceOf(ForbiddenError);
    expect(await refusal(decideApplication(t.db, supB, draft.id, 'approve', { version: sub.version }, DAY))).toBeInstanceOf(NotFoundError);
    expect(await refusal(createApplication(t.db, clerkB, woman.id, { kind: 'migrant_certificate', applicant: 'self', evidence: [] }))).toBeInstanceOf(NotFoundError);
    expect((await applicationView(t.db, supA.scope, draft.id, DAY)).status).toBe('submitted');
  });

  it('a 光荣证 issued by approval is the one the card asks to revoke when a second child is recorded; revoked there, the application reads 已注销', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code, { name: '陈秀珍' });
    await addChild(t.db, clerkA, woman.id, { sex: 'female', birth_date: '2019-04-02', name: '陈一' }, { today: DAY });
    const draft = await createApplication(t.db, clerkA, woman.id, { kind: 'only_child_glory', applicant: 'self', evidence: [...GLORY_EVIDENCE] });
    const sub = await submitApplication(t.db, clerkA, draft.id, { version: draft.version }, DAY);
    const approved = await decideApplication(t.db, supA, draft.id, 'approve', { version: sub.version }, DAY);
    expect(approved.number).toBe('990100001-2026-GR-00001');

    const birth = await addChild(t.db, clerkA, woman.id, { sex: 'male', birth_date: '2026-06-16', name: '陈二' }, { today: '2026-06-20' });
    expect(birth.gloryCertificate).toMatchObject({ id: approved.certificate_id, number: approved.number });

    await revokeCertificate(t.db, clerkA, woman.id, approved.certificate_id!, { revoked_on: '2026-06-20', revoke_reason: '再生育子女' }, { today: '2026-06-20' });
    const view = await applicationView(t.db, supA.scope, draft.id, '2026-06-20');
    expect(view).toMatchObject({ status: 'approved', effective_status: 'revoked', certificate_revoked_on: '2026-06-20' });
    const again = await refusal(revokeApplication(t.db, supA, draft.id, { revoked_on: '2026-06-20', revoke_reason: '再生育子女', version: approved.version }, '2026-06-20'));
    expect((again as ValidationError).formErrors[0]).toContain('已注销');
  });

  it('refuses a 光荣证 by the card rule when two children live (no number taken)', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA2.code);
    await addChild(t.db, clerkA, woman.id, { sex: 'female', birth_date: '2015-04-02' }, { today: DAY });
    await addChild(t.db, clerkA, woman.id, { sex: 'male', birth_date: '2018-04-02' }, { today: DAY });
    const draft = await createApplication(t.db, clerkA, woman.id, { kind: 'only_child_glory', applicant: 'self', evidence: [...GLORY_EVIDENCE] });
    const sub = await submitApplication(t.db, clerkA, draft.id, { version: draft.version }, DAY);
    const before = await t.db('certificate_number_counters').where({ kind: 'only_child_glory', year: 2026, township_id: w.townshipA.id }).first();
    const err = await refusal(decideApplication(t.db, supA, draft.id, 'approve', { version: sub.version }, DAY));
    expect(err).toBeInstanceOf(ValidationError);
    expect(Object.values((err as ValidationError).fieldErrors).join()).toContain('有且只有一个健在子女');
    expect(await t.db('certificate_number_counters').where({ kind: 'only_child_glory', year: 2026, township_id: w.townshipA.id }).first()).toEqual(before);
  });
});
