/**
 * Exchange packages between two portals (two databases in one test): county A (990100) sends a query about a woman
 * registered in county B (990200), exports a signed package, B's dry run shows it and writes nothing, B commits, the
 * query sits in B's township inbox, B answers and exports, A imports, and A's query is answered and counted in
 * 反馈率. Refusals change nothing: a bad signature, a package for another county, the same package twice, a file
 * that is not a package, a county that is not a partner.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { commitImport, exportPackage, planImport, savePartner } from '../../../src/features/floating/exchange/service.ts';
import { writePackage, type PackageBodyValue } from '../../../src/features/floating/exchange/package.ts';
import { answerQuery, queryList, sendQuery } from '../../../src/features/floating/queries/service.ts';
import { createRegion, type RegionRow } from '../../../src/features/regions/service.ts';
import { computeReport } from '../../../src/features/reports/service.ts';
import { createTestDatabase, useTestDatabase, type TestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { actorFor } from '../../helpers/women.ts';

const SECRET = 'shared-secret-between-A-and-B';
const page = { limit: 50, offset: 0 };

/** Every row of the tables an import writes, as one string (to show a refusal changed nothing). */
async function fingerprint(db: Knex): Promise<string> {
  const rows = await Promise.all(['floating_queries', 'exchange_packages', 'audit_log'].map((t) => db(t).orderBy('id').select('*')));
  return JSON.stringify(rows);
}

