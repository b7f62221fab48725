/**
 * Generative (fast-check) forms of the village 网底 (issue 16 §1): the village worker's report form, her visit
 * form, and the township's confirm and return forms. The oracle of test/helpers/generative.ts: never a 5xx, a
 * refusal keeps what was typed and changes no row, a success writes (an audit row at least).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { reportEvent } from '../../../src/features/network/service.ts';
import { seedCast, type ActorKey, type Cast } from '../../helpers/actors.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { dateValue, idNumberValue, refusalLog, runForm, SEED, type FormCase, type Tally } from '../../helpers/generative.ts';
import { Client } from '../../helpers/http.ts';
import { castActor, seedScenario, type Scenario } from '../../helpers/scenario.ts';

const RUNS = Number(process.env.GENERATIVE_RUNS ?? 40);

describe('generative: the village 网底 forms', () => {
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
    app = buildTestApp(t.db, t.url, { logger: log.logger });
    for (const key of ['villageA1', 'clerkA'] as const) {
      clients[key] = new Client(app.app);
      await clients[key].login(cast.users[key].username, cast.users[key].password);
    }
  }, 120_000);
  afterAll(async () => {
    console.info(`[generative] 网底 forms: ${tally.cases} cases (${tally.saved} saved, ${tally.refused} refused, ${tally.skipped} skipped), seed ${SEED}`);
    await app.close();
  });

  /** A fresh pending report of village A1 (the confirm and return forms act on it once). */
  const pending = async (kind: 'pregnancy' | 'birth' | 'death' | 'marriage') => {
    const woman = (await t.db('women').where({ region_id: cast.world.villageA1.id, status: 'active' }).orderBy('id').first('id'))!.id;
    const r = await reportEvent(t.db, castActor(cast, 'villageA1'), { kind, woman_id: woman, event_date: TEST_TODAY, child_sex: kind === 'birth' ? 'female' : undefined }, { today: TEST_TODAY });
    return r.id;
  };

  const cases: [ActorKey, string, FormCase][] = [
    [
      'villageA1',
      'report an event',
      {
        page: async () => ({ get: '/village/reports/new', action: '/village/reports' }),
        overrides: {
          kind: fc.constantFrom('pregnancy', 'birth', 'arrival', 'departure', 'marriage', 'death', '', 'other'),
          // Her village's woman, township B's, and nonsense (the records exist only once beforeAll ran).
          woman_id: fc.constantFrom('mine', 'theirs', '', 'abc', '0', '99999999999', '-1').map((v) => (v === 'mine' ? String(s.records.womanA) : v === 'theirs' ? String(s.records.womanB) : v)),
          id_number: idNumberValue,
          event_date: dateValue,
          lmp_date: dateValue,
          child_sex: fc.constantFrom('male', 'female', '', 'x'),
        },
      },
    ],
    ['villageA1', 'record a visit', { mayVanish: true, page: async () => ({ get: `/village/follow-ups/${s.records.followUpA}`, action: `/village/follow-ups/${s.records.followUpA}` }) }],
    [
      'clerkA',
      'confirm a reported pregnancy',
      {
        page: async () => {
          const id = await pending('pregnancy');
          return { get: `/confirm-queue/${id}`, action: `/confirm-queue/${id}/confirm` };
        },
        overrides: { found_on: dateValue, lmp_date: dateValue, version: fc.constantFrom('1', '2', '', 'x') },
      },
    ],
    [
      'clerkA',
      'confirm a reported birth',
      {
        page: async () => {
          const id = await pending('birth');
          return { get: `/confirm-queue/${id}`, action: `/confirm-queue/${id}/confirm` };
        },
        overrides: { birth_date: dateValue, sex: fc.constantFrom('male', 'female', '', 'x') },
      },
    ],
    [
      'clerkA',
      'return a report',
      {
        page: async () => {
          const id = await pending('death');
          return { get: `/confirm-queue/${id}`, action: `/confirm-queue/${id}/return` };
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
