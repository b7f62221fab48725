/**
 * Register services against PostgreSQL: the nightly jobs (over-age exit, recompute), transfer requests from the
 * destination, certificates, child edits that renumber, re-activation guarded by the duplicate rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { NotFoundError, ValidationError } from '../../../src/errors.ts';
import { issueCertificate } from '../../../src/features/women/service.ts';
import { addChild, updateChild } from '../../../src/features/women/service.ts';
import { exitCard, exitOverAge, reactivateCard } from '../../../src/features/women/service.ts';
import { countFindings, findingsForTownship, recomputeFindings } from '../../../src/features/women/service.ts';
import { listWomen } from '../../../src/features/women/service.ts';
import { acceptTransfer, moveCard, requestTransfer } from '../../../src/features/women/service.ts';
import { createCard, DuplicateCardError } from '../../../src/features/women/service.ts';
import { openEpisode } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { cardInput, makeCard, TODAY, womanId, townshipClerks } from '../../helpers/women.ts';
import { must } from '../../helpers/must.ts';
import { rejection } from '../../helpers/rejection.ts';

const opts = { today: TODAY };

describe('register services', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let clerkB: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA, clerkB } = await townshipClerks(t.db, w));
  });

  it('the nightly job exits women who turned 50 (exit date = 50th birthday), ends their method, audits each; idempotent', async () => {
    const old = await makeCard(t.db, clerkA, w.villageA1.code, { id_number: womanId('1976-03-20') });
    const young = await makeCard(t.db, clerkA, w.villageA1.code, { id_number: womanId('1976-03-21') });
    await openEpisode(t.db, clerkA, old.id, { method: 'condom', started_on: '2020-01-01' }, opts);
    expect(await exitOverAge(t.db, '2026-03-20')).toBe(1);
    expect(await t.db('women').where({ id: old.id }).first()).toMatchObject({ status: 'exited', exit_reason: 'over_age', exit_date: '2026-03-20' });
    expect(must(await t.db('women').where({ id: young.id }).first(), 'card').status).toBe('active');
    expect(await t.db('contraception_episodes').where({ woman_id: old.id }).first()).toMatchObject({ ended_on: '2026-03-20', end_reason: 'exited' });
    const audit = must(
      await t
        .db('audit_log')
        .where({ entity_id: String(old.id), action: 'card.exit' })
        .first(),
      'audit row',
    );
    expect(audit).toMatchObject({ username: 'system', reason: '年满50周岁，自动出队（超龄）' });
    expect(JSON.stringify(audit.before)).not.toContain(old.id_number);
    expect(await exitOverAge(t.db, '2026-03-20')).toBe(0);
    expect(await exitOverAge(t.db, '2026-03-21')).toBe(1);
  });

  it('recompute refreshes date-dependent findings for every active card, in batches', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA2.code, { migrant_status: 'outflow', migrant_place: '浙江', migrant_since: '2026-01-01' });
    await openEpisode(t.db, clerkA, woman.id, { method: 'condom', started_on: '2026-01-01' }, opts);
    expect(await t.db('data_findings').where({ woman_id: woman.id })).toEqual([]);
    await makeCard(t.db, clerkA, w.villageA1.code);
    await makeCard(t.db, clerkA, w.villageA1.code);
    const active = (await t.db('women').where({ status: 'active' }).count({ n: '*' }))[0].n;
    const summary = await recomputeFindings(t.db, '2026-08-01', 2);
    expect(summary.women).toBe(active);
    expect(summary.women).toBeGreaterThanOrEqual(3);
    const rows = await t.db('data_findings').where({ woman_id: woman.id });
    expect(rows.map((r) => r.rule)).toEqual(['outflow_unverified']);
    expect(rows[0]).toMatchObject({ level: 'W', region_id: w.villageA2.id, detected_on: '2026-08-01' });
    // Counts and the exception list read the same rows, within scope.
    expect(await countFindings(t.db, clerkA.scope, { level: 'W' })).toBeGreaterThan(0);
    expect(await countFindings(t.db, clerkB.scope)).toBe(0);
    const list = await findingsForTownship(t.db, clerkA.scope, { rule: 'outflow_unverified' });
    expect(list.groups.map((g) => g.name)).toEqual(['西街村']);
    expect(list.groups[0].rows[0].link).toBe(`/women/${woman.id}/edit#f-migrant_verified_on`);
  });

  it('a township asks for a woman active elsewhere; the holding township accepts; she keeps her history', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    await addChild(t.db, clerkA, woman.id, { sex: 'male', birth_date: '2015-01-01' }, opts);
    const dup = await rejection(createCard(t.db, clerkB, cardInput(w.villageB1.code, { id_number: woman.id_number }), opts), DuplicateCardError);
    expect(dup).toBeInstanceOf(ValidationError);
    expect(dup.duplicate).toMatchObject({ inScope: false, township_name: '城关镇', maskedName: '王**' });

    const request = await requestTransfer(t.db, clerkB, { id_number: woman.id_number, village: w.villageB1.code, moved_on: '2026-03-01', reason: '因婚迁入' }, opts);
    expect(request).toMatchObject({ status: 'pending', initiated_by: 'destination' });
    // The requester cannot approve its own request; the holder can.
    await expect(acceptTransfer(t.db, clerkB, request.id, {}, opts)).rejects.toBeInstanceOf(NotFoundError);
    await acceptTransfer(t.db, clerkA, request.id, {}, opts);
    expect(must(await t.db('women').where({ id: woman.id }).first(), 'card').region_id).toBe(w.villageB1.id);
    const child = must(await t.db('children').where({ woman_id: woman.id }).first(), 'child');
    expect(child.region_id).toBe(w.villageA1.id);
    const { rows } = await listWomen(t.db, clerkB.scope, { q: woman.id_number.slice(-6) });
    expect(rows.map((r) => r.id)).toEqual([woman.id]);
  });

  it('a move to the same village or while another is pending is refused', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    await expect(moveCard(t.db, clerkA, woman.id, { village: w.villageA1.code, moved_on: '2026-01-01' }, opts)).rejects.toThrow(/她已在 东街村/);
    await moveCard(t.db, clerkA, woman.id, { village: w.villageB1.code, moved_on: '2026-01-01' }, opts);
    await expect(moveCard(t.db, clerkA, woman.id, { village: w.villageA2.code, moved_on: '2026-01-02' }, opts)).rejects.toThrow(/已有待处理的迁移/);
  });

  it('a 光荣证 needs exactly one living child; numbers are unique per kind', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    const none = await rejection(issueCertificate(t.db, clerkA, woman.id, { kind: 'only_child_glory', number: 'G-1', issued_on: '2020-01-01' }, opts), ValidationError);
    expect(none.fieldErrors.kind).toContain('有 0 个');
    await addChild(t.db, clerkA, woman.id, { sex: 'female', birth_date: '2016-01-01' }, opts);
    await issueCertificate(t.db, clerkA, woman.id, { kind: 'only_child_glory', number: 'G-1', issued_on: '2020-01-01' }, opts);
    const other = await makeCard(t.db, clerkA, w.villageA2.code);
    await addChild(t.db, clerkA, other.id, { sex: 'female', birth_date: '2016-01-01' }, opts);
    const taken = await rejection(issueCertificate(t.db, clerkA, other.id, { kind: 'only_child_glory', number: 'G-1', issued_on: '2020-01-01' }, opts), ValidationError);
    expect(taken.fieldErrors.number).toContain('已被使用');
  });

  it('correcting a child’s birth date renumbers the others and is audited', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    await addChild(t.db, clerkA, woman.id, { name: '甲', sex: 'male', birth_date: '2014-01-01' }, opts);
    await addChild(t.db, clerkA, woman.id, { name: '乙', sex: 'female', birth_date: '2017-01-01' }, opts);
    const yi = must(await t.db('children').where({ woman_id: woman.id, name: '乙' }).first(), 'child');
    await updateChild(t.db, clerkA, woman.id, yi.id, { name: '乙', sex: 'female', birth_date: '2012-01-01', version: yi.version }, opts);
    const rows = await t.db('children').where({ woman_id: woman.id }).orderBy('birth_order');
    expect(rows.map((r) => [r.name, r.birth_order])).toEqual([
      ['乙', 1],
      ['甲', 2],
    ]);
    const audit = must(
      await t
        .db('audit_log')
        .where({ entity_id: String(woman.id), action: 'child.update' })
        .first(),
      'audit row',
    );
    expect(audit.after).toMatchObject({ birth_date: '2012-01-01', birth_order: 1, renumbered: [{ id: rows[1].id, birth_order: 2 }] });
  });

  it('re-activation is refused while the same ID number is active on another card', async () => {
    const woman = await makeCard(t.db, clerkA, w.villageA1.code);
    await exitCard(t.db, clerkA, woman.id, { exit_reason: 'moved_out', exit_date: '2026-01-01', version: 1 }, opts);
    const again = await createCard(t.db, clerkB, cardInput(w.villageB1.code, { id_number: woman.id_number }), opts);
    const exited = must(await t.db('women').where({ id: woman.id }).first(), 'card');
    const err = await rejection(reactivateCard(t.db, clerkA, woman.id, { reason: '回来了', version: exited.version }, opts), ValidationError);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain('东山镇 上河村');
    expect(again.status).toBe('active');
  });
});
