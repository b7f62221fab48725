/**
 * 协查 exchange packages over the API: a county read token exports the package waiting for a partner (signed, the
 * rows marked, an audit row naming the client); a county write token dry-runs a partner's package (nothing written)
 * and imports it all or nothing (201, the query in the township's inbox, audited); the same package again is 422;
 * a body over 512 KB is 413 JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { savePartner } from '../../../src/features/floating/exchange/service.ts';
import { writePackage, type PackageBodyValue } from '../../../src/features/floating/exchange/package.ts';
import { sendQuery } from '../../../src/features/floating/queries/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { actorFor } from '../../helpers/women.ts';
import { apiGet, apiPost, countyAdmin, makeToken } from './helpers.ts';

const SECRET = 'shared-secret-between-A-and-B';

describe('exchange packages over the API', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let admin: Actor;
  let idNumber: string;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    admin = await countyAdmin(t.db, w);
    await savePartner(t.db, admin, { county_code: '990200', name: '乙县', secret: SECRET, active: true });
    const woman = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1991-04-01', marriage_date: '2014-01-01', name: '赵兰' });
    idNumber = (await t.db('women').where({ id: woman }).first('id_number'))!.id_number;
  });
  afterAll(() => app.close());

  it('exports the package waiting for a partner with a read token: signed, marked, audited as the client', async () => {
    const clerk = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA);
    const q = await sendQuery(t.db, clerk, { id_number: idNumber, kind: 'pregnancy', to_county: '990200', body: '请核实孕情' }, '2026-11-10');
    const { token } = await makeToken(t.db, admin, w.county.id, 'read');
    const res = await apiGet(app.app, '/api/v1/exchange/packages?partner=990200', token);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const pkg = JSON.parse(res.text) as { body: PackageBodyValue; signature: string };
    expect(pkg.body.from_county).toBe('990100');
    expect(pkg.body.queries.map((x) => x.woman_name)).toEqual(['赵兰']);
    expect(pkg.signature).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.db('floating_queries').where({ id: q.id }).first('out_package_id'))!.out_package_id).toBe(pkg.body.package_id);
    const audit = await t.db('audit_log').where({ action: 'floating.package_export', entity_id: pkg.body.package_id }).first('username', 'user_id');
    expect(audit).toEqual({ username: `api:${token.slice(0, 8)}`, user_id: null });
    // Nothing left: the service's refusal is 422 JSON at its field.
    const again = await apiGet(app.app, '/api/v1/exchange/packages?partner=990200', token);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ error: { code: 'unprocessable', fields: { county_code: '没有需要发给乙县的协查或反馈' } } });
    expect((await apiGet(app.app, '/api/v1/exchange/packages', token)).body).toMatchObject({ error: { fields: { partner: '请给出交换伙伴的 6 位县级代码（partner）' } } });
  });

  it('imports a partner’s package with a write token: dry run writes nothing, then all of it, once', async () => {
    const body: PackageBodyValue = {
      format: 'fp-portal.floating-exchange',
      version: 1,
      package_id: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      from_county: '990200',
      to_county: '990100',
      created_on: '2026-11-12',
      queries: [
        {
          ref: '990200-1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7a8b',
          kind: 'verify_request',
          body: '该妇女在我县务工，请核实',
          sent_on: '2026-11-12',
          due_on: '2026-11-27',
          woman_name: '赵兰',
          woman_id_number: idNumber,
          to_region_code: null,
          from_unit: '乙县城关镇',
        },
      ],
      answers: [],
    };
    const text = writePackage(body, SECRET);
    const { token } = await makeToken(t.db, admin, w.county.id, 'write');
    const count = async () => Number((await t.db('floating_queries').where({ from_county_code: '990200' }).count<{ n: number }[]>('* as n'))[0]!.n);

    const dry = await apiPost(app.app, '/api/v1/exchange/packages?dry_run=1', token, text);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dry_run: true, imported: false, partner: '乙县', queries: [{ woman_name: '赵兰', to: '东街村' }] });
    expect(await count()).toBe(0);

    const done = await apiPost(app.app, '/api/v1/exchange/packages', token, text);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ dry_run: false, imported: true, package_id: body.package_id });
    expect(await count()).toBe(1);
    expect(await t.db('audit_log').where({ action: 'floating.package_import', entity_id: body.package_id }).first('username')).toEqual({ username: `api:${token.slice(0, 8)}` });

    const twice = await apiPost(app.app, '/api/v1/exchange/packages', token, text);
    expect(twice.status).toBe(422);
    expect((twice.body as { error: { fields: Record<string, string> } }).error.fields.file).toContain('已导入过');
    expect(await count()).toBe(1);

    const tampered = await apiPost(app.app, '/api/v1/exchange/packages?dry_run=1', token, text.replace('请核实', '请核查'));
    expect(tampered.status).toBe(422);

    const huge = await apiPost(app.app, '/api/v1/exchange/packages?dry_run=1', token, `{"x":"${'a'.repeat(600 * 1024)}"}`);
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: { code: 'payload_too_large' } });
    const empty = await apiPost(app.app, '/api/v1/exchange/packages?dry_run=1', token, '');
    expect(empty.status).toBe(400);
  });
});
