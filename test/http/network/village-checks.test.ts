/**
 * The village worker records the 双查 results of her village's women from /village: the township opens the round
 * (the due list is generated in the township), her page lists the women of her village on it with a link, the
 * result goes through the services feature's record service (its list, window and field rules apply: 422 with the
 * values kept), and the page then shows 已查. A woman of another village, on the same round, is a 404 to her.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRound } from '../../../src/features/services/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { must } from '../../helpers/must.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

describe('the village worker’s 双查 results', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let village: Client;
  let roundId: number;
  let mine: number;
  let other: number;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const vu = await makeUser(t.db, { role: 'village', regionId: w.villageA1.id });
    const cu = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    const clerk = actorFor(cu, w.townshipA);
    mine = (await makeCard(t.db, clerk, w.villageA1.code, { name: '查环芳', marital_status: 'first_marriage' })).id;
    other = (await makeCard(t.db, clerk, w.villageA2.code, { name: '邻村芬', marital_status: 'first_marriage' })).id;
    const quarter = Math.floor(Number(TEST_TODAY.slice(5, 7)) / 3.01) + 1;
    roundId = (await openRound(t.db, clerk, { year: Number(TEST_TODAY.slice(0, 4)), quarter }, { today: TEST_TODAY })).round.id;
    village = new Client(app.app);
    await village.login(vu.username, vu.password);
  });
  afterAll(() => app.close());

  it('lists her village’s women on the round with a link, and records a result through the record service', async () => {
    const home = $((await village.get('/village')).text);
    const link = home(`a[href="/village/checks/${roundId}/${mine}"]`);
    expect(link.text()).toContain('登记结果');
    expect(home.text()).not.toContain('邻村芬');

    const form = await village.get(`/village/checks/${roundId}/${mine}`);
    expect(form.status).toBe(200);
    expect($(form.text)('select[name=pregnancy_result]')).toHaveLength(1);

    const bad = await village.post(`/village/checks/${roundId}/${mine}`, { performed_on: TEST_TODAY, facility: '村卫生室', iud_result: 'present', pregnancy_result: '' });
    expect(bad.status).toBe(422);
    expect($(bad.text)('input[name=facility]').val()).toBe('村卫生室');

    const ok = await village.post(`/village/checks/${roundId}/${mine}`, { performed_on: TEST_TODAY, pregnancy_result: 'negative' });
    expect(ok.status, ok.text).toBe(303);
    const result = must(await t.db('check_results').where({ round_id: roundId, woman_id: mine }).first(), 'result');
    expect(result).toMatchObject({ status: 'done', checked_on: TEST_TODAY });
    const after = $((await village.get('/village')).text);
    expect(after(`a[href="/village/checks/${roundId}/${mine}"]`)).toHaveLength(0);
    expect(after.text()).toContain(`已查 ${TEST_TODAY}`);

    const twice = await village.post(`/village/checks/${roundId}/${mine}`, { performed_on: TEST_TODAY, pregnancy_result: 'negative' });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('本轮双查已于');
  });

  it('a woman of another village on the same round is a 404, to read and to record', async () => {
    expect((await village.get(`/village/checks/${roundId}/${other}`)).status).toBe(404);
    expect((await village.post(`/village/checks/${roundId}/${other}`, { performed_on: TEST_TODAY, pregnancy_result: 'negative' })).status).toBe(404);
    expect(must(await t.db('check_results').where({ round_id: roundId, woman_id: other }).first(), 'entry').status).toBe('due');
  });

  it('she still cannot record any other service', async () => {
    expect((await village.get(`/check-rounds/${roundId}/results/new?woman=${mine}`)).status).toBe(403);
    expect((await village.post(`/women/${mine}/services`, { kind: 'ring_pregnancy_check', performed_on: TEST_TODAY, pregnancy_result: 'negative' })).status).toBe(403);
  });
});
