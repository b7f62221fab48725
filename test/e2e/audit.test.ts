/**
 * The audit log fits a laptop (issue 14): /audit at 1366×768 over the scenario's records (cards of ~20 fields,
 * subsidy applications, services) scrolls no wider than the window; long change lists fold.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { seedCast, type Cast } from '../helpers/actors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedScenario } from '../helpers/scenario.ts';
import { signInThroughForm, useBrowser } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('审计日志 at 1366 px', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let cast: Cast;
  const b = useBrowser(() => server.url);

  beforeAll(async () => {
    t = await createTestDatabase();
    cast = await seedCast(t.db);
    await seedScenario(t.db, cast);
    server = await startServer({ databaseUrl: t.url });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  b.test('fits 1366×768 with the sign-in rows shown too, long changes folded', async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInThroughForm(page, cast.users.admin.username, cast.users.admin.password);
    for (const path of ['/audit', '/audit?logins=1']) {
      await page.goto(path);
      expect(await page.locator('table.audit-log tbody tr').count(), path).toBeGreaterThan(10);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(1366);
    }
    await page.goto('/audit?action=card.create');
    expect(await page.locator('table.audit-log details.audit-more').count()).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  });
});
