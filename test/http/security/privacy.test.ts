/**
 * Personal data stays out of outputs that may not show it:
 *  - no full 18-digit ID number on any page (every GET route × every actor), nor in the audit log's rows;
 *  - the structured request log holds no query string, body, name, password or ID number, whatever a request
 *    carries in its path, query or form, and errors are logged with ID numbers masked and without the
 *    database's `detail` (which quotes row values).
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { recordAudit } from '../../../src/features/audit/service.ts';
import { createLogger } from '../../../src/http/request-log.ts';
import { ACTORS, seedCast, type Cast, type Who } from '../../helpers/actors.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { Client } from '../../helpers/http.ts';
import { expectNoFullIdNumbers, fullIdNumbers } from '../../helpers/id-scan.ts';
import { insertWoman } from '../../helpers/records.ts';
import { concretePath, listRoutes } from '../../helpers/routes.ts';
import { seedScenario } from '../../helpers/scenario.ts';
import { paramsFor } from './samples.ts';

function memoryLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('ID numbers, names and the logs', () => {
  const t = useTestDatabase();
  const log = memoryLog();
  let app: TestApp;
  let cast: Cast;
  let woman: { id: number; id_number: string; name: string };
  let records: Record<string, number>;

  beforeAll(async () => {
    cast = await seedCast(t.db);
    woman = await insertWoman(t.db, { regionId: cast.world.villageA1.id, name: '王秀英' });
    await insertWoman(t.db, { regionId: cast.world.villageB1.id, name: '李桂兰' });
    // Records of every feature in both townships, so each route's :params open a real page.
    records = (await seedScenario(t.db, cast)).records;
    await recordAudit(t.db, null, {
      action: 'card.create',
      entity: 'woman',
      entityId: woman.id,
      regionId: cast.world.villageA1.id,
      after: { id_number: woman.id_number, name: woman.name, note: `核对身份证 ${woman.id_number} 无误` },
    });
    app = buildTestApp(t.db, t.url, { logger: log.logger });
  });
  afterAll(() => app.close());

  it('no page shows a full ID number: every GET route as every actor', async () => {
    const routes = listRoutes(app.app).filter((r) => r.method === 'GET' && r.path !== '/healthz');
    let pages = 0;
    for (const who of [...ACTORS, 'anonymous'] as Who[]) {
      const c = new Client(app.app);
      if (who !== 'anonymous') await c.login(cast.users[who].username, cast.users[who].password);
      for (const r of routes) {
        const path = concretePath(r.path, paramsFor(r.path, cast, records));
        const res = await c.get(path);
        expect(res.status, `${path} as ${who}`).toBeLessThan(500);
        expectNoFullIdNumbers(res.text, `${path} as ${who}`);
        pages += 1;
      }
    }
    // The audit page does show the entry, masked.
    const admin = new Client(app.app);
    await admin.login(cast.users.admin.username, cast.users.admin.password);
    const audit = await admin.get(`/audit?entity=woman&entity_id=${woman.id}`);
    expect(audit.text).toContain(maskIdNumber(woman.id_number));
    console.info(`[security] ID numbers: ${pages} page renders (${routes.length} GET routes × ${ACTORS.length + 1} actors), 0 full numbers`);
  }, 120_000);

  it('the audit log keeps ID numbers masked in every row', async () => {
    const rows = await t.db('audit_log').select('before', 'after', 'reason');
    expect(rows.length).toBeGreaterThan(5);
    expectNoFullIdNumbers(JSON.stringify(rows), 'audit_log');
    // The scanner is not blind: the women table itself does hold full numbers.
    expect(
      fullIdNumbers(
        JSON.stringify(
          await t
            .db('women')
            .where('id', '<=', woman.id + 1)
            .select('id_number'),
        ),
      ),
    ).toHaveLength(2);
  });

  it('the request log holds no query string, body, name, password or ID number', async () => {
    log.lines.length = 0;
    const admin = new Client(app.app);
    await admin.login(cast.users.admin.username, cast.users.admin.password);
    const id = woman.id_number;
    await admin.get(`/admin/users?q=${encodeURIComponent('王秀英')}&role=clerk`);
    await admin.get(`/audit?entity_id=${id}&username=${encodeURIComponent('王秀英')}`);
    await admin.get(`/women/${id}`);
    await admin.get(`/women/${encodeURIComponent('王秀英')}/edit`);
    await admin.post('/admin/regions', { code: '990100001009', name: '王秀英村', note: id });
    const anon = new Client(app.app);
    await anon.refreshToken();
    await anon.post('/login', { username: id, password: 'Secret-Password-77' });
    await anon.post('/login', { username: '王秀英', password: 'Secret-Password-77' });

    const text = log.lines.join('\n');
    expect(log.lines.length).toBeGreaterThanOrEqual(8);
    expectNoFullIdNumbers(text, 'the request log');
    for (const forbidden of ['王秀英', '%E7%8E%8B', 'Secret-Password', 'q=', 'role=clerk', '_csrf', 'entity_id', cast.users.admin.password]) {
      expect(text, `log contains ${forbidden}`).not.toContain(forbidden);
    }
    const entries = log.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const audit = entries.find((e) => e.route === '/audit');
    expect(audit).toMatchObject({ msg: 'request', method: 'GET', path: '/audit', status: 200, user: cast.users.admin.id });
    expect(entries.find((e) => e.path === '/women/…' && e.status === 404)).toBeTruthy();
    expect(entries.find((e) => e.route === '/admin/regions' && e.method === 'POST')).toMatchObject({ status: 303 });
  });

  it('errors are logged with ID numbers masked and without the row values PostgreSQL quotes', () => {
    const { lines, logger } = memoryLog();
    const err = Object.assign(new Error(`duplicate key value violates unique constraint for ${woman.id_number}`), {
      code: '23505',
      detail: `Key (id_number)=(${woman.id_number}) already exists; name 王秀英`,
    });
    logger.error({ err, path: `/women/${woman.id_number}` }, `save failed for ${woman.id_number}`);
    const text = lines.join('\n');
    expectNoFullIdNumbers(text, 'an error log line');
    expect(text).not.toContain('王秀英');
    expect(text).not.toContain('detail');
    const entry = JSON.parse(lines[0]) as { err: { code: string; message: string; type: string } };
    expect(entry.err).toMatchObject({ code: '23505', type: 'Error' });
    expect(entry.err.message).toContain(maskIdNumber(woman.id_number));
  });
});
