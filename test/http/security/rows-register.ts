/**
 * Scope-matrix rows of the register (育龄妇女): the card and every sub-route, by URL, and by form field (a
 * village code of township B posted by A), transfers both ways, exits. Records come from the scenario
 * (test/helpers/scenario.ts); writes that succeed only once get a fresh record per cell (matrix-kit.ts).
 */
import type { Knex } from 'knex';
import type { WomenTable } from '../../../src/db/tables.ts';
import { must } from '../../helpers/must.ts';
import { cardFields } from '../../helpers/women.ts';
import { anyone, rosterReaders, freshCard, freshCertificate, freshEpisode, freshExited, freshPregnancy, freshTransfer, idNumberOf, readB, today, township, version, writeB } from './matrix-kit.ts';
import type { MatrixRow } from './role-matrix.ts';

const w = (f: { records: Record<string, number> }) => f.records.womanB;

/** GET form pages on B's records: B's entry users see them, A 404, the county 403. */
const FORM_PAGES: [string, (f: { records: Record<string, number> }) => string][] = [
  ['/women/:id/edit', (f) => `/women/${w(f)}/edit`],
  ['/women/:id/children/new', (f) => `/women/${w(f)}/children/new`],
  ['/women/:id/children/:cid/edit', (f) => `/women/${w(f)}/children/${f.records.childB}/edit`],
  ['/women/:id/pregnancies/new', (f) => `/women/${w(f)}/pregnancies/new`],
  ['/women/:id/pregnancies/:pid/close', (f) => `/women/${f.records.pregnantB}/pregnancies/${f.records.pregB}/close`],
  ['/women/:id/contraception/new', (f) => `/women/${f.records.pregnantB}/contraception/new`],
  ['/women/:id/contraception/:eid/end', (f) => `/women/${w(f)}/contraception/${f.records.episodeB}/end`],
  ['/women/:id/certificates/new', (f) => `/women/${w(f)}/certificates/new`],
  ['/women/:id/certificates/:cid/revoke', (f) => `/women/${w(f)}/certificates/${f.records.certB}/revoke`],
  ['/women/:id/transfer', (f) => `/women/${w(f)}/transfer`],
  ['/women/:id/exit', (f) => `/women/${w(f)}/exit`],
  ['/women/:id/reactivate', (f) => `/women/${f.records.exitedB}/reactivate`],
];

