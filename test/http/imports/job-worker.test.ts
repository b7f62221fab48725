/**
 * A hostile upload does not take the portal down (issue 12, item 3): a small XLSX that expands past the row
 * limit is checked in a job process of its own while the server keeps answering, and is refused with a message naming the
 * limit; nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whenSettled } from '../../../src/features/imports/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { womanId } from '../../helpers/women.ts';
import { manyRowsXlsx } from '../../helpers/xlsx-craft.ts';

describe('数据导入: big files are checked off the request path', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let clerk: Client;

  beforeAll(async () => {
    const w = await seedWorld(t.db);
    await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id, username: 'clerk_a', password: 'Password-123' });
    app = buildTestApp(t.db, t.url);
    clerk = new Client(app.app);
    await clerk.login('clerk_a', 'Password-123');
  });
  afterAll(() => app.close());

  it('a 200,010-row XLSX is refused with the limit while /healthz and other pages answer', async () => {
    const file = await manyRowsXlsx(200_010);
    const token = await clerk.refreshToken('/imports');
    const res = await clerk.agent
      .post(`/imports?_csrf=${encodeURIComponent(token)}`)
      .field('kind', 'population')
      .attach('file', file, '人口.xlsx')
      .redirects(0);
    expect(res.status).toBe(303);
    const id = Number(/\/imports\/(\d+)$/.exec(res.headers.location)![1]);
    let settled = false;
    const done = whenSettled(id).then(() => (settled = true));

    // While the file is being checked, the server answers (the check runs in a job process of its own).
    const health = await clerk.get('/healthz');
    expect(health.status).toBe(200);
    const busy = await clerk.get(`/imports/${id}`);
    expect(busy.status).toBe(200);
    expect(settled).toBe(false);
    expect($(busy.text)('h2').first().text()).toBe('正在检查…');

    await done;
    const page = $((await clerk.get(`/imports/${id}`)).text);
    expect(page('.flash-error').text()).toBe('文件超过 200,000 行的上限，请分成几个文件导入。未写入任何数据。');
    expect(await t.db('population_figures').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect((await clerk.get('/imports')).status).toBe(200);
  });

  it('an ordinary 育龄妇女 file (variant headers, no optional columns, an extra column) passes the check; the page lists the ignored column', async () => {
    const csv = `公民身份号码,妇女姓名,所在村,户口性质,婚姻状况,籍贯\n${womanId('1991-03-04')},孙丽,990100001001,农业,未婚,山东\n`;
    const token = await clerk.refreshToken('/imports');
    const res = await clerk.agent
      .post(`/imports?_csrf=${encodeURIComponent(token)}`)
      .field('kind', 'women')
      .attach('file', Buffer.from(csv), '妇女.csv')
      .redirects(0);
    const id = Number(/\/imports\/(\d+)$/.exec(res.headers.location)![1]);
    await whenSettled(id);
    const page = $((await clerk.get(`/imports/${id}`)).text);
    expect(page('section.panel.ok h2').text()).toBe('检查通过');
    expect(page('.flash-info').text()).toBe('以下列不在育龄妇女模板中，已忽略：籍贯');
  });
});
