/**
 * Scope-matrix rows of population, reports (every format, drill-down with `?region=`), month close and
 * subsidies (applications by URL and by the woman named in the form, decisions, payments, programs).
 */
import { anyone, countySupOnly, freshApplication, readB, today, township, version, writeB } from './matrix-kit.ts';
import type { Expectation, MatrixFixtures, MatrixRow } from './role-matrix.ts';
import { castActor } from '../../helpers/scenario.ts';
import { saveGrid } from '../../../src/features/population/service.ts';
import { testNow } from '../../helpers/clock.ts';
import { must } from '../../helpers/must.ts';
import { addChild, addWoman } from '../../helpers/report-fixtures.ts';
import { statisticalYearOf } from '../../../src/domain/report-periods.ts';

const B = (f: MatrixFixtures) => f.world.townshipB.code;
const lastMonth = () => {
  const t = today();
  const y = Number(t.slice(0, 4));
  const m = Number(t.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};
const statYear = () => {
  const t = today();
  return Number(t.slice(5, 7)) >= 10 ? Number(t.slice(0, 4)) + 1 : Number(t.slice(0, 4));
};

/** Every report of township B in every format: B and the county read it, A gets 404. */
const REPORT_PATHS: [string, (f: MatrixFixtures) => string][] = [
  ['monthly', (f) => `/reports/monthly?region=${B(f)}&month=${lastMonth()}`],
  ['summary', (f) => `/reports/summary?region=${B(f)}&from=${today().slice(0, 4)}-01-01&to=${today()}`],
  ['table1', (f) => `/reports/table1?region=${B(f)}&year=${statYear()}`],
  ['table2', (f) => `/reports/table2?region=${B(f)}&year=${statYear()}&half=1`],
];

const closeBody = (f: MatrixFixtures, extra: Record<string, string> = {}) => ({ region: B(f), month: lastMonth(), ...extra });
const supBOnly = (ok: number): Expectation => ({ admin: 403, countySup: 403, supA: 404, clerkA: 403, supB: ok, clerkB: 403, anonymous: 303 });
const county = (ok: number): Expectation => countySupOnly(ok);

/** Every village of B has last month's figures (the admin rows add villages to B on the way). */
async function fillPopulationB(f: MatrixFixtures) {
  const villages = await f.db('regions').where({ parent_id: f.world.townshipB.id, level: 'village' });
  const month = `${lastMonth()}-01`;
  const have = new Set(await f.db('population_figures').where({ month }).pluck('region_id'));
  const missing = villages.filter((v) => !have.has(v.id));
  if (missing.length)
    await saveGrid(
      f.db,
      castActor(f, 'clerkB'),
      lastMonth(),
      missing.map((v) => ({ village: v.code, populationEnd: 900, deaths: 0 })),
      testNow(),
    );
}

/** A birth of last month in 上河村 without a pregnancy record: a validation warning to acknowledge (once). */
async function birthWithoutPregnancyB1(f: MatrixFixtures) {
  const month = lastMonth();
  const exists = await f.db('women').where({ name: '校验无孕', region_id: f.world.villageB1.id }).first('id');
  if (exists) return;
  const mother = await addWoman(f.db, { village: f.world.villageB1.id, birth_date: '1995-03-01', marriage_date: '2020-01-01', name: '校验无孕' });
  await addChild(f.db, { woman: mother, village: f.world.villageB1.id, birth_date: `${month}-02`, sex: 'male', order: 1 });
}

export const REPORT_ROWS: MatrixRow[] = [
  { name: 'GET /population', method: 'GET', path: () => '/population', expect: anyone(200), mustNotShow: { clerkA: () => ['上河村'], supA: () => ['上河村'] }, mustShow: { clerkB: () => ['上河村'] } },
  { name: 'GET /population?township=B', method: 'GET', path: (f) => `/population?township=${B(f)}`, expect: readB(200) },
  {
    name: 'POST /population (a village of B in the grid)',
    method: 'POST',
    path: () => '/population',
    body: async (f, _who, n) => {
      const row = await f
        .db('population_figures')
        .where({ region_id: f.world.villageB1.id, month: `${lastMonth()}-01` })
        .first('version');
      return { month: lastMonth(), village: f.world.villageB1.code, population_end: String(1500 + n), deaths: '1', version: row ? String(row.version) : '' };
    },
    expect: writeB(303),
  },
  ...REPORT_PATHS.flatMap(([kind, path]): MatrixRow[] => [
    { name: `GET /reports/${kind}?region=B`, method: 'GET', path, expect: readB(200) },
    ...['csv', 'xlsx', 'json'].map((format): MatrixRow => ({ name: `GET /reports/${kind}?region=B&format=${format}`, method: 'GET', path: (f) => `${path(f)}&format=${format}`, expect: readB(200) })),
    { name: `GET /reports/${kind}?region=B&print=1`, method: 'GET', path: (f) => `${path(f)}&print=1`, expect: readB(200) },
  ]),
  // 并发症统计 (CSV, XLSX and print; no JSON) and the procedures behind its counts.
  ...['', '&format=csv', '&format=xlsx', '&print=1'].map((extra): MatrixRow => ({
    name: `GET /reports/complications?region=B${extra}`,
    method: 'GET',
    path: (f) => `/reports/complications?region=${B(f)}&from=2015-01-01&to=${today()}${extra}`,
    expect: readB(200),
  })),
  { name: 'GET /reports/complications/people?region=B', method: 'GET', path: (f) => `/reports/complications/people?region=${B(f)}&from=2015-01-01&to=${today()}`, expect: readB(200) },
  {
    name: 'GET /reports/complications/people (own region: A’s users see none of B)',
    method: 'GET',
    path: () => `/reports/complications/people?from=2015-01-01&to=${today()}`,
    expect: anyone(200),
    mustNotShow: { clerkA: () => ['李桂兰'], supA: () => ['李桂兰'], clerkB: () => ['王秀英'], supB: () => ['王秀英'] },
    mustShow: { clerkA: () => ['王秀英'], clerkB: () => ['李桂兰'], countySup: () => ['王秀英', '李桂兰'] },
  },
  // 长效节育措施落实规则: every reader sees them; the county supervisor and admin add one (a fresh date per cell).
  { name: 'GET /reports/long-acting-rules', method: 'GET', path: () => '/reports/long-acting-rules', expect: anyone(200), mustShow: { clerkA: () => ['生育第 2 孩及以上'] } },
  {
    name: 'POST /reports/long-acting-rules',
    method: 'POST',
    path: () => '/reports/long-acting-rules',
    body: (_f, _who, n) => ({
      effective_from: new Date(Date.UTC(2040, 0, 1) + n * 86_400_000).toISOString().slice(0, 10),
      min_birth_order: '3',
      within_days: '90',
      note: `矩阵规则${n}`,
      reason: '权限矩阵',
    }),
    expect: { admin: 303, countySup: 303, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 },
  },
  // 考核: every report reader sees the catalogue and the targets; the county supervisor and admin edit this year's.
  { name: 'GET /targets/indicators', method: 'GET', path: () => '/targets/indicators', expect: anyone(200), mustShow: { clerkA: () => ['符合政策生育率', '数据待建'] } },
  { name: 'GET /targets/settings', method: 'GET', path: () => '/targets/settings', expect: anyone(200), mustShow: { clerkB: () => ['出生率', '全部乡镇'] } },
  {
    name: 'POST /targets/settings (this year, every township)',
    method: 'POST',
    path: () => '/targets/settings',
    body: async (f, _who, n) => {
      const year = statisticalYearOf(today());
      const row = must(await f.db('assessment_targets').where({ year, indicator_code: 'birth_rate' }).whereNull('region_id').first('id'), 'the birth_rate target');
      return {
        year: String(year),
        indicator: 'birth_rate',
        region: '',
        target: String(13 + (n % 10) / 10),
        near: '0.5',
        weight: '15',
        score_rule: 'full_or_zero',
        version: await version(f.db, 'assessment_targets', row.id as number),
        reason: '权限矩阵',
      };
    },
    expect: { admin: 303, countySup: 303, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 },
  },
  // Data validation: B's page (and its print view) for B and the county; A gets 404.
  { name: 'GET /reports/validation?region=B', method: 'GET', path: (f) => `/reports/validation?region=${B(f)}&month=${lastMonth()}`, expect: readB(200) },
  { name: 'GET /reports/validation?region=B&print=1', method: 'GET', path: (f) => `/reports/validation?region=${B(f)}&month=${lastMonth()}&print=1`, expect: readB(200) },
  {
    name: 'GET /reports/validation/people?village=B1',
    method: 'GET',
    path: (f) => `/reports/validation/people?rule=births_without_pregnancy&village=${f.world.villageB1.code}&month=${lastMonth()}`,
    expect: readB(200),
  },
  {
    name: 'GET /reports/validation/rules',
    method: 'GET',
    path: () => '/reports/validation/rules',
    expect: { admin: 200, countySup: 403, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 },
  },
  // The monthly report is by township or county: a village is a bad request for those who may see it, 404 for A.
  { name: 'GET /reports/monthly?region=B1 (a village of B)', method: 'GET', path: (f) => `/reports/monthly?region=${f.world.villageB1.code}&month=${lastMonth()}`, expect: readB(400) },
  { name: 'GET /reports/monthly (own region)', method: 'GET', path: () => '/reports/monthly', expect: anyone(200) },
  {
    name: 'GET /reports/people?region=B (drill-down)',
    method: 'GET',
    path: (f) => `/reports/people?figure=births&region=${B(f)}&from=2015-01-01&to=${today()}`,
    expect: readB(200),
    mustShow: { clerkB: () => ['李桂兰'], countySup: () => ['李桂兰'] },
  },
  {
    name: 'GET /reports/people (own region: A’s users see none of B)',
    method: 'GET',
    path: () => `/reports/people?figure=iud_insertions&from=2015-01-01&to=${today()}`,
    expect: anyone(200),
    mustNotShow: { clerkA: () => ['李桂兰'], supA: () => ['李桂兰'], clerkB: () => ['王秀英'], supB: () => ['王秀英'] },
    mustShow: { clerkA: () => ['王秀英'], clerkB: () => ['李桂兰'], countySup: () => ['王秀英', '李桂兰'] },
  },
  // Month close of township B, in the order a month lives: submit, return, submit again, accept, unlock.
  {
    name: 'POST /reports/validation/acknowledge (a warning of B1)',
    method: 'POST',
    path: () => '/reports/validation/acknowledge',
    prepare: birthWithoutPregnancyB1,
    body: (f) => ({ rule: 'births_without_pregnancy', village: f.world.villageB1.code, month: lastMonth(), region: B(f), comment: '已核实' }),
    expect: { admin: 403, countySup: 303, supA: 404, clerkA: 403, supB: 303, clerkB: 403, anonymous: 303 },
  },
  { name: 'POST /reports/monthly/submit (B)', method: 'POST', path: () => '/reports/monthly/submit', prepare: fillPopulationB, body: (f) => closeBody(f), expect: supBOnly(303) },
  { name: 'POST /reports/monthly/return (B)', method: 'POST', path: () => '/reports/monthly/return', body: (f) => closeBody(f, { comment: '出生数请核实' }), expect: county(303) },
  { name: 'POST /reports/monthly/submit (B, again)', method: 'POST', path: () => '/reports/monthly/submit', body: (f) => closeBody(f), expect: supBOnly(303) },
  { name: 'POST /reports/monthly/accept (B)', method: 'POST', path: () => '/reports/monthly/accept', body: (f) => closeBody(f), expect: county(303) },
  { name: 'POST /reports/monthly/unlock (B)', method: 'POST', path: () => '/reports/monthly/unlock', body: (f) => closeBody(f, { reason: '补录出生' }), expect: county(303) },
];

export const SUBSIDY_ROWS: MatrixRow[] = [
  { name: 'GET /subsidies', method: 'GET', path: () => '/subsidies', expect: anyone(303) },
  {
    name: 'GET /subsidies/applications',
    method: 'GET',
    path: () => '/subsidies/applications',
    expect: anyone(200),
    mustNotShow: { clerkA: () => ['吴翠花'], supA: () => ['吴翠花'] },
    mustShow: { clerkB: () => ['吴翠花'], countySup: () => ['吴翠花', '孙丽华'] },
  },
  { name: 'GET /subsidies/applications?village=B1', method: 'GET', path: (f) => `/subsidies/applications?village=${f.world.villageB1.code}`, expect: readB(200) },
  { name: 'GET /subsidies/applications/:id (B)', method: 'GET', path: (f) => `/subsidies/applications/${f.records.appDraftB}`, expect: readB(200) },
  {
    name: 'POST /subsidies/applications/:id/reveal-account (B)',
    method: 'POST',
    path: (f) => `/subsidies/applications/${f.records.appDraftB}/reveal-account`,
    body: () => ({ reveal_reason: '矩阵：核对账号' }),
    expect: { ...readB(303), admin: 403 },
  },
  { name: 'GET /subsidies/applications/:id/edit (B)', method: 'GET', path: (f) => `/subsidies/applications/${f.records.appDraftB}/edit`, expect: writeB(200) },
  { name: 'GET /subsidies/applications/new', method: 'GET', path: () => '/subsidies/applications/new', expect: township(200) },
  { name: 'GET /subsidies/applications/new?woman= (B)', method: 'GET', path: (f) => `/subsidies/applications/new?woman=${f.records.elderB}`, expect: writeB(200) },
  {
    name: 'POST /subsidies/applications (a woman of B in the form)',
    method: 'POST',
    path: () => '/subsidies/applications',
    prepare: (f) => freshApplication(f, 'none'),
    body: (f) => ({
      woman: String(f.records.freshElder),
      program: 'reward_assistance',
      year: today().slice(0, 4),
      beneficiary: 'woman',
      account_holder: '矩阵老人',
      bank_name: '示例县农商银行',
      bank_account: '6230 5200 1234 5678 904',
    }),
    expect: writeB(303),
  },
  {
    name: 'POST /subsidies/applications/:id (B, edit)',
    method: 'POST',
    path: (f) => `/subsidies/applications/${f.records.appDraftB}`,
    body: async (f, _who, n) => ({
      program: 'reward_assistance',
      year: today().slice(0, 4),
      beneficiary: 'woman',
      account_holder: '周凤英',
      note: `矩阵${n}`,
      version: await version(f.db, 'subsidy_applications', f.records.appDraftB),
    }),
    expect: writeB(303),
  },
  {
    name: 'POST /subsidies/applications/:id/submit (B)',
    method: 'POST',
    path: (f) => `/subsidies/applications/${f.records.freshApp}/submit`,
    prepare: (f) => freshApplication(f, 'draft'),
    body: async (f) => ({ version: await version(f.db, 'subsidy_applications', f.records.freshApp) }),
    expect: writeB(303),
  },
  ...(['approve', 'return', 'reject'] as const).map((action): MatrixRow => ({
    // Waiting for the township's review: only B's supervisor decides; the county's turn has not come.
    name: `POST /subsidies/applications/:id/${action} (B, township review)`,
    method: 'POST',
    path: (f) => `/subsidies/applications/${f.records.freshApp}/${action}`,
    prepare: (f) => freshApplication(f, 'submitted'),
    body: async (f) => ({ opinion: '矩阵意见', version: await version(f.db, 'subsidy_applications', f.records.freshApp) }),
    expect: { admin: 403, countySup: 422, supA: 404, clerkA: 403, supB: 303, clerkB: 403, anonymous: 303 },
  })),
  {
    name: 'POST /subsidies/applications/:id/approve (A)',
    method: 'POST',
    path: (f) => `/subsidies/applications/${f.records.appSubmittedA}/approve`,
    body: async (f) => ({ opinion: '矩阵意见', version: await version(f.db, 'subsidy_applications', f.records.appSubmittedA) }),
    // At the township stage: the county's turn has not come (it acts before supA in the order), A's supervisor approves.
    expect: { admin: 403, countySup: 422, supA: 303, clerkA: 403, supB: 404, clerkB: 403, anonymous: 303 },
  },
  {
    name: 'POST /subsidies/applications/:id/revoke (approved, A)',
    method: 'POST',
    path: (f) => `/subsidies/applications/${f.records.appApproved}/revoke`,
    body: async (f) => ({ reason: 'other', revoked_on: today(), opinion: '矩阵终止', version: await version(f.db, 'subsidy_applications', f.records.appApproved) }),
    expect: { admin: 403, countySup: 303, supA: 422, clerkA: 403, supB: 404, clerkB: 403, anonymous: 303 },
  },
  { name: 'GET /subsidies/roster', method: 'GET', path: () => '/subsidies/roster', expect: anyone(200) },
  { name: 'GET /subsidies/roster?village=B1', method: 'GET', path: (f) => `/subsidies/roster?village=${f.world.villageB1.code}`, expect: readB(200) },
  { name: 'GET /subsidies/roster?village=B1&print=1', method: 'GET', path: (f) => `/subsidies/roster?village=${f.world.villageB1.code}&print=1`, expect: readB(200) },
  { name: 'GET /subsidies/audit', method: 'GET', path: () => '/subsidies/audit', expect: anyone(200) },
  { name: 'GET /subsidies/programs', method: 'GET', path: () => '/subsidies/programs', expect: anyone(200) },
  { name: 'GET /subsidies/programs/:code', method: 'GET', path: () => '/subsidies/programs/reward_assistance', expect: anyone(200) },
  { name: 'GET /subsidies/programs/:code (missing)', method: 'GET', path: () => '/subsidies/programs/no_such_program', expect: anyone(404) },
  {
    name: 'POST /subsidies/programs/:code',
    method: 'POST',
    path: () => '/subsidies/programs/only_child_reward',
    body: async (f) => {
      const program = await f.db('subsidy_programs').where({ code: 'only_child_reward' }).first('version');
      return {
        approval: 'township_county',
        active: '1',
        evidence: ['hukou_booklet', 'id_card', 'only_child_certificate', 'bank_account'],
        version: String(must(program, 'program').version),
      };
    },
    expect: { admin: 303, countySup: 403, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 },
  },
  {
    name: 'POST /subsidies/programs/:code/standards',
    method: 'POST',
    path: () => '/subsidies/programs/only_child_reward/standards',
    body: (_f, _who, n) => ({ tier: 'local', effective_from: `2030-01-${String((n % 28) + 1).padStart(2, '0')}`, amount: '150.00', note: '矩阵标准' }),
    expect: { admin: 303, countySup: 403, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 },
  },
  { name: 'GET /subsidies/payments', method: 'GET', path: () => '/subsidies/payments', expect: countySupOnly(200) },
  { name: 'GET /subsidies/payments/:id', method: 'GET', path: (f) => `/subsidies/payments/${f.records.batch}`, expect: countySupOnly(200) },
  { name: 'GET /subsidies/payments/:id/export', method: 'GET', path: (f) => `/subsidies/payments/${f.records.batch}/export`, expect: countySupOnly(200) },
  { name: 'GET /subsidies/payments/:id/export-full', method: 'GET', path: (f) => `/subsidies/payments/${f.records.batch}/export-full`, expect: countySupOnly(200) },
  {
    name: 'POST /subsidies/payments/:id/export-full',
    method: 'POST',
    path: (f) => `/subsidies/payments/${f.records.batch}/export-full`,
    body: () => ({ reason: '矩阵：送交银行' }),
    expect: countySupOnly(200),
  },
  { name: 'GET /subsidies/payments/:id (missing)', method: 'GET', path: () => '/subsidies/payments/999999', expect: countySupOnly(404) },
  {
    name: 'POST /subsidies/payments/:id/payments/:pid',
    method: 'POST',
    path: (f) => `/subsidies/payments/${f.records.batch}/payments/${f.records.payment}`,
    body: async (f) => ({ status: 'paid', note: '矩阵', version: await version(f.db, 'subsidy_payments', f.records.payment) }),
    expect: countySupOnly(303),
  },
  { name: 'POST /subsidies/payments/:id/mark-paid', method: 'POST', path: (f) => `/subsidies/payments/${f.records.batch}/mark-paid`, expect: countySupOnly(303) },
  {
    name: 'POST /subsidies/payments',
    method: 'POST',
    path: () => '/subsidies/payments',
    body: () => ({ program: 'special_assistance_death', period: today().slice(0, 7) }),
    expect: countySupOnly(303),
  },
  { name: 'POST /subsidies/audit/reviews', method: 'POST', path: () => '/subsidies/audit/reviews', body: () => ({ reason: '年中核查' }), expect: countySupOnly(303) },
];