export const REGISTER_ROWS: MatrixRow[] = [
  {
    name: 'GET /women',
    method: 'GET',
    path: () => '/women',
    expect: anyone(200),
    mustNotShow: { clerkA: () => ['李桂兰', '杨春梅'], supA: () => ['李桂兰'] },
    mustShow: { clerkA: () => ['王秀英'], countySup: () => ['王秀英', '李桂兰'] },
  },
  { name: 'GET /women?village=B1', method: 'GET', path: (f) => `/women?village=${f.world.villageB1.code}`, expect: readB(200) },
  // The search box shows the name back, so the check is B's village in a result row.
  {
    name: 'GET /women?q=a name of B',
    method: 'GET',
    path: () => `/women?q=${encodeURIComponent('李桂兰')}`,
    expect: anyone(200),
    mustNotShow: { clerkA: () => ['上河村'], supA: () => ['上河村'] },
    mustShow: { countySup: () => ['上河村'], clerkB: () => ['上河村'] },
  },
  { name: 'GET /women/new', method: 'GET', path: () => '/women/new', expect: township(200) },
  { name: 'GET /women/:id (B)', method: 'GET', path: (f) => `/women/${w(f)}`, expect: readB(200), mustShow: { clerkB: () => ['李桂兰'], countySup: () => ['李桂兰'] } },
  { name: 'GET /women/:id (exited, B)', method: 'GET', path: (f) => `/women/${f.records.exitedB}`, expect: readB(200) },
  {
    name: 'GET /women/:id (being transferred A → B)',
    method: 'GET',
    path: (f) => `/women/${f.records.movingA}`,
    expect: { admin: 200, countySup: 200, supA: 200, clerkA: 200, supB: 404, clerkB: 404, anonymous: 303 },
  },
  { name: 'GET /women/:id (missing)', method: 'GET', path: () => '/women/99999999', expect: { ...anyone(404) } },
  ...FORM_PAGES.map(([name, path]): MatrixRow => ({ name: `GET ${name} (B)`, method: 'GET', path, expect: writeB(200) })),
  { name: 'GET /transfers', method: 'GET', path: () => '/transfers', expect: anyone(200) },
  { name: 'GET /transfers/request', method: 'GET', path: () => '/transfers/request', expect: township(200) },
  { name: 'GET /rosters/exceptions', method: 'GET', path: () => '/rosters/exceptions', expect: rosterReaders(200), mustNotShow: { villageA1: () => ['李桂兰'] } },
  { name: 'GET /rosters/exceptions?village=B1', method: 'GET', path: (f) => `/rosters/exceptions?village=${f.world.villageB1.code}`, expect: readB(200) },
  { name: 'GET /rosters/exceptions?township=B', method: 'GET', path: (f) => `/rosters/exceptions?township=${f.world.townshipB.code}`, expect: readB(200) },
  { name: 'GET /rosters/exceptions?village=B1&print=1', method: 'GET', path: (f) => `/rosters/exceptions?village=${f.world.villageB1.code}&print=1`, expect: readB(200) },

  {
    name: 'GET /audit?entity=woman (B’s card)',
    method: 'GET',
    path: (f) => `/audit?entity=woman&entity_id=${w(f)}`,
    expect: { admin: 200, countySup: 200, supA: 200, supB: 200, clerkA: 403, clerkB: 403, anonymous: 303 },
    mustNotShow: { supA: () => ['李桂兰'] },
    mustShow: { supB: () => ['李桂兰'], countySup: () => ['李桂兰'] },
  },
  // Writes by URL.
  {
    name: 'POST /women (village of B in the form)',
    method: 'POST',
    path: () => '/women',
    body: (f) => cardFields(f.world.villageB1.code, { name: '矩阵建卡' }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id (B, edit)',
    method: 'POST',
    path: (f) => `/women/${w(f)}`,
    body: async (f, _who, n) => ({ ...(await cardBody(f, w(f))), phone: `1380000${String(n).padStart(4, '0')}`, version: await version(f.db, 'women', w(f)) }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id (A’s card moved to a village of B in the form)',
    method: 'POST',
    path: (f) => `/women/${f.records.womanA}`,
    body: async (f) => ({ ...(await cardBody(f, f.records.womanA)), village: f.world.villageB1.code, version: await version(f.db, 'women', f.records.womanA) }),
    expect: { admin: 403, countySup: 403, supA: 404, clerkA: 404, supB: 404, clerkB: 404, anonymous: 303 },
  },
  { name: 'POST /women/:id/reveal (B)', method: 'POST', path: (f) => `/women/${w(f)}/reveal`, body: () => ({ reason: '群众来办事，核对身份' }), expect: readB(303) },
  { name: 'POST /women/:id/reveal (B, no reason)', method: 'POST', path: (f) => `/women/${w(f)}/reveal`, expect: readB(422) },
  {
    name: 'POST /women/:id/children (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/children`,
    prepare: (f) => freshCard(f).then(() => undefined),
    body: () => ({ name: '矩阵孩', sex: 'male', birth_date: '2016-05-01', vital_status: 'living' }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/children/:cid (B)',
    method: 'POST',
    path: (f) => `/women/${w(f)}/children/${f.records.childB}`,
    body: async (f, _who, n) => ({
      name: `张小花${n % 10}`,
      sex: 'female',
      birth_date: '2015-04-02',
      birth_order: '1',
      policy_status: 'compliant',
      vital_status: 'living',
      version: await version(f.db, 'children', f.records.childB),
    }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/pregnancies (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/pregnancies`,
    prepare: (f) => freshCard(f).then(() => undefined),
    body: () => ({ found_on: today() }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/pregnancies/:pid/close (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/pregnancies/${f.records.freshPreg}/close`,
    prepare: freshPregnancy,
    body: () => ({ outcome: 'miscarriage', outcome_date: today() }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/contraception (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/contraception`,
    prepare: (f) => freshCard(f).then(() => undefined),
    body: () => ({ method: 'condom', started_on: today() }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/contraception/:eid/end (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/contraception/${f.records.freshEpisode}/end`,
    prepare: freshEpisode,
    body: () => ({ ended_on: today(), end_reason: 'switched' }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/certificates (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/certificates`,
    prepare: (f) => freshCard(f).then(() => undefined),
    body: (f) => ({ kind: 'migrant_certificate', number: `MX${f.records.freshB}`, issued_on: today() }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/certificates/:cid/revoke (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/certificates/${f.records.freshCert}/revoke`,
    prepare: freshCertificate,
    body: () => ({ revoked_on: today(), revoke_reason: '证件到期' }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/transfer (B, to a village of A)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/transfer`,
    prepare: (f) => freshCard(f).then(() => undefined),
    body: (f) => ({ village: f.world.villageA1.code, moved_on: today() }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/transfer/cancel (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/transfer/cancel`,
    prepare: (f) => freshTransfer(f, 'B'),
    expect: writeB(303),
  },
  {
    // Sent by A to B: only B decides; A (the sender) may not accept its own transfer.
    name: 'POST /transfers/:tid/accept (A → B)',
    method: 'POST',
    path: (f) => `/transfers/${f.records.freshTransfer}/accept`,
    prepare: (f) => freshTransfer(f, 'A'),
    expect: writeB(303),
  },
  {
    name: 'POST /transfers/:tid/reject (A → B)',
    method: 'POST',
    path: (f) => `/transfers/${f.records.freshTransfer}/reject`,
    prepare: (f) => freshTransfer(f, 'A'),
    body: () => ({ note: '查无此人' }),
    expect: writeB(303),
  },
  {
    name: 'POST /transfers/:tid/cancel (B → A)',
    method: 'POST',
    path: (f) => `/transfers/${f.records.freshTransfer}/cancel`,
    prepare: (f) => freshTransfer(f, 'B'),
    expect: writeB(303),
  },
  {
    // Asking for A's card into a village of B: B may ask; A posting B's village gets 404.
    name: 'POST /transfers/request (village of B in the form)',
    method: 'POST',
    path: () => '/transfers/request',
    prepare: (f) => freshCard(f, 'A').then(() => undefined),
    body: async (f) => ({ id_number: await idNumberOf(f.db, f.records.freshA), village: f.world.villageB1.code, moved_on: today() }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/exit (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/exit`,
    prepare: (f) => freshCard(f).then(() => undefined),
    body: async (f) => ({ exit_reason: 'other', exit_date: today(), exit_note: '矩阵', version: await version(f.db, 'women', f.records.freshB) }),
    expect: writeB(303),
  },
  {
    name: 'POST /women/:id/reactivate (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/reactivate`,
    prepare: freshExited,
    body: async (f) => ({ reason: '误操作出队', version: await version(f.db, 'women', f.records.freshB) }),
    expect: writeB(303),
  },
];

/** The card's current values as the edit form posts them. */
async function cardBody(f: { db: Knex }, id: number): Promise<Record<string, string>> {
  const row = must(
    await f.db('women').join('regions', 'regions.id', 'women.region_id').where('women.id', id).first<(WomenTable & { village: string }) | undefined>('women.*', 'regions.code as village'),
    'card',
  );
  const keys = [
    'id_number',
    'name',
    'village',
    'ethnicity',
    'hukou_kind',
    'hukou_place',
    'phone',
    'address',
    'marital_status',
    'marriage_date',
    'spouse_name',
    'spouse_id_number',
    'spouse_hukou_kind',
    'migrant_status',
  ] as const;
  return Object.fromEntries(keys.map((k) => [k, row[k] == null ? '' : String(row[k])]));
}
