/**
 * Recording services: each kind changes the card through the state API in one transaction with the service row,
 * its follow-ups and its audit row; each refusal leaves nothing behind; the card stays free of E findings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/errors.ts';
import { recordService } from '../../../src/features/services/service.ts';
import type { ServiceInput } from '../../../src/features/services/service.ts';
import { openEpisode, openPregnancy, recordBirth } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { actorFor, makeCard, TODAY, townshipClerks } from '../../helpers/women.ts';
import { must } from '../../helpers/must.ts';
import { rejection } from '../../helpers/rejection.ts';

const opts = { today: TODAY };
const STATION = '城关镇计生服务站';

describe('recording a service', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let clerkB: Actor;
  let countySup: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA, clerkB } = await townshipClerks(t.db, w));
    countySup = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: w.county.id }), w.county);
  });

  /** A married mother of one (born 2015), no method. */
  async function mother(village = w.villageA1.code) {
    const woman = await makeCard(t.db, clerkA, village);
    await recordBirth(t.db, clerkA, woman.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, opts);
    return woman;
  }

  const record = (actor: Actor, womanId: number, input: Partial<ServiceInput> & { kind: string }, o: { roundId?: number } = {}) =>
    recordService(t.db, actor, womanId, { performed_on: '2026-03-02', facility: STATION, ...input }, { ...opts, ...o });

  async function footprint(womanId: number) {
    const count = async (table: string, where: Record<string, unknown>) => Number((await t.db(table).where(where).count({ n: '*' }))[0].n);
    return {
      services: await count('services', { woman_id: womanId }),
      followUps: await count('follow_ups', { woman_id: womanId }),
      episodes: await count('contraception_episodes', { woman_id: womanId }),
      openEpisodes: Number((await t.db('contraception_episodes').where({ woman_id: womanId }).whereNull('ended_on').count({ n: '*' }))[0].n),
      pregnancies: await count('pregnancies', { woman_id: womanId }),
      audit: await count('audit_log', { entity: 'woman', entity_id: String(womanId) }),
    };
  }

  async function errorsOn(womanId: number) {
    return (await t.db('data_findings').where({ woman_id: womanId, level: 'E' })).map((f) => f.message);
  }

  it('an IUD insertion opens an iud episode (switching off condoms), due in 8 years, with 4 township follow-ups', async () => {
    const woman = await mother();
    const condom = await openEpisode(t.db, clerkA, woman.id, { method: 'condom', started_on: '2020-01-01' }, opts);
    const r = await record(clerkA, woman.id, { kind: 'iud_insertion', performed_on: '2026-01-31', provider: '李医生' });
    expect(r.service).toMatchObject({ kind: 'iud_insertion', region_id: w.villageA1.id, performed_on: '2026-01-31', provider: '李医生', complication: 'none' });
    const episodes = await t.db('contraception_episodes').where({ woman_id: woman.id }).orderBy('id');
    expect(episodes.find((e) => e.id === condom.id)).toMatchObject({ ended_on: '2026-01-31', end_reason: 'switched' });
    expect(episodes.at(-1)).toMatchObject({ method: 'iud', started_on: '2026-01-31', due_on: '2034-01-31', ended_on: null, service_id: r.service.id });
    const fus = await t.db('follow_ups').where({ service_id: r.service.id }).orderBy('due_on');
    expect(fus.map((f) => [f.level, f.due_on, f.region_id])).toEqual([
      ['township', '2026-02-28', w.villageA1.id],
      ['township', '2026-04-30', w.villageA1.id],
      ['township', '2026-07-31', w.villageA1.id],
      ['township', '2027-01-31', w.villageA1.id],
    ]);
    const audit = await t
      .db('audit_log')
      .where({ entity: 'woman', entity_id: String(woman.id) })
      .orderBy('id');
    expect(audit.map((a) => a.action).slice(-2)).toEqual(['episode.open', 'service.record']);
    expect(must(audit.at(-1), 'last audit row').after).toMatchObject({ kind: 'iud_insertion', service_id: r.service.id, follow_ups: [{ due_on: '2026-02-28' }, {}, {}, {}] });
    expect(await errorsOn(woman.id)).toEqual([]);
    expect((await t.db('data_findings').where({ woman_id: woman.id })).map((f) => f.rule)).toEqual([]);
  });

  it('an IUD removal without an IUD is refused with a clear message and leaves nothing behind', async () => {
    const woman = await mother();
    const before = await footprint(woman.id);
    const err = await rejection(record(clerkA, woman.id, { kind: 'iud_removal' }), ValidationError);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.fieldErrors.kind).toBe('卡上没有在用的宫内节育器，不能登记取出；如放置未登记，请先补登放置记录');
    expect(await footprint(woman.id)).toEqual(before);
  });

  it('a removal closes the IUD it removes, linked to the service; two follow-ups', async () => {
    const woman = await mother();
    await record(clerkA, woman.id, { kind: 'iud_insertion', performed_on: '2016-03-01' });
    const r = await record(clerkA, woman.id, { kind: 'iud_removal', performed_on: '2026-03-01', findings: '到期取出' });
    const iud = await t.db('contraception_episodes').where({ woman_id: woman.id, method: 'iud' }).first();
    expect(iud).toMatchObject({ ended_on: '2026-03-01', end_reason: 'removed', end_service_id: r.service.id });
    expect(r.followUps.map((f) => f.due_on)).toEqual(['2026-04-01', '2026-06-01']);
    // No method now: married, no recent birth → the should-adopt warning is back, and nothing E.
    expect((await t.db('data_findings').where({ woman_id: woman.id })).map((f) => f.rule)).toEqual(['should_adopt']);
  });

  it('a sterilisation is terminal: an IUD insertion afterwards is refused; male sterilisation goes on the wife’s card', async () => {
    const woman = await mother();
    await record(clerkA, woman.id, { kind: 'female_sterilization', performed_on: '2019-05-10' });
    const before = await footprint(woman.id);
    const err = await rejection(record(clerkA, woman.id, { kind: 'iud_insertion' }), ValidationError);
    expect(err.fieldErrors.kind).toMatch(/已登记女性绝育（2019-05-10起）：绝育后不能再登记宫内节育器/);
    expect(await footprint(woman.id)).toEqual(before);

    const wife = await mother(w.villageA2.code);
    const r = await record(clerkA, wife.id, { kind: 'male_sterilization', performed_on: '2025-11-30' });
    expect(await t.db('contraception_episodes').where({ woman_id: wife.id }).first()).toMatchObject({ method: 'male_sterilization', started_on: '2025-11-30', due_on: null, service_id: r.service.id });
    expect(r.service.region_id).toBe(w.villageA2.id);
    // A reversal lifts it.
    await record(clerkA, wife.id, { kind: 'sterilization_reversal', performed_on: '2026-02-01', facility: undefined });
    expect(await t.db('contraception_episodes').where({ woman_id: wife.id }).first()).toMatchObject({ ended_on: '2026-02-01', end_reason: 'reversal' });
  });

  it('implants go in and come out, due after 5 years unless a date is given', async () => {
    const woman = await mother();
    await record(clerkA, woman.id, { kind: 'implant_insertion', performed_on: '2023-03-01', due_on: '2026-03-01' });
    expect(await t.db('contraception_episodes').where({ woman_id: woman.id }).first()).toMatchObject({ method: 'implant', due_on: '2026-03-01' });
    await expect(record(clerkA, woman.id, { kind: 'iud_removal' })).rejects.toThrow(/当前措施是皮下埋植/);
    await record(clerkA, woman.id, { kind: 'implant_removal', performed_on: '2026-03-03' });
    const other = await mother();
    await record(clerkA, other.id, { kind: 'implant_insertion', performed_on: '2024-02-29' });
    expect(await t.db('contraception_episodes').where({ woman_id: other.id }).first()).toMatchObject({ due_on: '2029-02-28' });
  });

  it('an abortion closes the ongoing pregnancy with that outcome and keeps its link', async () => {
    const woman = await mother();
    const p = await openPregnancy(t.db, clerkA, woman.id, { found_on: '2026-02-01' }, opts);
    const r = await record(clerkA, woman.id, { kind: 'surgical_abortion', performed_on: '2026-02-20' });
    expect(await t.db('pregnancies').where({ id: p.id }).first()).toMatchObject({ outcome: 'surgical_abortion', outcome_date: '2026-02-20' });
    expect(r.service.pregnancy_id).toBe(p.id);
    expect(await errorsOn(woman.id)).toEqual([]);
  });

  it('a termination with no recorded pregnancy records one and closes it; with an IUD in place it must be a failure', async () => {
    const woman = await mother();
    await record(clerkA, woman.id, { kind: 'iud_insertion', performed_on: '2016-01-10' });
    const before = await footprint(woman.id);
    const refused = await rejection(record(clerkA, woman.id, { kind: 'medical_abortion' }), ValidationError);
    expect(refused.fieldErrors.contraceptive_failure).toMatch(/须勾选“避孕失败”/);
    expect(await footprint(woman.id)).toEqual(before);

    const r = await record(clerkA, woman.id, { kind: 'medical_abortion', contraceptive_failure: '1', lmp_date: '2026-01-05' });
    const p = must(await t.db('pregnancies').where({ woman_id: woman.id }).first(), 'pregnancy');
    expect(p).toMatchObject({ found_on: '2026-03-02', lmp_date: '2026-01-05', outcome: 'medical_abortion', outcome_date: '2026-03-02', contraceptive_failure: true, failure_method: 'iud' });
    expect(r.service.pregnancy_id).toBe(p.id);
    expect(await t.db('contraception_episodes').where({ woman_id: woman.id, method: 'iud' }).first()).toMatchObject({ ended_on: '2026-03-02', end_reason: 'failure' });
    expect(await errorsOn(woman.id)).toEqual([]);
  });

  it('a 查环查孕: "no IUD found" closes the IUD as expelled; a positive test opens a pregnancy (a failure with an IUD)', async () => {
    const a = await mother();
    await record(clerkA, a.id, { kind: 'iud_insertion', performed_on: '2018-06-01' });
    const check = { kind: 'ring_pregnancy_check', facility: undefined };
    const noIud = await record(clerkA, a.id, { ...check, iud_result: 'absent', pregnancy_result: 'negative' });
    expect(noIud.service).toMatchObject({ iud_result: 'absent', pregnancy_result: 'negative' });
    expect(await t.db('contraception_episodes').where({ woman_id: a.id }).first()).toMatchObject({ ended_on: '2026-03-02', end_reason: 'expelled', end_service_id: noIud.service.id });
    expect(noIud.followUps).toEqual([]);

    const b = await mother();
    await record(clerkA, b.id, { kind: 'iud_insertion', performed_on: '2018-06-01' });
    const before = await footprint(b.id);
    await expect(record(clerkA, b.id, { ...check, iud_result: 'present', pregnancy_result: 'positive' })).rejects.toThrow(/须勾选“避孕失败”/);
    expect(await footprint(b.id)).toEqual(before);
    const pos = await record(clerkA, b.id, { ...check, iud_result: 'present', pregnancy_result: 'positive', contraceptive_failure: true, lmp_date: '2026-01-20' });
    const p = must(await t.db('pregnancies').where({ woman_id: b.id }).first(), 'pregnancy');
    expect(p).toMatchObject({ outcome: 'ongoing', found_on: '2026-03-02', contraceptive_failure: true, failure_method: 'iud' });
    expect(pos.service.pregnancy_id).toBe(p.id);
    expect(await t.db('contraception_episodes').where({ woman_id: b.id }).first()).toMatchObject({ end_reason: 'failure' });
    // A negative test now contradicts the card: refused until the pregnancy's outcome is recorded.
    await expect(record(clerkA, b.id, { ...check, pregnancy_result: 'negative', performed_on: '2026-03-10' })).rejects.toThrow(/请先登记该孕情的结局/);
    expect(await errorsOn(b.id)).toEqual([]);
  });

  it('a serious complication adds a county follow-up at one month', async () => {
    const woman = await mother();
    const r = await record(clerkA, woman.id, { kind: 'iud_insertion', performed_on: '2026-01-15', complication: 'uterine_perforation', complication_serious: 'on' });
    expect(r.followUps.map((f) => [f.level, f.due_on])).toEqual([
      ['township', '2026-02-15'],
      ['county', '2026-02-15'],
      ['township', '2026-04-15'],
      ['township', '2026-07-15'],
      ['township', '2027-01-15'],
    ]);
    expect(r.service).toMatchObject({ complication: 'uterine_perforation', complication_serious: true });
  });

  it('keeps the village where it happened after she moves; scope, role and exited cards are enforced', async () => {
    const woman = await mother();
    const r = await record(clerkA, woman.id, { kind: 'gyn_exam', facility: undefined, findings: '未见异常' });
    await t.db('women').where({ id: woman.id }).update({ region_id: w.villageA2.id });
    expect(must(await t.db('services').where({ id: r.service.id }).first(), 'service').region_id).toBe(w.villageA1.id);
    const later = await record(clerkA, woman.id, { kind: 'counselling', facility: undefined });
    expect(later.service.region_id).toBe(w.villageA2.id);

    await expect(record(clerkB, woman.id, { kind: 'gyn_exam' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(record(countySup, woman.id, { kind: 'gyn_exam' })).rejects.toBeInstanceOf(ForbiddenError);
    await t.db('women').where({ id: woman.id }).update({ status: 'exited', exit_reason: 'moved_out', exit_date: '2026-03-10' });
    await expect(record(clerkA, woman.id, { kind: 'gyn_exam' })).rejects.toThrow(/已出队/);
  });
});
