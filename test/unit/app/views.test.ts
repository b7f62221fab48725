/**
 * The view engine (src/http/views.ts): pages render exactly as EJS renders them — layout, includes next to the file
 * and from the views folder, an include's own data and assignments — and with the view cache on (production) a
 * render after the first no longer looks for its includes on disk.
 */
import ejs from 'ejs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { helpers } from '../../../src/http/view-helpers.ts';
import { layoutEngine, viewsDir } from '../../../src/http/views.ts';

const user = { id: 7, username: 'clerk_a', displayName: '王秀英', role: 'clerk', level: 'township', regionId: 2, regionCode: '990101', regionName: '城关镇', mustChangePassword: false };

function locals(cache: boolean, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    settings: { views: viewsDir, 'view cache': cache },
    h: helpers,
    siteName: '计划生育服务管理平台',
    user,
    csrfToken: 'tok<&>"',
    nav: [{ key: 'women', label: '育龄妇女', href: '/women', order: 1 }],
    currentPath: '/account/password',
    can: () => true,
    values: {},
    errors: { new_password: '至少 8 个字符' },
    formErrors: [],
    breadcrumbs: [],
    flash: [{ type: 'success', text: '已保存' }],
    _locals: {},
    cache,
    ...extra,
  };
}

const ours = (file: string, data: Record<string, unknown>) =>
  new Promise<string>((resolve, reject) => layoutEngine(path.join(viewsDir, file), data, (err, html) => (err ? reject(err) : resolve(html!))));

/** What EJS's renderFile made of the same page and layout. */
async function theirs(file: string, data: Record<string, unknown>): Promise<string> {
  const body = await ejs.renderFile(path.join(viewsDir, file), data);
  if (data.layout === false) return body;
  const layout = typeof data.layout === 'string' ? data.layout : 'main';
  return ejs.renderFile(path.join(viewsDir, 'layouts', `${layout}.ejs`), { ...data, body });
}

describe('view engine', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    ejs.clearCache();
  });

  it.each([false, true])('renders a form page and its layout as EJS does (view cache %s)', async (cache) => {
    const html = await ours('accounts/password.ejs', locals(cache));
    expect(html).toBe(await theirs('accounts/password.ejs', locals(cache)));
    // The page's own assignment reached the layout; each include's data reached its field.
    expect(html).toContain('<title>修改密码 · 计划生育服务管理平台</title>');
    expect(html).toContain('id="f-new_password-hint"');
    expect(html).toContain('<p class="field-error" id="f-new_password-err">至少 8 个字符</p>');
    expect(html).toContain('value="tok&lt;&amp;&gt;&#34;"');
  });

  it.each([false, true])('renders a page without a layout, and an include inside an include, as EJS does (view cache %s)', async (cache) => {
    const dir = fs.mkdtempSync(path.join(viewsDir, 'partials', '.test-'));
    try {
      const file = path.relative(viewsDir, path.join(dir, 'page.ejs'));
      fs.writeFileSync(
        path.join(viewsDir, file),
        "<% locals.title = '自己的'; %><%- include('../field', { name: 'birth_date', label: '出生日期', type: 'date', hint: '如 1990.3.15' }) %><%= title %>",
      );
      const data = () => locals(cache, { layout: false, values: { birth_date: '1990-03-15' } });
      const html = await ours(file, data());
      expect(html).toBe(await theirs(file, data()));
      expect(html).toContain('value="1990-03-15"');
      expect(html).toContain('自己的');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with the view cache on, a render after the first does not look for its includes on disk', async () => {
    await ours('accounts/password.ejs', locals(true));
    const exists = vi.spyOn(fs, 'existsSync');
    const stat = vi.spyOn(fs, 'statSync');
    const read = vi.spyOn(fs, 'readFileSync');
    const html = await ours('accounts/password.ejs', locals(true));
    expect(html).toContain('保存新密码');
    expect(exists).not.toHaveBeenCalled();
    expect(stat).not.toHaveBeenCalled();
    expect(read).not.toHaveBeenCalled();
  });

  it('an include that does not exist is an error, not an empty part of the page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-views-'));
    try {
      const file = path.join(dir, 'page.ejs');
      fs.writeFileSync(file, "<%- include('no-such-partial') %>");
      await expect(ours(path.relative(viewsDir, file), locals(true, { layout: false }))).rejects.toThrow(/no-such-partial/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
