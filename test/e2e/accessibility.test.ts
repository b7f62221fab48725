/**
 * axe-core on every page of PAGES (test/e2e/pages.ts): no serious or critical violation (WCAG 2.x A/AA and
 * axe best practices). Features append their pages to PAGES; nothing here changes.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCast, type ActorKey, type Cast, type Who } from '../helpers/actors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { PAGES } from './pages.ts';
import { describeViolations, isBlocking, runAxe } from './support/a11y.ts';
import { saveArtifacts, signInThroughForm, useBrowser, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

describe('accessibility (axe-core) of every page', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let cast: Cast;
  const b = useBrowser(() => server.url);
  const states = new Map<Who, Awaited<ReturnType<BrowserContext['storageState']>>>();
  const minor: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    cast = await seedCast(t.db);
    server = await startServer({ databaseUrl: t.url });
  });
  afterAll(async () => {
    if (minor.length) console.info(`[a11y] moderate/minor findings (not blocking):\n${minor.join('\n')}`);
    console.info(`[a11y] ${PAGES.length} pages checked with axe-core`);
    await server?.stop();
    await t?.destroy();
  });

  /** One sign-in per actor; each page then gets a fresh context with that session. */
  async function contextFor(who: Who): Promise<BrowserContext> {
    if (who === 'anonymous') return b.newContext();
    if (!states.has(who)) {
      const ctx = await b.newContext();
      const page = await ctx.newPage();
      const u = cast.users[who as ActorKey];
      await signInThroughForm(page, u.username, u.password);
      states.set(who, await ctx.storageState());
      await ctx.close();
    }
    return b.newContext(states.get(who));
  }

  for (const check of PAGES) {
    it(`${check.name} (${check.as})`, async () => {
      const context = await contextFor(check.as);
      const page = await context.newPage();
      const problems = watchPage(page);
      try {
        const path = typeof check.path === 'function' ? check.path(cast) : check.path;
        const res = await page.goto(path);
        expect(res?.status(), `status of ${path}`).toBe(check.status ?? 200);
        if (check.prepare) await check.prepare(page, cast);
        const violations = await runAxe(page);
        const blocking = violations.filter(isBlocking);
        for (const v of violations.filter((x) => !isBlocking(x))) minor.push(`  ${check.name}: [${v.impact}] ${v.id}`);
        expect(blocking, `serious/critical axe violations on ${check.name}:\n${describeViolations(blocking)}`).toEqual([]);
        expect(problems).toEqual([]);
      } catch (err) {
        await saveArtifacts(page, `a11y-${check.name}`);
        throw err;
      } finally {
        await context.close();
      }
    });
  }
});
