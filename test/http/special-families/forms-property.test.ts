/**
 * Generative: the special-family file form (new and edit), the close form and the care form through the form
 * oracle of test/helpers/generative.ts — never a 5xx; a refusal (422/409) keeps what was typed and changes no row;
 * a success changes rows (the audit row at least) and its page renders.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { seedSubsidies } from '../../../seeds/subsidies.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { dateValue, phoneValue, refusalLog, runForm, SEED, type FormCase, type Tally } from '../../helpers/generative.ts';
import { Client } from '../../helpers/http.ts';
import { addFamily, addFile } from '../../helpers/special-family-fixtures.ts';

const RUNS = Number(process.env.GENERATIVE_RUNS ?? 25);

describe('generative: special-family forms', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  const tally: Tally = { cases: 0, saved: 0, refused: 0, skipped: 0 };
  const log = refusalLog();
  const files: Record<string, number> = {};
  let proposed = 0;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    await seedSubsidies(t.db);
    proposed = await addFamily(t.db, w.villageA1.id, '生成甲', { vital: 'disabled', grade: 2 });
    for (const key of ['edit', 'close', 'care']) files[key] = await addFile(t.db, await addFamily(t.db, w.villageA1.id, `生成${key}`, { vital: 'deceased' }), '2026-01-01');
    app = buildTestApp(t.db, t.url, { logger: log.logger });
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
  }, 120_000);
  afterAll(async () => {
    console.info(`[generative] special-family forms: ${tally.cases} cases (${tally.saved} saved, ${tally.refused} refused, ${tally.skipped} skipped), seed ${SEED}`);
    await app.close();
  });

  const grade = fc.constantFrom('', '1', '2', '3', '4', '5', '0', '-1', 'abc');
  const overrides = { contact1_phone: phoneValue, contact2_phone: phoneValue, disability_grade: grade, child_event_on: dateValue, opened_on: dateValue };
  const cases: [string, FormCase][] = [
    ['new file (a proposed couple)', { overrides, page: async () => ({ get: `/special-families/new?woman=${proposed}`, action: '/special-families' }) }],
    ['edit a file', { overrides, page: async () => ({ get: `/special-families/${files.edit}/edit`, action: `/special-families/${files.edit}` }) }],
    ['care record', { overrides: { cared_on: dateValue }, page: async () => ({ get: `/special-families/${files.care}/care/new`, action: `/special-families/${files.care}/care` }) }],
    [
      'close a file',
      {
        overrides: { closed_on: dateValue },
        page: async () => {
          const f = await t.db('special_family_files').where({ id: files.close }).first();
          return f?.closed_on ? undefined : { get: `/special-families/${files.close}/close`, action: `/special-families/${files.close}/close` };
        },
      },
    ],
  ];
  for (const [name, c] of cases) {
    it(`${name}: no 5xx, refusals keep values and change nothing`, async () => {
      await runForm(t.db, clerk, c, RUNS, tally, log.refusals);
    }, 300_000);
  }
});
