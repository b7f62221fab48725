/**
 * Scope-matrix rows of the special-families feature: the list (by township), the proposals, a file of township B,
 * its edit form and a care record posted to it. Their records are made on first use (prepare): a couple of village
 * B1 whose only child died, with a file.
 */
import { addFamily, addFile } from '../../helpers/special-family-fixtures.ts';
import { anyone, readB, today } from './matrix-kit.ts';
import type { MatrixFixtures, MatrixRow } from './role-matrix.ts';

async function familyB(f: MatrixFixtures) {
  if (f.records.familyFileB) return;
  f.records.familyWomanB = await addFamily(f.db, f.world.villageB1.id, '矩阵特家', { vital: 'deceased' });
  f.records.familyFileB = await addFile(f.db, f.records.familyWomanB, '2026-01-01');
}

/** Writes on B's file: B's township and the county supervisor; A gets 404; the admin's role 403. */
const writeFileB = (ok: number) => ({ admin: 403, countySup: ok, supA: 404, clerkA: 404, supB: ok, clerkB: ok, anonymous: 303 });

export const SPECIAL_FAMILY_ROWS: MatrixRow[] = [
  {
    name: 'GET /special-families',
    method: 'GET',
    path: () => '/special-families',
    prepare: familyB,
    expect: anyone(200),
    mustNotShow: { clerkA: () => ['矩阵特家'], supA: () => ['矩阵特家'] },
    mustShow: { clerkB: () => ['矩阵特家'], countySup: () => ['矩阵特家'] },
  },
  { name: 'GET /special-families?township=B', method: 'GET', path: (f) => `/special-families?township=${f.world.townshipB.code}`, prepare: familyB, expect: readB(200) },
  { name: 'GET /special-families?format=csv', method: 'GET', path: (f) => `/special-families?township=${f.world.townshipB.code}&format=csv`, prepare: familyB, expect: readB(200) },
  { name: 'GET /special-families/proposals', method: 'GET', path: () => '/special-families/proposals', expect: anyone(200) },
  { name: 'GET /special-families/:id (B)', method: 'GET', path: (f) => `/special-families/${f.records.familyFileB}`, prepare: familyB, expect: readB(200) },
  { name: 'GET /special-families/:id/edit (B)', method: 'GET', path: (f) => `/special-families/${f.records.familyFileB}/edit`, prepare: familyB, expect: writeFileB(200) },
  {
    name: 'POST /special-families/:id/care (B)',
    method: 'POST',
    path: (f) => `/special-families/${f.records.familyFileB}/care`,
    prepare: familyB,
    body: () => ({ cared_on: today(), carer: '矩阵关怀人', kind: 'emotional', mode: 'phone', content: '电话问候' }),
    expect: writeFileB(303),
  },
];
