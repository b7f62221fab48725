/**
 * Scope-matrix rows of births from outside (issue 16 §3): the rates page, the 漏报 list with a village of
 * township B, a list imported by township B, explaining B's 漏报 item, re-matching B's list.
 */
import { anyone, readB, writeB } from './matrix-kit.ts';
import type { MatrixFixtures, MatrixRow } from './role-matrix.ts';

/** A confirmed list of township B (once) and a fresh open 漏报 item of B's card on it (each call). */
async function freshItemB(f: MatrixFixtures): Promise<void> {
  if (!f.records.outsideListB) {
    const [list] = await f
      .db('outside_birth_lists')
      .insert({ source_kind: 'hospital', name: '矩阵名单', file_name: 'm.csv', region_id: f.world.townshipB.id, status: 'confirmed', row_count: 1 })
      .returning('id');
    f.records.outsideListB = list!.id;
  }
  const [row] = await f
    .db('outside_births')
    .insert({
      list_id: f.records.outsideListB,
      row_no: 2,
      mother_name: '矩阵母亲',
      sex: 'female',
      birth_date: '2026-01-05',
      region_id: f.world.villageB1.id,
      match_status: 'not_recorded',
      woman_id: f.records.womanB,
    })
    .returning('id');
  f.records.outsideItemB = row!.id;
}

export const OUTSIDE_BIRTH_ROWS: MatrixRow[] = [
  { name: 'GET /outside-births', method: 'GET', path: () => '/outside-births', expect: anyone(200) },
  { name: 'GET /outside-births/lists', method: 'GET', path: () => '/outside-births/lists', expect: anyone(200) },
  {
    name: 'GET /outside-births/missing?village=B1',
    method: 'GET',
    prepare: freshItemB,
    path: (f) => `/outside-births/missing?village=${f.world.villageB1.code}`,
    expect: readB(200),
    mustShow: { clerkB: () => ['矩阵母亲'], countySup: () => ['矩阵母亲'] },
  },
  {
    name: 'GET /outside-births/missing (A does not see B)',
    method: 'GET',
    path: () => '/outside-births/missing',
    expect: anyone(200),
    mustNotShow: { clerkA: () => ['矩阵母亲'], supA: () => ['矩阵母亲'] },
  },
  { name: 'GET /outside-births/lists/:id (B)', method: 'GET', prepare: freshItemB, path: (f) => `/outside-births/lists/${f.records.outsideListB}`, expect: readB(200) },
  {
    name: 'POST /outside-births/missing/:id/explain (B)',
    method: 'POST',
    prepare: freshItemB,
    path: (f) => `/outside-births/missing/${f.records.outsideItemB}/explain`,
    body: () => ({ explanation: '矩阵说明' }),
    expect: writeB(303),
  },
  {
    name: 'POST /outside-births/lists/:id/match (B)',
    method: 'POST',
    prepare: freshItemB,
    path: (f) => `/outside-births/lists/${f.records.outsideListB}/match`,
    expect: { admin: 403, countySup: 303, supA: 404, clerkA: 404, supB: 303, clerkB: 303, anonymous: 303 },
  },
];
