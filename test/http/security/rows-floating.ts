/**
 * Scope-matrix rows of the floating feature: the 婚育证明 check list (and its `?village=` of township B), a 协查 of
 * township B read and answered (A gets 404, the county reads but does not answer), and the exchange page (county only).
 */
import type { Knex } from 'knex';
import { anyone, readB, writeB } from './matrix-kit.ts';
import type { MatrixFixtures, MatrixRow } from './role-matrix.ts';

let seq = 0;

/** A fresh 协查 inside township B (sent from B to its village B1), unanswered; kept in f.records.queryB. */
async function freshQueryB(f: MatrixFixtures): Promise<void> {
  const db: Knex = f.db;
  const woman = (await db('women').where({ id: f.records.womanB }).first('name', 'id_number'))!;
  const [row] = await db('floating_queries')
    .insert({
      ref: `matrix-${process.pid}-${(seq += 1)}`,
      from_township_id: f.world.townshipB.id,
      to_region_id: f.world.villageB1.id,
      woman_id: f.records.womanB,
      woman_name: woman.name,
      woman_id_number: woman.id_number,
      kind: 'verify_request',
      body: '请核实',
      sent_on: '2026-11-01',
      due_on: '2026-11-16',
    })
    .returning('id');
  f.records.queryB = row!.id;
}

export const FLOATING_ROWS: MatrixRow[] = [
  { name: 'GET /floating/certificates', method: 'GET', path: () => '/floating/certificates', expect: anyone(200) },
  { name: 'GET /floating/certificates?village=B1', method: 'GET', path: (f) => `/floating/certificates?village=${f.world.villageB1.code}`, expect: readB(200) },
  { name: 'GET /floating/verifications?village=B1', method: 'GET', path: (f) => `/floating/verifications?village=${f.world.villageB1.code}`, expect: readB(200) },
  {
    name: 'GET /floating/queries/:id (B’s)',
    method: 'GET',
    prepare: async (f) => {
      if (!f.records.queryB) await freshQueryB(f);
    },
    path: (f) => `/floating/queries/${f.records.queryB}`,
    expect: readB(200),
  },
  {
    name: 'POST /floating/queries/:id/answer (B’s)',
    method: 'POST',
    prepare: (f) => freshQueryB(f),
    path: (f) => `/floating/queries/${f.records.queryB}/answer`,
    body: () => ({ answer: '已核实' }),
    expect: writeB(303),
  },
  {
    name: 'GET /floating/exchange',
    method: 'GET',
    path: () => '/floating/exchange',
    expect: { admin: 200, countySup: 200, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 },
  },
];
