/**
 * 协查 past one county (issue 19): a city deployment with two counties, 示例县 990100 and 乙县 990101, both partners of
 * the outside county 990300. A query's reference starts with its own county; each county's package is exported
 * under its own code and holds only its own queries and answers; an imported package lands only in the county it
 * is addressed to (her women, her regions, her sent queries); each county sees its own recent packages; a city
 * account has no exchange; a county of the same deployment is no partner (its villages are on the send form);
 * each county keeps its own partners and secrets.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { ForbiddenError } from '../../../src/errors.ts';
import { writePackage, type PackageBodyValue } from '../../../src/features/floating/exchange/package.ts';
import { commitImport, exportPackage, listPartners, planImport, recentPackages, savePartner } from '../../../src/features/floating/exchange/service.ts';
import { answerQuery, queryList, sendFormChoices, sendQuery } from '../../../src/features/floating/queries/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedCityWorld, type CityWorld } from '../../helpers/city-fixtures.ts';
import { makeUser } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { actorFor } from '../../helpers/women.ts';

const SECRET = 'shared-secret-with-the-outside-county';
const OUTSIDE = '990300';
const page = { limit: 50, offset: 0 };

/** The field errors a refused call threw (undefined when it went through). */
const refusal = async (call: Promise<unknown>) =>
  (
    (await call.then(
      () => undefined,
      (e: unknown) => e,
    )) as { fieldErrors?: Record<string, string> } | undefined
  )?.fieldErrors;

const bodyOf = (text: string) => (JSON.parse(text) as { body: PackageBodyValue }).body;

let seq = 0;
/** A package from the outside county to one of ours, signed with the shared secret. */
function fromOutside(to: string, part: Partial<Pick<PackageBodyValue, 'queries' | 'answers'>>): Buffer {
  seq += 1;
  const body: PackageBodyValue = {
    format: 'fp-portal.floating-exchange',
    version: 1,
    package_id: `0b6a3c1e-8d4f-4e2a-9c7b-${String(seq).padStart(12, '0')}`,
    from_county: OUTSIDE,
    to_county: to,
    created_on: '2026-03-20',
    queries: part.queries ?? [],
    answers: part.answers ?? [],
  };
  return Buffer.from(writePackage(body, SECRET));
}

const outsideQuery = (idNumber: string, toRegion: string | null) => ({
  ref: `${OUTSIDE}-0b6a3c1e-8d4f-4e2a-9c7b-${String(++seq).padStart(12, '0')}`,
  kind: 'pregnancy',
  body: '请核实孕情',
  sent_on: '2026-03-18',
  due_on: '2026-04-02',
  woman_name: '外县来人',
  woman_id_number: idNumber,
  to_region_code: toRegion,
  from_unit: '外县城关镇',
});

