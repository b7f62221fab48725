/**
 * The import page over HTTP: a multipart upload (CSRF token in the action URL), the dry run in the background,
 * the status page that refreshes itself while it runs, the problem list, confirming a clean file, templates,
 * who may import what, and that one user's import is nobody else's page.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { lockJob, whenSettled } from '../../../src/features/imports/service.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { $, Client } from '../../helpers/http.ts';
import { manId, womanId } from '../../helpers/women.ts';
import { binary } from '../binary.ts';
import { must } from '../../helpers/must.ts';

const HEADER = '身份证号,姓名,村代码,民族,户口性质,婚姻状况,结婚日期,配偶姓名,配偶身份证号,联系电话,住址,流动状态';

describe('数据导入 (web)', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let w: World;
  let clerkA: Client;
  let clerkB: Client;
  let admin: Client;
  let countySup: Client;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    app = buildTestApp(t.db, t.url);
    app.clock.set(new Date('2026-03-15T09:00:00+08:00'));
    const login = async (role: 'clerk' | 'supervisor' | 'admin', regionId: number) => {
      const u = await makeUser(t.db, { role, regionId });
      const c = new Client(app.app);
      await c.login(u.username, u.password);
      return c;
    };
    clerkA = await login('clerk', w.townshipA.id);
    clerkB = await login('clerk', w.townshipB.id);
    admin = await login('admin', w.county.id);
    countySup = await login('supervisor', w.county.id);
  });
  afterAll(() => app.close());

  /** Upload like the page's form: multipart, the token in the action URL. Returns the job id. */
  async function upload(c: Client, kind: string, body: string | Buffer, name = `${kind}.csv`) {
    const token = await c.refreshToken('/imports');
    const res = await c.agent
      .post(`/imports?_csrf=${encodeURIComponent(token)}`)
      .field('kind', kind)
      .attach('file', Buffer.from(body), name)
      .redirects(0);
    expect(res.status, res.text).toBe(303);
    const id = Number(/\/imports\/(\d+)$/.exec(res.headers.location)![1]);
    await whenSettled(id);
    return id;
  }

  it('uploads a file, checks it in the background and lists every problem; nothing is written', async () => {
    const good = womanId('1990-01-01');
    const csv = [HEADER, `${good},王芳,990100001001,汉族,农业,初婚,2014-01-01,李强,${manId()},,,常住`, `${good},王芳,990100002001,汉族,农业,未婚,,,,,,常住`].join('\n');
    const id = await upload(clerkA, 'women', csv);
    const res = await clerkA.get(`/imports/${id}`);
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('meta[http-equiv="refresh"]').length).toBe(0);
    expect(page('h2#problems-h').text()).toContain('发现 2 个问题，未写入任何数据');
    const rows = page('table.problems tbody tr')
      .map((_i, tr) =>
        page(tr)
          .find('td')
          .map((_j, td) => page(td).text().trim())
          .get()
          .join('|'),
      )
      .get();
    // The uploader has the file: the list finds the cell by row and column and never shows a full ID number.
    expect(rows).toEqual(['3|村代码|990100002001|村代码 990100002001 不存在或不在您的管辖范围内', `3|身份证号|${maskIdNumber(good)}|与第 2 行的身份证号重复，同一人只能建一张信息卡`]);
    expect(res.text).not.toContain(good);
    expect(JSON.stringify(await t.db('import_jobs').where({ id }).first())).not.toContain(good);
    expect(page('button:contains("确认导入")').length).toBe(0);
    expect(await t.db('women').where({ id_number: good }).first()).toBeUndefined();
    const problems = await clerkA.get(`/imports/${id}/problems.csv`);
    expect(problems.text.startsWith('\ufeff行号,列,内容,问题,说明')).toBe(true);
    expect(problems.text).toContain('第 3 行 村代码「990100002001」');
    expect(problems.text).not.toContain(good);
  });

  it('a clean file is confirmed and written; the page says how many, and the audit has the import', async () => {
    const ids = [womanId('1991-02-02'), womanId('1991-02-03')];
    const csv = [HEADER, ...ids.map((id, i) => `${id},赵${i}英,990100001002,汉族,农业,未婚,,,,,,常住`)].join('\r\n');
    const id = await upload(clerkA, 'women', `\ufeff${csv}`, '两人.csv');
    const checked = $((await clerkA.get(`/imports/${id}`)).text);
    expect(checked('.panel.ok').text()).toContain('将新建（或更新）2 条');
    expect(await t.db('women').whereIn('id_number', ids)).toHaveLength(0);
    const confirm = await clerkA.post(`/imports/${id}/confirm`);
    expect(confirm.status).toBe(303);
    await whenSettled(id);
    const done = $((await clerkA.get(`/imports/${id}`)).text);
    expect(done('.flash-success').text()).toContain('已导入 2 条');
    expect(await t.db('women').whereIn('id_number', ids)).toHaveLength(2);
    expect(await t.db('audit_log').where({ action: 'import.women', entity_id: '两人.csv' })).toHaveLength(1);
    // Confirming twice writes nothing more.
    const again = await clerkA.post(`/imports/${id}/confirm`);
    expect(again.status).toBe(422);
    expect(await t.db('women').whereIn('id_number', ids)).toHaveLength(2);
    expect(await t.db('import_jobs').where({ id }).first('file')).toEqual({ file: null });
  });

  it('a newer file of the same kind replaces an unconfirmed one; another kind does not', async () => {
    const row = () => `${HEADER}\n${womanId('1993-03-03')},吴芳,990100001001,汉族,农业,未婚,,,,,,常住`;
    const first = await upload(clerkA, 'women', row());
    const other = await upload(clerkA, 'population', '村代码,月份,期末总人口,死亡人数\n990100001001,2026-01,1000,1\n');
    const second = await upload(clerkA, 'women', row());
    const status = async (id: number) => (await t.db('import_jobs').where({ id }).first('status', 'file')) as { status: string; file: Buffer | null };
    expect(await status(first)).toEqual({ status: 'discarded', file: null });
    expect((await status(other)).status).toBe('checked');
    expect((await status(second)).status).toBe('checked');
    expect((await clerkA.post(`/imports/${first}/confirm`)).status).toBe(422);
    expect($((await clerkA.get(`/imports/${first}`)).text)('.badge').text()).toBe('已放弃');
  });

  it('shows progress while a job runs, refreshing itself with a meta tag (no script)', async () => {
    const user = await t.db('users').where('region_id', w.townshipA.id).first('id');
    const [job] = await t
      .db('import_jobs')
      .insert({ kind: 'women', file_name: '大文件.xlsx', file_size: 2048, user_id: must(user, 'account').id, region_id: w.townshipA.id, status: 'checking', total_rows: 4000, processed_rows: 1000 })
      .returning('id');
    // A running job's process holds its lock (without it, the job reads as interrupted: see test/e2e/imports/jobs.test.ts).
    const lock = await lockJob({ dbUrl: t.url }, job.id);
    const res = await clerkA.get(`/imports/${job.id}`);
    await lock.end();
    expect(res.status).toBe(200);
    const page = $(res.text);
    expect(page('meta[http-equiv="refresh"]').attr('content')).toBe('2');
    expect(page('progress').attr('value')).toBe('1000');
    expect(page('progress').attr('max')).toBe('4000');
    expect(page('section.panel').text()).toContain('已处理 1,000 / 4,000 行（25%）');
    expect(res.text).not.toMatch(/<script(?![^>]*src=)/);
  });

  it('another user’s import is not found; the county supervisor cannot import; the admin imports only regions', async () => {
    const id = await upload(clerkA, 'women', `${HEADER}\n${womanId()},孙红,990100001001,汉族,农业,未婚,,,,,,常住`);
    expect((await clerkB.get(`/imports/${id}`)).status).toBe(404);
    expect((await countySup.get('/imports')).status).toBe(403);
    const adminPage = $((await admin.get('/imports')).text);
    expect(
      adminPage('select#f-kind option')
        .map((_i, o) => adminPage(o).text())
        .get(),
    ).toEqual(['请选择', '区划']);
    const token = await clerkA.refreshToken('/imports');
    const refused = await clerkA.agent
      .post(`/imports?_csrf=${encodeURIComponent(token)}`)
      .field('kind', 'regions')
      .attach('file', Buffer.from('区划代码,名称\n990100009,新乡\n'), 'r.csv')
      .redirects(0);
    expect(refused.status).toBe(403);
  });

  it('refuses a multipart upload without the CSRF token, and a file of the wrong type', async () => {
    const res = await clerkA.agent.post('/imports').field('kind', 'women').attach('file', Buffer.from(HEADER), 'w.csv').redirects(0);
    expect(res.status).toBe(403);
    const token = await clerkA.refreshToken('/imports');
    const bad = await clerkA.agent
      .post(`/imports?_csrf=${encodeURIComponent(token)}`)
      .field('kind', 'women')
      .attach('file', Buffer.from('x'), '照片.jpg')
      .redirects(0);
    expect(bad.status).toBe(422);
    expect($(bad.text)('#f-file-err').text()).toContain('只能导入 CSV 或 XLSX 文件');
  });

  it('offers blank templates with exactly the template headers, in CSV and XLSX', async () => {
    const csv = await clerkA.get('/imports/templates/children.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-disposition']).toContain(encodeURIComponent('子女导入模板.csv'));
    expect(csv.text).toBe('\ufeff母亲身份证号,子女姓名,性别,出生日期,孩次,政策属性,生育证号\r\n');
    const xlsx = await clerkA.get('/imports/templates/services.xlsx').buffer(true).parse(binary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as ArrayBuffer);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, '身份证号', '服务项目', '服务日期', '服务机构', '服务人员', '结果', '并发症']);
    expect(wb.worksheets[1].name).toBe('填写说明');
    // The women template ends with 建卡日期 and the couple's only-child facts, each explained on 填写说明.
    const women = new ExcelJS.Workbook();
    await women.xlsx.load((await clerkA.get('/imports/templates/women.xlsx').buffer(true).parse(binary)).body as ArrayBuffer);
    expect((women.worksheets[0].getRow(1).values as unknown[]).slice(-3)).toEqual(['建卡日期', '本人是否独生子女', '配偶是否独生子女']);
    const help = women.worksheets[1].getRows(2, women.worksheets[1].rowCount - 1)!.map((r) => (r.values as unknown[]).slice(1).join('|'));
    expect(help).toContain('本人是否独生子女|可整列省略|是 / 否 / 不详（也可填 1/0、Y/N）；留空为不详');
    expect(help).toContain('配偶是否独生子女|可整列省略|是 / 否 / 不详（也可填 1/0、Y/N）；留空为不详');
    expect((await clerkA.get('/imports/templates/regions.csv')).status).toBe(404);
  });
});
