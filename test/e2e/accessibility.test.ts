/**
 * axe-core on every page of PAGES (test/e2e/pages.ts): no serious or critical violation (WCAG 2.x A/AA and
 * axe best practices). Features append their pages to PAGES; nothing here changes. The database holds the
 * scenario (test/helpers/scenario.ts) so every page shows real records of both townships.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCast, type ActorKey, type Who } from '../helpers/actors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedScenario } from '../helpers/scenario.ts';
import { PAGES, type Stage } from './pages.ts';
import { describeViolations, isBlocking, runAxe } from './support/a11y.ts';
import { saveArtifacts, signInThroughForm, useBrowser, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('accessibility (axe-core) of every page', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let stage: Stage;
  const b = useBrowser(() => server.url);
  /** One signed-in context and tab per actor, reused page after page (a sign-in per page would double the time). */
  const tabs = new Map<Who, { context: BrowserContext; page: Page; problems: string[] }>();
  const minor: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    const cast = await seedCast(t.db);
    const scenario = await seedScenario(t.db, cast);
    stage = { ...cast, records: scenario.records, today: scenario.today, month: scenario.month };
    server = await startServer({ databaseUrl: t.url });
  });
  afterAll(async () => {
    if (minor.length) console.info(`[a11y] moderate/minor findings (not blocking):\n${minor.join('\n')}`);
    console.info(`[a11y] ${PAGES.length} pages checked with axe-core`);
    for (const tab of tabs.values()) await tab.context.close();
    await server?.stop();
    await t?.destroy();
  });

  async function tabFor(who: Who) {
    if (!tabs.has(who)) {
      const context = await b.newContext();
      const page = await context.newPage();
      const problems = watchPage(page);
      if (who !== 'anonymous') {
        const u = stage.users[who as ActorKey];
        await signInThroughForm(page, u.username, u.password);
      }
      tabs.set(who, { context, page, problems });
    }
    const tab = tabs.get(who)!;
    tab.problems.length = 0;
    return tab;
  }

  for (const check of PAGES) {
    it(`${check.name} (${check.as})`, async () => {
      const { page, problems } = await tabFor(check.as);
      try {
        const path = typeof check.path === 'function' ? check.path(stage) : check.path;
        const res = await page.goto(path);
        expect(res?.status(), `status of ${path}`).toBe(check.status ?? 200);
        if (check.prepare) await check.prepare(page, stage);
        const violations = await runAxe(page);
        const blocking = violations.filter(isBlocking);
        for (const v of violations.filter((x) => !isBlocking(x))) minor.push(`  ${check.name}: [${v.impact}] ${v.id}`);
        expect(blocking, `serious/critical axe violations on ${check.name}:\n${describeViolations(blocking)}`).toEqual([]);
        expect(problems).toEqual([]);
      } catch (err) {
        await saveArtifacts(page, `a11y-${check.name}`);
        throw err;
      }
    });
  }
});
