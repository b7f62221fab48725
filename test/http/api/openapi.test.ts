/**
 * The API's documentation: /api/openapi.json (OpenAPI 3.1, public) names exactly the /api/v1 routes the router
 * serves, with parameters generated from the zod schemas; /api/docs lists them for people, with no script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { $ } from '../../helpers/http.ts';
import { listRoutes } from '../../helpers/routes.ts';

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[]; responses: Record<string, unknown> }>>;
}

describe('the OpenAPI document and the docs page', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    app = buildTestApp(t.db, t.url);
    const res = await request(app.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as Doc;
  });
  afterAll(() => app.close());

  it('names every /api/v1 route of the router, and no other', () => {
    const served = listRoutes(app.app)
      .filter((r) => r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(served.length).toBeGreaterThanOrEqual(5);
    expect(documented).toEqual(served);
    expect(doc.openapi).toBe('3.1.0');
  });

  it('generates the parameters from the zod schemas (names, required, patterns, enums)', () => {
    const figures = doc.paths['/api/v1/figures']!.get!.parameters;
    expect(figures.map((p) => p.name)).toEqual(['region', 'month', 'from', 'to']);
    expect(figures.find((p) => p.name === 'region')!.schema.pattern).toBe('^(\\d{2}|\\d{4}|\\d{6}|\\d{9})$');
    const table = doc.paths['/api/v1/tables/{table}']!.get!.parameters;
    expect(table[0]).toMatchObject({ name: 'table', in: 'path', required: true, schema: { enum: ['monthly', 'table1', 'table2'] } });
    expect(doc.paths['/api/v1/exchange/packages']!.get!.parameters).toMatchObject([{ name: 'partner', required: true }]);
    expect(Object.keys(doc.paths['/api/v1/exchange/packages']!.post!.responses)).toEqual(expect.arrayContaining(['201', '403', '413', '422', '429']));
  });

  it('shows /api/docs to anyone: every endpoint with its parameters and a curl line, no script of its own', async () => {
    const res = await request(app.app).get('/api/docs');
    expect(res.status).toBe(200);
    const page = $(res.text);
    const headings = page('section.api-endpoint h2 code')
      .map((_i, el) => page(el).text())
      .get();
    expect(headings).toEqual(['GET /api/v1/figures', 'GET /api/v1/tables/:table', 'GET /api/v1/month-close', 'GET /api/v1/exchange/packages', 'POST /api/v1/exchange/packages']);
    expect(page('pre code').first().text()).toContain("curl -H 'Authorization: Bearer <令牌>'");
    expect(
      page('td[data-label="参数"] code')
        .map((_i, el) => page(el).text())
        .get(),
    ).toContain('partner');
    expect(page('script:not([src])').length).toBe(0);
    expect(res.headers['set-cookie']).toBeUndefined();
    // Anything else under /api is JSON, even without a token.
    const missing = await request(app.app).get('/api/v2/figures');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: { code: 'not_found' } });
  });
});