describe('exchange packages between two counties', () => {
  const a = useTestDatabase();
  let b: TestDatabase;
  let wA: World;
  let bCounty: RegionRow;
  let bTownship: RegionRow;
  let bVillage: RegionRow;
  let clerkA: Actor;
  let supA: Actor;
  let clerkB: Actor;
  let supB: Actor;
  let idNumber: string;

  beforeAll(async () => {
    b = await createTestDatabase();
    wA = await seedWorld(a.db);
    bCounty = await createRegion(b.db, null, { code: '990200', name: '乙县' });
    bTownship = await createRegion(b.db, null, { code: '990200001', name: '乙县城关镇' });
    bVillage = await createRegion(b.db, null, { code: '990200001001', name: '乙县东村' });
    clerkA = actorFor(await makeUser(a.db, { role: 'clerk', regionId: wA.townshipA.id }), wA.townshipA);
    supA = actorFor(await makeUser(a.db, { role: 'supervisor', regionId: wA.county.id }), wA.county);
    clerkB = actorFor(await makeUser(b.db, { role: 'clerk', regionId: bTownship.id }), bTownship);
    supB = actorFor(await makeUser(b.db, { role: 'supervisor', regionId: bCounty.id }), bCounty);
    await savePartner(a.db, supA, { county_code: '990200', name: '乙县', secret: SECRET, active: true });
    await savePartner(b.db, supB, { county_code: '990100', name: '甲县', secret: SECRET, active: true });
    // The woman: registered in county B (outflow), living in county A (an inflow card there), same ID number.
    const inB = await f.addWoman(b.db, { village: bVillage.id, birth_date: '1991-04-01', marriage_date: '2014-01-01', name: '赵兰', migrant_status: 'outflow', migrant_since: '2025-05-01' });
    idNumber = (await b.db('women').where({ id: inB }).first('id_number'))!.id_number;
    const inA = await f.addWoman(a.db, { village: wA.villageA1.id, birth_date: '1991-04-01', marriage_date: '2014-01-01', name: '赵兰', migrant_status: 'inflow', migrant_since: '2025-05-01' });
    await a.db('women').where({ id: inA }).update({ id_number: idNumber });
  });
  afterAll(() => b.destroy());

  it('goes round: A sends and exports, B dry-runs and imports, B answers and exports, A imports and counts it', async () => {
    const q = await sendQuery(a.db, clerkA, { id_number: idNumber, kind: 'pregnancy', to_county: '990200', body: '该妇女在我县务工，请核实孕情' }, '2026-03-02');
    expect(q.due_on).toBe('2026-03-17');
    const out = await exportPackage(a.db, supA, '990200', '2026-03-03');
    expect(out.fileName).toBe('协查交换包_990100_990200_2026-03-03.json');
    expect((await a.db('floating_queries').where({ id: q.id }).first())!.out_package_id).not.toBeNull();

    const before = await fingerprint(b.db);
    const plan = await planImport(b.db, supB, Buffer.from(out.text));
    expect(plan.queries.map((x) => [x.woman_name, x.to_name, x.woman_id !== null])).toEqual([['赵兰', '乙县东村', true]]);
    expect(await fingerprint(b.db)).toBe(before);

    await commitImport(b.db, supB, Buffer.from(out.text));
    const inbox = await queryList(b.db, clerkB.scope, { box: 'inbox', state: 'open', today: '2026-03-05' }, page);
    expect(inbox.rows.map((r) => [r.woman_name, r.from_county_code, r.from_unit, r.due_on])).toEqual([['赵兰', '990100', '城关镇', '2026-03-17']]);

    await answerQuery(b.db, clerkB, inbox.rows[0]!.id, { answer: '经核实未孕', result_code: 'not_confirmed' }, '2026-03-10');
    const back = await exportPackage(b.db, supB, '990100', '2026-03-11');
    await commitImport(a.db, supA, Buffer.from(back.text));
    const closed = (await a.db('floating_queries').where({ id: q.id }).first())!;
    expect([closed.answered_on, closed.answer, closed.result_code]).toEqual(['2026-03-10', '经核实未孕', 'not_confirmed']);

    const report = await computeReport(a.db, wA.townshipA, { from: '2026-03-01', to: '2026-03-31' });
    expect([report.total.migrant_queries_due, report.total.migrant_queries_answered_on_time]).toEqual([1, 1]);
    // Nothing left to send either way.
    await expect(exportPackage(b.db, supB, '990100', '2026-03-12')).rejects.toMatchObject({ fieldErrors: { county_code: '没有需要发给甲县的协查或反馈' } });
  });

  it('refuses the same package twice, a bad signature, another county’s package, a non-package, a stranger — and changes nothing', async () => {
    await sendQuery(a.db, clerkA, { id_number: idNumber, kind: 'birth', to_county: '990200', body: '生育信息通报' }, '2026-04-01');
    const out = await exportPackage(a.db, supA, '990200', '2026-04-01');
    await commitImport(b.db, supB, Buffer.from(out.text));

    const refused = async (bytes: Buffer, message: string | RegExp) => {
      const before = await fingerprint(b.db);
      const err = (await commitImport(b.db, supB, bytes).then(
        () => undefined,
        (e: unknown) => e,
      )) as { fieldErrors?: Record<string, string> } | undefined;
      expect(err?.fieldErrors?.file).toMatch(message);
      expect(await fingerprint(b.db)).toBe(before);
    };
    await refused(Buffer.from(out.text), /已导入过，不能重复导入/);

    const parsed = JSON.parse(out.text) as { body: PackageBodyValue; signature: string };
    const fresh: PackageBodyValue = {
      ...parsed.body,
      package_id: '0b6a3c1e-8d4f-4e2a-9c7b-5f1d2e3a4b5c',
      queries: parsed.body.queries.map((x) => ({ ...x, ref: `990100-0b6a3c1e-8d4f-4e2a-9c7b-5f1d2e3a4b5d` })),
    };
    await refused(Buffer.from(writePackage(fresh, 'some-other-secret-xxxxxxxx')), /签名不符/);
    await refused(Buffer.from(writePackage({ ...fresh, to_county: '990300' }, SECRET)), /是发给 990300 的，不是本县/);
    await refused(Buffer.from(writePackage({ ...fresh, from_county: '990400' }, SECRET)), /不是本县的交换伙伴/);
    await refused(Buffer.from('姓名,身份证号\n赵兰,1'), /不是交换包/);
    await refused(Buffer.from(writePackage(fresh, SECRET).replace('{"body"', '{ "body"')), /格式不规范/);
    // The untampered fresh package is accepted (the refusals above were for what they said).
    await commitImport(b.db, supB, Buffer.from(writePackage(fresh, SECRET)));
  });
});
