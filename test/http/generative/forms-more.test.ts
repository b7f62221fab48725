/**
 * Generative tests of the forms outside the card (issue 12): follow-ups, free supplies, double-check rounds and results,
 * population figures (a grid of villages), subsidy applications (new and edit), programme settings and standards, payment batches, regions and user
 * accounts, 考核 targets, validation rule settings and the acknowledgement of a validation warning — each as a user allowed to use it, on the lived-in county of test/helpers/scenario.ts. Same oracle
 * as generative/forms.test.ts (test/helpers/generative.ts).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { seedCast, type ActorKey, type Cast } from '../../helpers/actors.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { refusalLog, runForm, SEED, type FormCase, type Tally } from '../../helpers/generative.ts';
import { Client } from '../../helpers/http.ts';
import { seedScenario, type Scenario } from '../../helpers/scenario.ts';
import { rewardEligibleWoman } from '../../helpers/subsidy-fixtures.ts';
import fc from 'fast-check';
import * as f from '../../helpers/report-fixtures.ts';

const RUNS = Number(process.env.GENERATIVE_RUNS ?? 50);

describe('generative: services, subsidies and administration forms', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let cast: Cast;
  let s: Scenario;
  const clients = {} as Record<ActorKey, Client>;
  const tally: Tally = { cases: 0, saved: 0, refused: 0, skipped: 0 };
  const log = refusalLog();

  beforeAll(async () => {
    cast = await seedCast(t.db);
    s = await seedScenario(t.db, cast);
    // An eligible woman with no application yet: the scenario's elders already have one each.
    s.records.newElder = (await rewardEligibleWoman(t.db, cast.world.villageA1.id, '钱玉珍')).id;
    // A birth of last month without a pregnancy record: a validation warning for the acknowledgement form.
    const mother = await f.addWoman(t.db, { village: cast.world.villageA1.id, birth_date: '1996-04-01', marriage_date: '2021-01-01', name: '冯无孕' });
    await f.addChild(t.db, { woman: mother, village: cast.world.villageA1.id, birth_date: `${s.month}-10`, sex: 'female', order: 1 });
    app = buildTestApp(t.db, t.url, { logger: log.logger });
    for (const key of ['admin', 'countySup', 'clerkA', 'supA'] as const) {
      clients[key] = new Client(app.app);
      await clients[key].login(cast.users[key].username, cast.users[key].password);
    }
  }, 120_000);
  afterAll(async () => {
    console.info(`[generative] services, subsidies and admin forms: ${tally.cases} cases (${tally.saved} saved, ${tally.refused} refused, ${tally.skipped} skipped), seed ${SEED}`);
    await app.close();
  });

  const first = async (sql: string, bindings: unknown[] = []) => ((await t.db.raw<{ rows: { id: number }[] }>(sql, bindings as never[])).rows[0] as { id: number } | undefined)?.id;
  const code = fc.constantFrom<string>('990100001003', '990100001099', '990100003', '99010000100', '990100002009', '', 'abc');

  const cases: [ActorKey, string, FormCase][] = [
    [
      'clerkA',
      'follow-up done (an open one of township A)',
      {
        page: async () => {
          const id = await first(`select f.id from follow_ups f join regions r on r.id = f.region_id where f.done_on is null and r.code like ? order by f.id limit 1`, [
            `${cast.world.townshipA.code}%`,
          ]);
          return id ? { get: `/follow-ups/${id}`, action: `/follow-ups/${id}/done` } : undefined;
        },
      },
    ],
    [
      'clerkA',
      'double-check result',
      {
        page: async () => {
          const round = s.records.roundA;
          return { get: `/check-rounds/${round}/results/new?woman=${s.records.womanA}`, action: `/check-rounds/${round}/results` };
        },
      },
    ],
    ['clerkA', 'free contraceptive supply (a woman of township A)', { page: async () => ({ get: `/women/${s.records.womanA}/supplies`, action: `/women/${s.records.womanA}/supplies` }) }],
    ['clerkA', 'population figures grid (a value per village)', { unchangedWritesNothing: true, page: async () => ({ get: '/population?month=2026-10', action: '/population' }) }],
    ['clerkA', 'open a double-check round', { page: async () => ({ get: '/check-rounds', action: '/check-rounds' }) }],
    [
      'clerkA',
      'new subsidy application',
      {
        mayVanish: true,
        page: async () => ({ get: `/subsidies/applications/new?woman=${s.records.newElder}&program=reward_assistance`, action: '/subsidies/applications' }),
      },
    ],
    [
      'clerkA',
      'edit a draft application',
      {
        page: async () => {
          const id = await first(`select id from subsidy_applications where status = 'draft' and region_id in (select id from regions where code like ?) order by id limit 1`, [
            `${cast.world.townshipA.code}%`,
          ]);
          return id ? { get: `/subsidies/applications/${id}/edit`, action: `/subsidies/applications/${id}` } : undefined;
        },
      },
    ],
    ['admin', 'programme settings', { page: async () => ({ get: '/subsidies/programs/reward_assistance?tab=settings', action: '/subsidies/programs/reward_assistance' }) }],
    ['admin', 'programme standard', { page: async () => ({ get: '/subsidies/programs/reward_assistance', action: '/subsidies/programs/reward_assistance/standards' }) }],
    [
      'countySup',
      'long-acting rule',
      {
        page: async () => ({ get: '/reports/long-acting-rules', action: '/reports/long-acting-rules' }),
        overrides: {
          effective_from: fc.constantFrom('', '1979-12-31', '1980-01-01', '2026-01-01', '2026-02-30', '9999-12-31', 'x'),
          min_birth_order: fc.constantFrom('', '0', '1', '3', '9', '10', '-1', '2.5', '99999999999', '三'),
          within_days: fc.constantFrom('', '0', '1', '90', '1095', '1096', '1e9', 'NaN'),
        },
      },
    ],
    [
      'countySup',
      'assessment target (this year, the first indicator, every township)',
      {
        page: async () => ({ get: '/targets/settings', action: '/targets/settings' }),
        overrides: {
          target: fc.constantFrom('', '0', '13.6', '-5', '1000', '1001', '1e3', '9.999', 'abc', '九十'),
          near: fc.constantFrom('', '0', '0.5', '-1', '1001', 'x'),
          weight: fc.constantFrom('', '0', '15', '100', '100.01', '-1', 'NaN'),
        },
      },
    ],
    ['admin', 'validation rule settings (the first rule)', { page: async () => ({ get: '/reports/validation/rules', action: '/reports/validation/rules' }) }],
    ['supA', 'acknowledge a validation warning', { page: async () => ({ get: `/reports/validation?month=${s.month}`, action: '/reports/validation/acknowledge' }) }],
    ['countySup', 'payment batch', { page: async () => ({ get: '/subsidies/payments', action: '/subsidies/payments' }) }],
    ['admin', 'new region', { page: async () => ({ get: '/admin/regions', action: '/admin/regions' }), overrides: { code } }],
    ['admin', 'rename a village', { page: async () => ({ get: '/admin/regions', action: `/admin/regions/${cast.world.villageA2.id}/rename` }) }],
    [
      'admin',
      'new user account',
      {
        page: async () => ({ get: '/admin/users/new', action: '/admin/users' }),
        overrides: {
          username: fc.constantFrom('', 'ab', 'clerk_x', 'user.name-1', '王秀英', 'a'.repeat(40), 'Admin', 'bad name'),
          password: fc.constantFrom('', 'short', 'Correct-Horse-9', 'Another-Long-Pass-42', 'demo1234'),
        },
      },
    ],
  ];

  for (const [who, name, c] of cases) {
    it(`${name} (${who}): no 5xx, refusals keep values and change nothing`, async () => {
      await runForm(t.db, clients[who], c, RUNS, tally, log.refusals);
    }, 300_000);
  }
});
