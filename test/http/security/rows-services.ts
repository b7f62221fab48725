/**
 * Scope-matrix rows of the services feature: recording a service, 孕前优生 (the list and the card's forms), follow-ups,
 * free supplies, double-check rounds (by URL and by the woman named in the form), rosters and work orders with
 * `?village=` of township B.
 */
import { anyone, rosterReaders, freshCard, freshFollowUp, freshOnRound, idNumberOf, readB, today, township, writeB } from './matrix-kit.ts';
import type { MatrixFixtures, MatrixRow } from './role-matrix.ts';

const ROSTERS = ['should-adopt', 'double-check', 'follow-ups', 'removals'];
const b1 = (f: MatrixFixtures) => f.world.villageB1.code;

export const SERVICE_ROWS: MatrixRow[] = [
  {
    name: 'GET /services',
    method: 'GET',
    path: () => '/services',
    expect: anyone(200),
    mustNotShow: { clerkA: () => ['李桂兰'] },
    mustShow: { clerkB: () => ['李桂兰'], countySup: () => ['李桂兰', '王秀英'] },
  },
  { name: 'GET /services?village=B1', method: 'GET', path: (f) => `/services?village=${b1(f)}`, expect: readB(200) },
  {
    // Finds her card only in the caller's township: A is sent back to the list, not to B's card.
    name: 'GET /services/new?id_number= (B’s card)',
    method: 'GET',
    path: async (f) => `/services/new?id_number=${await idNumberOf(f.db, f.records.womanB)}`,
    expect: township(303),
    mustNotShow: { clerkA: (f) => [`/women/${f.records.womanB}`], supA: (f) => [`/women/${f.records.womanB}`] },
    mustShow: { clerkB: (f) => [`/women/${f.records.womanB}/services/new`] },
  },
  { name: 'GET /women/:id/services/new (B)', method: 'GET', path: (f) => `/women/${f.records.womanB}/services/new`, expect: writeB(200) },
  {
    name: 'POST /women/:id/services (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.womanB}/services`,
    body: () => ({ kind: 'counselling', performed_on: today(), facility: '矩阵服务站', complication: 'none' }),
    expect: writeB(303),
  },
  { name: 'GET /preconception', method: 'GET', path: () => '/preconception?status=all', expect: anyone(200) },
  { name: 'GET /preconception?village=B1', method: 'GET', path: (f) => `/preconception?village=${b1(f)}`, expect: readB(200) },
  { name: 'GET /preconception?village=B1&format=csv', method: 'GET', path: (f) => `/preconception?village=${b1(f)}&format=csv`, expect: readB(200) },
  { name: 'GET /women/:id/pregnancy-plans (B)', method: 'GET', path: (f) => `/women/${f.records.womanB}/pregnancy-plans`, expect: writeB(200) },
  { name: 'GET /women/:id/preconception-checks (B)', method: 'GET', path: (f) => `/women/${f.records.womanB}/preconception-checks`, expect: writeB(200) },
  {
    name: 'POST /women/:id/preconception-checks (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.womanB}/preconception-checks`,
    body: () => ({ whose: 'spouse', checked_on: today(), result: 'general' }),
    expect: writeB(303),
  },
  {
    name: 'GET /follow-ups',
    method: 'GET',
    path: () => '/follow-ups?status=all',
    expect: anyone(200),
    mustNotShow: { clerkA: () => ['李桂兰'], supA: () => ['李桂兰'] },
    mustShow: { clerkB: () => ['李桂兰'], countySup: () => ['李桂兰', '王秀英'] },
  },
  { name: 'GET /follow-ups?village=B1', method: 'GET', path: (f) => `/follow-ups?village=${b1(f)}`, expect: readB(200) },
  { name: 'GET /follow-ups?village=B1&print=1', method: 'GET', path: (f) => `/follow-ups?village=${b1(f)}&print=1`, expect: readB(200) },
  { name: 'GET /follow-ups/:id (B)', method: 'GET', path: (f) => `/follow-ups/${f.records.followUpB}`, expect: readB(200) },
  {
    name: 'POST /follow-ups/:id/done (B)',
    method: 'POST',
    path: (f) => `/follow-ups/${f.records.freshFollowUp}/done`,
    prepare: freshFollowUp,
    body: () => ({ done_on: today(), result: 'normal', note: '矩阵随访' }),
    expect: writeB(303),
  },
  {
    name: 'GET /supplies',
    method: 'GET',
    path: () => '/supplies',
    expect: anyone(200),
  },
  { name: 'GET /supplies?village=B1', method: 'GET', path: (f) => `/supplies?village=${b1(f)}`, expect: readB(200) },
  { name: 'GET /supplies?village=B1&format=csv', method: 'GET', path: (f) => `/supplies?village=${b1(f)}&format=csv`, expect: readB(200) },
  { name: 'GET /women/:id/supplies (B)', method: 'GET', path: (f) => `/women/${f.records.womanB}/supplies`, expect: readB(200) },
  {
    name: 'POST /women/:id/supplies (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.womanB}/supplies`,
    body: () => ({ item: 'condom', quantity: '20', supplied_on: today(), channel: 'village' }),
    expect: writeB(303),
  },
  { name: 'GET /check-rounds', method: 'GET', path: () => '/check-rounds', expect: anyone(200) },
  { name: 'GET /check-rounds?township=B', method: 'GET', path: (f) => `/check-rounds?township=${f.world.townshipB.code}`, expect: readB(200) },
  { name: 'GET /check-rounds/:id (B)', method: 'GET', path: (f) => `/check-rounds/${f.records.roundB}`, expect: readB(200) },
  { name: 'GET /check-rounds/:id?print=1 (B)', method: 'GET', path: (f) => `/check-rounds/${f.records.roundB}?print=1`, expect: readB(200) },
  { name: 'GET /check-rounds/:id/results/new (B round, B woman)', method: 'GET', path: (f) => `/check-rounds/${f.records.roundB}/results/new?woman=${f.records.womanB}`, expect: writeB(200) },
  {
    // A's own round, but a woman of B named in the query.
    name: 'GET /check-rounds/:id/results/new (A round, B woman)',
    method: 'GET',
    path: (f) => `/check-rounds/${f.records.roundA}/results/new?woman=${f.records.womanB}`,
    expect: { admin: 403, countySup: 403, supA: 404, clerkA: 404, supB: 404, clerkB: 404, anonymous: 303 },
  },
  {
    name: 'POST /check-rounds (open again)',
    method: 'POST',
    path: () => '/check-rounds',
    body: () => {
      const t = today();
      return { quarter: `${t.slice(0, 4)}-${Math.floor((Number(t.slice(5, 7)) - 1) / 3) + 1}` };
    },
    // Both townships already opened this quarter's round: the township users get the field error.
    expect: township(422),
  },
  {
    name: 'POST /check-rounds/:id/results (B)',
    method: 'POST',
    path: (f) => `/check-rounds/${f.records.roundB}/results`,
    prepare: freshOnRound,
    body: (f) => ({ woman_id: String(f.records.freshB), performed_on: today(), pregnancy_result: 'negative', complication: 'none' }),
    expect: writeB(303),
  },
  {
    name: 'POST /check-rounds/:id/results (A round, B woman in the form)',
    method: 'POST',
    path: (f) => `/check-rounds/${f.records.roundA}/results`,
    prepare: freshOnRound,
    body: (f) => ({ woman_id: String(f.records.freshB), performed_on: today(), pregnancy_result: 'negative', complication: 'none' }),
    expect: { admin: 403, countySup: 403, supA: 404, clerkA: 404, supB: 404, clerkB: 404, anonymous: 303 },
  },
  {
    name: 'POST /check-rounds/:id/excuse (B)',
    method: 'POST',
    path: (f) => `/check-rounds/${f.records.roundB}/excuse`,
    prepare: freshOnRound,
    body: (f) => ({ woman_id: String(f.records.freshB), reason: '外出务工' }),
    expect: writeB(303),
  },
  {
    name: 'POST /check-rounds/:id/add (B)',
    method: 'POST',
    path: (f) => `/check-rounds/${f.records.roundB}/add`,
    prepare: (f) => freshCard(f).then(() => undefined),
    body: async (f) => ({ id_number: await idNumberOf(f.db, f.records.freshB) }),
    expect: writeB(303),
  },
  {
    // A's round, an ID number of B typed in: the same answer as a number that is on no card.
    name: 'POST /check-rounds/:id/add (A round, B’s ID number in the form)',
    method: 'POST',
    path: (f) => `/check-rounds/${f.records.roundA}/add`,
    prepare: (f) => freshCard(f).then(() => undefined),
    body: async (f) => ({ id_number: await idNumberOf(f.db, f.records.freshB) }),
    expect: { admin: 403, countySup: 403, supA: 422, clerkA: 422, supB: 404, clerkB: 404, anonymous: 303 },
    // The message a number on no card gets: nothing says the card exists elsewhere.
    mustShow: { clerkA: () => ['本乡镇没有该身份证号的在册育龄妇女'], supA: () => ['本乡镇没有该身份证号的在册育龄妇女'] },
  },
  ...ROSTERS.flatMap((r): MatrixRow[] => [
    { name: `GET /rosters/${r}`, method: 'GET', path: () => `/rosters/${r}`, expect: rosterReaders(200), mustNotShow: { villageA1: () => ['李桂兰'] } },
    { name: `GET /rosters/${r}?village=B1`, method: 'GET', path: (f) => `/rosters/${r}?village=${b1(f)}`, expect: readB(200) },
    { name: `GET /rosters/${r}?village=B1&print=1`, method: 'GET', path: (f) => `/rosters/${r}?village=${b1(f)}&print=1`, expect: readB(200) },
  ]),
  // An unknown code answers exactly like a village of another township.
  { name: 'GET /rosters/should-adopt?village= (no such village)', method: 'GET', path: () => '/rosters/should-adopt?village=990100009999', expect: anyone(404) },
  { name: 'GET /follow-ups?village= (another county)', method: 'GET', path: () => '/follow-ups?village=990200001001', expect: anyone(404) },
  { name: 'GET /rosters/double-check?round= (B)', method: 'GET', path: (f) => `/rosters/double-check?round=${f.records.roundB}`, expect: readB(200) },
  { name: 'GET /work-orders', method: 'GET', path: () => '/work-orders', expect: rosterReaders(200), mustNotShow: { villageA1: () => ['李桂兰', '上河村'] } },
  { name: 'GET /work-orders?village=B1', method: 'GET', path: (f) => `/work-orders?village=${b1(f)}`, expect: readB(200) },
  { name: 'GET /work-orders?village=B1&print=1', method: 'GET', path: (f) => `/work-orders?village=${b1(f)}&print=1`, expect: readB(200) },
  {
    name: 'POST /check-rounds/:id/close (B)',
    method: 'POST',
    path: (f) => `/check-rounds/${f.records.roundB}/close`,
    // The first of B's users closes it; the second finds it closed.
    expect: { ...writeB(303), clerkB: 422 },
  },
];
