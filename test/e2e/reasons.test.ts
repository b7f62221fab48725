/**
 * Reasons asked in the browser (issue 12 item 7): on the card, 查看完整身份证号 is reached with the keyboard alone —
 * Tab to the disclosure, Enter opens it, the reason is typed (the common ones are offered) and Enter shows the
 * number; an empty reason is stopped by the browser (required) and, without JavaScript's help, by the server.
 * The card page with the form open has no serious axe violation, and no inline script is needed (CSP).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { seedCast, type Cast } from '../helpers/actors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { maskIdNumber } from '../../src/domain/id-number.ts';
import { seedScenario, type Scenario } from '../helpers/scenario.ts';
import { describeViolations, focused, isBlocking, runAxe } from './support/a11y.ts';
import { signInThroughForm, useBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('查看完整身份证号 with a reason, by keyboard', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let cast: Cast;
  let s: Scenario;
  const b = useBrowser(() => server.url);

  beforeAll(async () => {
    t = await createTestDatabase();
    cast = await seedCast(t.db);
    s = await seedScenario(t.db, cast);
    server = await startServer({ databaseUrl: t.url });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  b.test('Tab, Enter opens the form, the reason typed, Enter shows her number; audited with the reason', async ({ page }) => {
    await signInThroughForm(page, cast.users.clerkA.username, cast.users.clerkA.password);
    const id = s.records.womanA;
    await page.goto(`/women/${id}`);
    expect(await page.textContent('.id-number')).toBe(maskIdNumber(s.ids.womanA));
    for (let i = 0; i < 60 && (await focused(page)) !== 'summary:显示完整身份证号'; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('summary:显示完整身份证号');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input[name=reason]');
    // The common reasons are offered to the field; an empty one is stopped before it is sent.
    expect(await page.$$eval('#access-reasons option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toContain('群众来办事，核对身份');
    await page.keyboard.press('Enter');
    expect(await page.$eval('input[name=reason]', (el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(new URL(page.url()).pathname).toBe(`/women/${id}`);
    const violations = (await runAxe(page)).filter(isBlocking);
    expect(violations, describeViolations(violations)).toEqual([]);

    await page.keyboard.type('群众来办事，核对身份');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.textContent('.id-number')).toBe(s.ids.womanA);
    const row = await t
      .db('audit_log')
      .where({ action: 'card.reveal_id', entity_id: String(id) })
      .orderBy('id', 'desc')
      .first();
    expect(row).toMatchObject({ reason: '群众来办事，核对身份', username: cast.users.clerkA.username });
  });
});
