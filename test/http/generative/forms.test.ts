/**
 * Generative tests of every register form (issue 12): a township clerk posts random but plausible values —
 * blanks, boundary dates, every option of each select, long text, Unicode edge cases — to the card, child,
 * pregnancy, contraception, certificate, exit/reactivate, transfer and service forms. The oracle is in
 * test/helpers/generative.ts (no 5xx; a refusal keeps the values and changes no row; a success renders); here a
 * success also leaves the card without an E finding of the consistency rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCard } from '../../../src/domain/consistency.ts';
import { loadCardSnapshot } from '../../../src/features/women/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';
import { refusalLog, runForm, SEED, type FormCase, type Tally } from '../../helpers/generative.ts';
import { Client } from '../../helpers/http.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

const RUNS = Number(process.env.GENERATIVE_RUNS ?? 120);

describe('generative: register forms', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;
  const women: Record<string, number> = {};
  const tally: Tally = { cases: 0, saved: 0, refused: 0, skipped: 0 };
  const log = refusalLog();

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url, { logger: log.logger });
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const actor = actorFor(u, w.townshipA);
    for (const key of ['edit', 'child', 'pregnancy', 'episode', 'certificate', 'exit', 'transfer', 'service']) {
      women[key] = (await makeCard(t.db, actor, w.villageA1.code, { name: `生成${key}` })).id;
    }
    women.history = (await makeCard(t.db, actor, w.villageA1.code, { name: '生成history', marital_status: 'divorced' })).id;
    clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
  });
  afterAll(async () => {
    console.info(`[generative] register forms: ${tally.cases} cases (${tally.saved} saved, ${tally.refused} refused, ${tally.skipped} skipped), seed ${SEED}`);
    await app.close();
  });

  /** A success leaves the card with no E finding: the forms refuse what the rules call an error. */
  async function consistent(location: string) {
    const id = Number(/^\/women\/(\d+)/.exec(location)?.[1]);
    if (!id) return;
    const errors = checkCard(await loadCardSnapshot(t.db, id), TEST_TODAY).filter((f) => f.level === 'E');
    expect(
      errors.map((f) => `${f.rule}: ${f.message}`),
      `card ${id} after ${location}`,
    ).toEqual([]);
  }

  const first = async (sql: string, bindings: unknown[]) => ((await t.db.raw<{ rows: { id: number }[] }>(sql, bindings as never[])).rows[0] as { id: number } | undefined)?.id;
  const cardStatus = async (id: number) => {
    const card = await t.db('women').where({ id }).first('status');
    return must(card, 'card').status;
  };
  let turn = 0;

  const cases: Record<string, FormCase> = {
    'new card': { page: async () => ({ get: '/women/new', action: '/women' }) },
    'edit card': { page: async () => ({ get: `/women/${women.edit}/edit`, action: `/women/${women.edit}` }) },
    'child (new, then edit the latest)': {
      page: async () => {
        const id = women.child;
        const child = (turn += 1) % 2 ? await first('select id from children where woman_id = ? order by id desc limit 1', [id]) : undefined;
        return child ? { get: `/women/${id}/children/${child}/edit`, action: `/women/${id}/children/${child}` } : { get: `/women/${id}/children/new`, action: `/women/${id}/children` };
      },
    },
    'pregnancy (open, or close the ongoing one)': {
      stepTo: /\/children\/new\?/,
      page: async () => {
        const id = women.pregnancy;
        const p = await first(`select id from pregnancies where woman_id = ? and outcome = 'ongoing'`, [id]);
        return p ? { get: `/women/${id}/pregnancies/${p}/close`, action: `/women/${id}/pregnancies/${p}/close` } : { get: `/women/${id}/pregnancies/new`, action: `/women/${id}/pregnancies` };
      },
    },
    'contraception (start, or end the current one)': {
      page: async () => {
        const id = women.episode;
        const e = await first('select id from contraception_episodes where woman_id = ? and ended_on is null', [id]);
        return e ? { get: `/women/${id}/contraception/${e}/end`, action: `/women/${id}/contraception/${e}/end` } : { get: `/women/${id}/contraception/new`, action: `/women/${id}/contraception` };
      },
    },
    'certificate (issue, or revoke one)': {
      page: async () => {
        const id = women.certificate;
        const c = (turn += 1) % 2 ? await first('select id from certificates where woman_id = ? and revoked_on is null order by id desc limit 1', [id]) : undefined;
        return c ? { get: `/women/${id}/certificates/${c}/revoke`, action: `/women/${id}/certificates/${c}/revoke` } : { get: `/women/${id}/certificates/new`, action: `/women/${id}/certificates` };
      },
    },
    'exit, or reactivate': {
      page: async () => {
        const id = women.exit;
        const status = await cardStatus(id);
        return status === 'active' ? { get: `/women/${id}/exit`, action: `/women/${id}/exit` } : { get: `/women/${id}/reactivate`, action: `/women/${id}/reactivate` };
      },
    },
    'transfer out (a pending one is withdrawn first)': {
      page: async () => {
        const id = women.transfer;
        if (await first(`select id from transfers where woman_id = ? and status = 'pending'`, [id])) {
          expect((await clerk.post(`/women/${id}/transfer/cancel`)).status).toBe(303);
        }
        const status = await cardStatus(id);
        return status === 'active' ? { get: `/women/${id}/transfer`, action: `/women/${id}/transfer` } : undefined;
      },
    },
    'transfer request': { page: async () => ({ get: '/transfers/request', action: '/transfers/request' }) },
    'technical service': { page: async () => ({ get: `/women/${women.service}/services/new`, action: `/women/${women.service}/services` }) },
    'status change date (补填日期)': {
      page: async () => {
        const id = women.history;
        const e = await first(`select id from marital_events where woman_id = ? and kind = 'divorce'`, [id]);
        return { get: `/women/${id}/histories/marital/${e}/date`, action: `/women/${id}/histories/marital/${e}/date` };
      },
    },
  };

  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: no 5xx, refusals keep values and change nothing, successes are consistent`, async () => {
      await runForm(t.db, clerk, { ...c, afterSuccess: consistent }, RUNS, tally, log.refusals);
    }, 300_000);
  }
});
