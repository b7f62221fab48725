/**
 * A flash message set by a form's redirect reaches the page after it, even when the browser asks for other
 * things in between on its own (the icon, a missing file): those used to render a signed-in 404 page that took
 * and showed the message, so under load the 已保存 line never appeared (the browser flows failed now and then).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { cardFields } from '../../helpers/women.ts';

describe('flash messages survive the requests a browser makes on its own', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerk: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    const u = await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id });
    clerk = new Client(app.app);
    await clerk.login(u.username, u.password);
  });
  afterAll(() => app.close());

  it('the icon and a missing file between the redirect and the page leave the message to the page', async () => {
    const res = await clerk.post('/women', cardFields(w.villageA1.code, { name: '闪现测试' }));
    expect(res.status).toBe(303);
    const icon = await clerk.get('/favicon.ico');
    expect(icon.status).toBe(301);
    expect(icon.headers.location).toBe('/assets/favicon.svg');
    const missing = await clerk.get('/women/source.map');
    expect(missing.status).toBe(404);
    expect($(missing.text)('.flash-success').length).toBe(0);
    const page = await clerk.get(res.headers.location);
    expect($(page.text)('.flash-success').text()).toContain('闪现测试');
  });
});
