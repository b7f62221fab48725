/**
 * Sign-in flows in a real browser against the real server process: session cookie rotation, the wrong
 * password message, an admin creating a township account that then signs in and must change its password,
 * and sign-out followed by the Back button.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { seedCast, type Cast } from '../helpers/actors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { LOGIN_FAILED_MESSAGE } from '../../src/domain/passwords.ts';
import { sessionCookie, signInThroughForm, submitAndWait, useBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('signing in and out in Chromium', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let cast: Cast;
  const b = useBrowser(() => server.url);

  beforeAll(async () => {
    t = await createTestDatabase();
    cast = await seedCast(t.db);
    server = await startServer({ databaseUrl: t.url });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  b.test('signing in replaces the session cookie with a new HttpOnly one and shows the home page', async ({ page, context }) => {
    await page.goto('/login');
    await expect.poll(() => page.title()).toContain('登录');
    const before = await sessionCookie(context);
    expect(before, 'the sign-in page starts a session for its CSRF token').toBeTruthy();
    await signInThroughForm(page, cast.users.supA.username, cast.users.supA.password);
    expect(new URL(page.url()).pathname).toBe('/');
    const after = await sessionCookie(context);
    expect(after?.value).toBeTruthy();
    expect(after!.value).not.toBe(before!.value);
    expect(after!.httpOnly).toBe(true);
    expect(after!.sameSite).toBe('Lax');
    expect(await page.textContent('.who-name')).toBe('城关审核员');
    expect(await page.textContent('h1')).toContain('您好');
  });

  b.test('a wrong password shows the message and keeps the user on the sign-in page', async ({ page }) => {
    await signInThroughForm(page, cast.users.clerkA.username, 'not-the-password');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect((await page.textContent('#login-error'))?.trim()).toBe(LOGIN_FAILED_MESSAGE);
    expect(await page.inputValue('#f-username')).toBe(cast.users.clerkA.username);
    await page.goto('/');
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  b.test('an admin creates a township clerk; the clerk signs in, must change the password and lands on home', async ({ page, context }) => {
    const username = `e2e_clerk_${process.pid % 10000}`;
    await signInThroughForm(page, cast.users.admin.username, cast.users.admin.password);
    await page.goto('/admin/users');
    await submitAndWait(page, () => page.click('a:has-text("新增账户")'));
    await page.fill('#f-username', username);
    await page.fill('#f-display_name', '赵丽娟');
    await page.selectOption('#f-role', 'clerk');
    await page.selectOption('#f-region_id', String(cast.world.townshipB.id));
    await page.fill('#f-password', 'First-Pass-2026');
    await submitAndWait(page, () => page.click('button:has-text("创建账户")'));
    expect(page.url()).toMatch(/\/admin\/users\/\d+$/);
    expect(await page.textContent('.flash-success')).toContain(`已创建账户 ${username}`);
    const row = await t.db('users').where({ username }).first();
    expect(row).toMatchObject({ role: 'clerk', region_id: cast.world.townshipB.id, must_change_password: true });

    await submitAndWait(page, () => page.click('button:has-text("退出")'));
    await context.clearCookies();
    await signInThroughForm(page, username, 'First-Pass-2026');
    expect(new URL(page.url()).pathname).toBe('/account/password');
    await page.goto('/');
    expect(new URL(page.url()).pathname, 'nothing else until the password is changed').toBe('/account/password');
    await page.fill('#f-current_password', 'First-Pass-2026');
    await page.fill('#f-new_password', 'Zhao-Lijuan-88');
    await page.fill('#f-confirm_password', 'Zhao-Lijuan-88');
    await submitAndWait(page, () => page.click('button:has-text("保存新密码")'));
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.textContent('.flash-success')).toContain('密码已修改');
    expect(await page.textContent('.who-role')).toBe('东山镇 · 录入员');
    expect((await t.db('users').where({ username }).first())?.must_change_password).toBe(false);
  });

  b.test('after signing out, Back shows the sign-in page, not the previous page', async ({ page }) => {
    await signInThroughForm(page, cast.users.countySup.username, cast.users.countySup.password);
    await page.goto('/audit');
    expect(await page.textContent('h1')).toBe('审计日志');
    await submitAndWait(page, () => page.click('button:has-text("退出")'));
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.goBack();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('form[action="/login"]').count()).toBe(1);
    expect(await page.locator('table.audit').count()).toBe(0);
  });
});