describe('协查 exchange in a city deployment: each county its own', () => {
  const t = useTestDatabase();
  let w: CityWorld;
  let clerkA: Actor;
  let clerkB: Actor;
  let supA: Actor;
  let supB: Actor;
  let cityAdmin: Actor;
  let adminB: Actor;
  const ids: Record<string, string> = {};

  async function woman(name: string, village: number) {
    const id = await f.addWoman(t.db, { village, birth_date: '1991-04-01', marriage_date: '2014-01-01', name, migrant_status: 'outflow', migrant_since: '2025-05-01' });
    ids[name] = (await t.db('women').where({ id }).first('id_number'))!.id_number;
  }

  const send = (actor: Actor, who: string, today: string) => sendQuery(t.db, actor, { id_number: ids[who]!, kind: 'pregnancy', to_county: OUTSIDE, body: `关于${who}的协查` }, today);

  beforeAll(async () => {
    w = await seedCityWorld(t.db);
    clerkA = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA);
    clerkB = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipB1.id }), w.townshipB1);
    supA = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: w.countyA.id }), w.countyA);
    supB = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: w.countyB.id }), w.countyB);
    cityAdmin = actorFor(await makeUser(t.db, { role: 'admin', regionId: w.city.id }), w.city);
    const adminA = actorFor(await makeUser(t.db, { role: 'admin', regionId: w.countyA.id }), w.countyA);
    adminB = actorFor(await makeUser(t.db, { role: 'admin', regionId: w.countyB.id }), w.countyB);
    await savePartner(t.db, adminA, { county_code: OUTSIDE, name: '外县', secret: SECRET, active: true });
    await savePartner(t.db, adminB, { county_code: OUTSIDE, name: '外县（乙县的伙伴）', secret: SECRET, active: true });
    await woman('甲', w.villageA1.id);
    await woman('乙', w.villageBB.id);
  });

  it('a query’s reference starts with the county of the woman’s township, not the first county', async () => {
    const qa = await send(clerkA, '甲', '2026-03-02');
    const qb = await send(clerkB, '乙', '2026-03-02');
    expect([qa.ref.slice(0, 7), qb.ref.slice(0, 7)]).toEqual(['990100-', '990101-']);
  });

  it('each county exports under its own code, and its package holds its own queries only', async () => {
    const qa = await send(clerkA, '甲', '2026-03-03');
    const qb = await send(clerkB, '乙', '2026-03-03');
    const pa = await exportPackage(t.db, supA, OUTSIDE, '2026-03-04');
    expect(pa.fileName).toBe('协查交换包_990100_990300_2026-03-04.json');
    const a = bodyOf(pa.text);
    expect(a.from_county).toBe('990100');
    expect(a.queries.map((x) => x.ref)).toContain(qa.ref);
    expect(a.queries.map((x) => x.woman_id_number)).not.toContain(ids.乙);
    // 乙县's query is still waiting for 乙县's own package.
    expect((await t.db('floating_queries').where({ id: qb.id }).first())!.out_package_id).toBeNull();
    const pb = await exportPackage(t.db, supB, OUTSIDE, '2026-03-04');
    expect(pb.fileName).toBe('协查交换包_990101_990300_2026-03-04.json');
    const b = bodyOf(pb.text);
    expect([b.from_county, b.queries.map((x) => x.ref).includes(qb.ref), b.queries.some((x) => x.woman_id_number === ids.甲)]).toEqual(['990101', true, false]);
  });

  it('an answer goes back in the package of the county that answered it', async () => {
    await commitImport(t.db, supB, fromOutside('990101', { queries: [outsideQuery(ids.乙!, null)] }));
    const inbox = await queryList(t.db, clerkB.scope, { box: 'inbox', state: 'open', today: '2026-03-21' }, page);
    const received = inbox.rows.find((r) => r.woman_id_number === ids.乙)!;
    expect(received.from_county_code).toBe(OUTSIDE);
    await answerQuery(t.db, clerkB, received.id, { answer: '经核实未孕', result_code: 'not_confirmed' }, '2026-03-22');
    // 示例县 has something of its own to send, and the answer is not in it.
    await send(clerkA, '甲', '2026-03-22');
    const a = bodyOf((await exportPackage(t.db, supA, OUTSIDE, '2026-03-23')).text);
    expect(a.answers.map((x) => x.ref)).not.toContain(received.ref);
    const b = bodyOf((await exportPackage(t.db, supB, OUTSIDE, '2026-03-23')).text);
    expect(b.answers.map((x) => x.ref)).toEqual([received.ref]);
  });

  it('an imported query finds only the importing county’s women and regions', async () => {
    // Addressed to 示例县, about 乙县's woman and village: 示例县 has neither.
    const wrong = fromOutside('990100', { queries: [outsideQuery(ids.乙!, w.villageBB.code)] });
    expect((await refusal(planImport(t.db, supA, wrong)))?.file).toMatch(/本县册内没有该身份证号的妇女/);
    // Addressed to 示例县: 乙县 cannot import it either.
    expect((await refusal(planImport(t.db, supB, wrong)))?.file).toMatch(/不是本县（990101）/);
    const right = await planImport(t.db, supB, fromOutside('990101', { queries: [outsideQuery(ids.乙!, null)] }));
    expect(right.queries.map((x) => [x.to_name, x.woman_id !== null])).toEqual([['乙村', true]]);
  });

  it('an imported answer closes only the importing county’s own sent query', async () => {
    const qb = await send(clerkB, '乙', '2026-03-05');
    const answer = { ref: qb.ref, answered_on: '2026-03-10', answer: '已核实', result_code: 'confirmed' };
    expect((await refusal(planImport(t.db, supA, fromOutside('990100', { answers: [answer] }))))?.file).toMatch(/不是本县发给该县的/);
    await commitImport(t.db, supB, fromOutside('990101', { answers: [answer] }));
    expect((await t.db('floating_queries').where({ id: qb.id }).first())!.answered_on).toBe('2026-03-10');
  });

  it('each county lists its own recent packages', async () => {
    await send(clerkA, '甲', '2026-03-06');
    await send(clerkB, '乙', '2026-03-06');
    const a = bodyOf((await exportPackage(t.db, supA, OUTSIDE, '2026-03-06')).text).package_id;
    const b = bodyOf((await exportPackage(t.db, supB, OUTSIDE, '2026-03-06')).text).package_id;
    const listA = (await recentPackages(t.db, supA)).map((p) => p.package_id);
    const listB = (await recentPackages(t.db, supB)).map((p) => p.package_id);
    expect([listA.includes(a), listA.includes(b), listB.includes(b), listB.includes(a)]).toEqual([true, false, true, false]);
  });

  it('a city account has no exchange, and a county of the deployment is no partner', async () => {
    await expect(exportPackage(t.db, cityAdmin, OUTSIDE, '2026-03-06')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(planImport(t.db, cityAdmin, fromOutside('990100', {}))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await refusal(savePartner(t.db, supA, { county_code: '990101', name: '乙县', secret: SECRET, active: true })))?.county_code).toMatch(/在本系统内/);
  });

  it('the send form lists one county’s villages at a time: one’s own by default, another of the deployment when chosen', async () => {
    const own = await sendFormChoices(t.db, clerkA, {});
    expect(own.county).toBe('990100');
    // The deployment's three counties, one's own marked; the villages are those of 示例县's other township only.
    expect(own.counties.map((c) => c.label)).toEqual(['示例县（本县）', '乙县', '丙县']);
    expect(own.villages.map((v) => v.value)).toEqual([w.villageB1.code]);
    const other = await sendFormChoices(t.db, clerkA, { county: '990101' });
    expect(other.villages.map((v) => [v.value, v.group])).toEqual([[w.villageBB.code, w.townshipB1.name]]);
    // A query to a village of another county of the deployment lands in its township's inbox.
    const sent = await sendQuery(t.db, clerkA, { id_number: ids.甲!, kind: 'pregnancy', to_region: w.villageBB.code, body: '请核实现居地' }, '2026-03-05');
    const inbox = await queryList(t.db, clerkB.scope, { box: 'inbox', state: 'open', today: '2026-03-05' }, page);
    expect(inbox.rows.map((r) => r.id)).toContain(sent.id);
    // A county the deployment does not hold is refused with a clear message; a sent-back form naming a village of
    // one lists her own county's.
    for (const county of ['990199', '990102']) await expect(sendFormChoices(t.db, clerkA, { county })).rejects.toThrow(/没有这个县/);
    expect((await sendFormChoices(t.db, clerkA, { postedVillage: w.villageBB.code })).county).toBe('990101');
    expect((await sendFormChoices(t.db, clerkA, { postedVillage: '990199001001' })).county).toBe('990100');
  });

  it("each county keeps its own partners and secrets: another county's change touches neither its list nor its signatures", async () => {
    const adminA = actorFor(await makeUser(t.db, { role: 'admin', regionId: w.countyA.id }), w.countyA);
    expect((await listPartners(t.db, adminA)).map((p) => p.name)).toEqual(['外县']);
    expect((await listPartners(t.db, adminB)).map((p) => p.name)).toEqual(['外县（乙县的伙伴）']);
    // 乙县 changes its secret and turns the partner off: 示例县 still signs and reads with its own.
    await savePartner(t.db, adminB, { county_code: OUTSIDE, name: '外县（乙县的伙伴）', secret: 'another-secret-of-yi-county', active: false });
    expect((await sendFormChoices(t.db, clerkA, {})).partners.map((p) => p.value)).toEqual([OUTSIDE]);
    expect((await sendFormChoices(t.db, clerkB, {})).partners).toEqual([]);
    expect((await refusal(send(clerkB, '乙', '2026-03-08')))?.to_county).toMatch(/不是交换伙伴/);
    await send(clerkA, '甲', '2026-03-08');
    expect(bodyOf((await exportPackage(t.db, supA, OUTSIDE, '2026-03-08')).text).from_county).toBe('990100');
    await expect(exportPackage(t.db, supB, OUTSIDE, '2026-03-08')).rejects.toThrow();
    expect((await planImport(t.db, supA, fromOutside('990100', {}))).partnerName).toBe('外县');
    expect((await refusal(planImport(t.db, supB, fromOutside('990101', {}))))?.file).toBeDefined();
    expect(await t.db('exchange_partners').where({ county_code: OUTSIDE }).orderBy('owner_county_code').pluck('owner_county_code')).toEqual(['990100', '990101']);
  });
});
