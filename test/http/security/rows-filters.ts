/**
 * Scope-matrix rows of filters (DESIGN §1: "a record — or a filter — outside the caller's scope answers 404"):
 * every list, export and roster that takes a village, township or region, with a code of township B (A gets
 * 404, like for a record of B) or a code that exists nowhere (everyone gets 404, the same answer). The exports
 * are POST forms; a refused one writes nothing (not even its audit row: the runner compares the database).
 */
import { anyone, readB } from './matrix-kit.ts';
import type { MatrixFixtures, MatrixRow } from './role-matrix.ts';

const b1 = (f: MatrixFixtures) => f.world.villageB1.code;
const NO_VILLAGE = '990100009999';
const NO_TOWNSHIP = '990100009';
const ROSTERS = ['should-adopt', 'double-check', 'follow-ups', 'removals', 'exceptions'];
/** B's card shows in B's exports; A's never does. */
const showsB = { clerkB: () => ['李桂兰'], countySup: () => ['李桂兰'] };
const hidesA = { clerkB: () => ['王秀英'], supB: () => ['王秀英'], countySup: () => ['王秀英'] };

export const FILTER_ROWS: MatrixRow[] = [
  // The card-list export with the list's filters.
  {
    name: 'POST /exports/women (village=B1)',
    method: 'POST',
    path: () => '/exports/women',
    body: (f) => ({ format: 'csv', village: b1(f) }),
    expect: readB(200),
    mustShow: showsB,
    mustNotShow: hidesA,
  },
  {
    name: 'POST /exports/women (village=B1, full ID numbers with a reason)',
    method: 'POST',
    path: () => '/exports/women',
    body: (f) => ({ format: 'csv', village: b1(f), full_ids: '1', reason: '上级部门核查' }),
    expect: readB(200),
    mustShow: showsB,
  },
  { name: 'POST /exports/women (no such village)', method: 'POST', path: () => '/exports/women', body: () => ({ format: 'csv', village: NO_VILLAGE }), expect: anyone(404) },
  // Every roster export with a village of B; the exception list with township B; the double-check list with B's round.
  ...ROSTERS.map((r): MatrixRow => ({
    name: `POST /exports/rosters/${r} (village=B1)`,
    method: 'POST',
    path: () => `/exports/rosters/${r}`,
    body: (f) => ({ format: 'csv', village: b1(f) }),
    expect: readB(200),
  })),
  ...ROSTERS.map((r): MatrixRow => ({
    name: `POST /exports/rosters/${r} (no such village)`,
    method: 'POST',
    path: () => `/exports/rosters/${r}`,
    body: () => ({ format: 'csv', village: NO_VILLAGE }),
    expect: anyone(404),
  })),
  {
    name: 'POST /exports/rosters/exceptions (township=B)',
    method: 'POST',
    path: () => '/exports/rosters/exceptions',
    body: (f) => ({ format: 'csv', township: f.world.townshipB.code }),
    expect: readB(200),
  },
  {
    name: 'POST /exports/rosters/exceptions (no such township)',
    method: 'POST',
    path: () => '/exports/rosters/exceptions',
    body: () => ({ format: 'csv', township: NO_TOWNSHIP }),
    expect: anyone(404),
  },
  {
    name: 'POST /exports/rosters/double-check (round of B)',
    method: 'POST',
    path: () => '/exports/rosters/double-check',
    body: (f) => ({ format: 'csv', round: String(f.records.roundB) }),
    expect: readB(200),
  },
  // Double-check rounds: the list by village or township, a round's page by village.
  {
    name: 'GET /check-rounds?village=B1',
    method: 'GET',
    path: (f) => `/check-rounds?village=${b1(f)}`,
    expect: readB(200),
    mustShow: { clerkB: (f) => [`/check-rounds/${f.records.roundB}?village=${b1(f)}`] },
  },
  { name: 'GET /check-rounds?village= (no such village)', method: 'GET', path: () => `/check-rounds?village=${NO_VILLAGE}`, expect: anyone(404) },
  { name: 'GET /check-rounds?township= (no such township)', method: 'GET', path: () => `/check-rounds?township=${NO_TOWNSHIP}`, expect: anyone(404) },
  {
    name: 'GET /check-rounds?township=A&village=B1 (a village of another township)',
    method: 'GET',
    path: (f) => `/check-rounds?township=${f.world.townshipA.code}&village=${b1(f)}`,
    expect: anyone(404),
  },
  { name: 'GET /check-rounds/:id?village=B1 (B)', method: 'GET', path: (f) => `/check-rounds/${f.records.roundB}?village=${b1(f)}`, expect: readB(200), mustShow: { clerkB: () => ['李桂兰'] } },
  { name: 'GET /check-rounds/:id?village=A1 (B’s round, A’s village)', method: 'GET', path: (f) => `/check-rounds/${f.records.roundB}?village=${f.world.villageA1.code}`, expect: anyone(404) },
  {
    name: 'GET /check-rounds/:id?village=A1&print=1 (B’s round, A’s village)',
    method: 'GET',
    path: (f) => `/check-rounds/${f.records.roundB}?village=${f.world.villageA1.code}&print=1`,
    expect: anyone(404),
  },
  // Codes that exist nowhere answer like another township's.
  { name: 'GET /women?village= (no such village)', method: 'GET', path: () => `/women?village=${NO_VILLAGE}`, expect: anyone(404) },
  { name: 'GET /services?village= (no such village)', method: 'GET', path: () => `/services?village=${NO_VILLAGE}`, expect: anyone(404) },
  { name: 'GET /work-orders?village= (no such village)', method: 'GET', path: () => `/work-orders?village=${NO_VILLAGE}`, expect: anyone(404) },
  { name: 'GET /rosters/exceptions?township= (no such township)', method: 'GET', path: () => `/rosters/exceptions?township=${NO_TOWNSHIP}`, expect: anyone(404) },
  { name: 'GET /population?township= (no such township)', method: 'GET', path: () => `/population?township=${NO_TOWNSHIP}`, expect: anyone(404) },
  { name: 'GET /subsidies/applications?village= (no such village)', method: 'GET', path: () => `/subsidies/applications?village=${NO_VILLAGE}`, expect: anyone(404) },
  { name: 'GET /subsidies/roster?village= (no such village)', method: 'GET', path: () => `/subsidies/roster?village=${NO_VILLAGE}`, expect: anyone(404) },
  // A region above the caller's (the county, for a township's users) is outside the scope too.
  {
    name: 'GET /reports/summary?region=county',
    method: 'GET',
    path: (f) => `/reports/summary?region=${f.world.county.code}&from=2026-01-01&to=2026-11-18`,
    expect: { ...anyone(200), supA: 404, clerkA: 404, supB: 404, clerkB: 404 },
  },
  {
    name: 'GET /reports/people?region=county',
    method: 'GET',
    path: (f) => `/reports/people?figure=births&region=${f.world.county.code}&from=2015-01-01&to=2026-11-18`,
    expect: { ...anyone(200), supA: 404, clerkA: 404, supB: 404, clerkB: 404 },
  },
  { name: 'GET /population?township=county (a code of another level)', method: 'GET', path: (f) => `/population?township=${f.world.county.code}`, expect: anyone(404) },
  {
    name: 'GET /admin/users?region= (no such region)',
    method: 'GET',
    path: () => '/admin/users?region=999999',
    expect: { admin: 404, countySup: 403, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 },
  },
  {
    name: 'GET /admin/users?region=B',
    method: 'GET',
    path: (f) => `/admin/users?region=${f.world.townshipB.id}`,
    expect: { admin: 200, countySup: 403, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 },
    mustShow: { admin: (f) => [f.users.clerkB.username] },
  },
  { name: 'GET /reports/monthly?region= (no such township)', method: 'GET', path: () => `/reports/monthly?region=${NO_TOWNSHIP}`, expect: anyone(404) },
  { name: 'GET /reports/summary?region= (no such township)&format=csv', method: 'GET', path: () => `/reports/summary?region=${NO_TOWNSHIP}&format=csv`, expect: anyone(404) },
  { name: 'GET /reports/people?region= (no such township)', method: 'GET', path: () => `/reports/people?figure=births&region=${NO_TOWNSHIP}&from=2015-01-01&to=2026-11-18`, expect: anyone(404) },
];
