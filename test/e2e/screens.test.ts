/// <reference lib="dom" />
/**
 * Issue 14 (screens): home, the card list, a card, follow-ups, two rosters and the audit log at 1366×768 and on a
 * phone (390×844, mobile viewport). On each page: no sideways scrolling of the page (scrollWidth within the
 * viewport) and no name in a list broken between its characters (a name cell's text is one line high). Full-page
 * screenshots go to $SCREENS_DIR or os.tmpdir()/fp-screens — never into the repository. The card's 经历 timeline
 * is reached with the keyboard and scrolled with the arrow keys.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordService } from '../../src/features/services/service.ts';
import { seedCast, type ActorKey, type Cast } from '../helpers/actors.ts';
import { TEST_TODAY } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { castActor, seedScenario, type Scenario } from '../helpers/scenario.ts';
import { makeCard } from '../helpers/women.ts';
import { saveArtifacts, signInThroughForm, useBrowser, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

const SCREENS_DIR = process.env.SCREENS_DIR || path.join(os.tmpdir(), 'fp-screens');

const VIEWPORTS = [
  { key: 'desktop-1366', viewport: { width: 1366, height: 768 }, isMobile: false },
  { key: 'phone-390', viewport: { width: 390, height: 844 }, isMobile: true },
] as const;

interface Screen {
  key: string;
  as: ActorKey;
  path: (s: Scenario) => string;
  /** The page lists women: at least one name cell must be there to check. */
  names: boolean;
  /** Another engineer owns this page's content: only the page-level width is asserted. */
  widthOnly?: boolean;
}

const SCREENS: Screen[] = [
  { key: 'home', as: 'clerkA', path: () => '/', names: false },
  { key: 'women', as: 'clerkA', path: () => '/women', names: true },
  { key: 'card', as: 'clerkA', path: (s) => `/women/${s.records.womanA}`, names: true },
  { key: 'follow-ups', as: 'clerkA', path: () => '/follow-ups', names: true },
  { key: 'rosters-removals', as: 'clerkA', path: () => '/rosters/removals', names: true },
  { key: 'rosters-should-adopt', as: 'clerkA', path: () => '/rosters/should-adopt', names: true },
  { key: 'home-admin', as: 'admin', path: () => '/', names: false },
  { key: 'audit', as: 'admin', path: () => '/audit', names: false, widthOnly: true },
  // The village worker works from a phone (issue 16): her village, her reports and the report form.
  { key: 'village', as: 'villageA1', path: () => '/village', names: false },
  { key: 'village-reports', as: 'villageA1', path: () => '/village/reports', names: false },
  { key: 'village-report-new', as: 'villageA1', path: () => '/village/reports/new', names: false },
];

/** Women with long addresses and four-character names, whose IUDs are due (so the removals roster has rows). */
const EXTRA = [
  { name: '欧阳秀英', address: '城关镇东街村第三村民小组幸福路一百二十八号附二号', performed_on: '2018-10-05' },
  { name: '司马春燕', address: '城关镇东街村5组', performed_on: '2018-11-20' },
  { name: '王芳', address: '城关镇东街村新村安置小区七栋二单元502室', performed_on: '2017-06-30' },
];

/** Page-level sideways scroll and name cells, measured in the page. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const lineHeight = (el: Element) => {
      const cs = getComputedStyle(el);
      const lh = parseFloat(cs.lineHeight);
      return Number.isFinite(lh) ? lh : parseFloat(cs.fontSize) * 1.2;
    };
    const names = Array.from(document.querySelectorAll('table.data td.name'))
      .filter((td) => (td as HTMLElement).offsetParent !== null && td.textContent!.trim() !== '')
      .map((td) => {
        // The text's own box (not the cell, which a taller neighbour stretches): one line, or broken?
        const range = document.createRange();
        range.selectNodeContents(td);
        const h = range.getBoundingClientRect().height;
        return { text: td.textContent!.trim(), height: Math.round(h * 10) / 10, line: lineHeight(td) };
      });
    const wide = Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > 391)
      .slice(0, 6)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${Array.from(e.classList).join('.')} ${Math.round(e.getBoundingClientRect().right)}`);
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, names, wide };
  });
}

describe('screens at 1366 px and 390 px', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let cast: Cast;
  let scenario: Scenario;
  const b = useBrowser(() => server.url);

  beforeAll(async () => {
    t = await createTestDatabase();
    cast = await seedCast(t.db);
    scenario = await seedScenario(t.db, cast);
    const clerk = castActor(cast, 'clerkA');
    for (const x of EXTRA) {
      const card = await makeCard(t.db, clerk, cast.world.villageA1.code, { name: x.name, address: x.address, phone: '0571-88886666' });
      await recordService(t.db, clerk, card.id, { kind: 'iud_insertion', performed_on: x.performed_on, facility: '城关镇计划生育服务站' }, { today: TEST_TODAY });
    }
    server = await startServer({ databaseUrl: t.url });
    fs.mkdirSync(SCREENS_DIR, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    console.info(`[screens] screenshots in ${SCREENS_DIR}`);
    await server?.stop();
    await t?.destroy();
  });

  /** A signed-in tab at this viewport; page errors and CSP violations on the way fail the test. */
  async function withTab(as: ActorKey, vp: { key: string; viewport: { width: number; height: number }; isMobile: boolean }, body: (page: Page) => Promise<void>) {
    const context = await b.browser.newContext({ baseURL: server.url, locale: 'zh-CN', viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.isMobile });
    const page = await context.newPage();
    const problems = watchPage(page);
    try {
      await signInThroughForm(page, cast.users[as].username, cast.users[as].password);
      await body(page);
      expect(problems, 'page errors or CSP violations').toEqual([]);
    } catch (err) {
      await saveArtifacts(page, `screens-${vp.key}-${as}`);
      throw err;
    } finally {
      await context.close();
    }
  }

  for (const vp of VIEWPORTS) {
    it(`${vp.key}: every page fits the width, names on one line; screenshots saved`, async () => {
      const failures: string[] = [];
      for (const as of ['clerkA', 'admin'] as const) {
        await withTab(as, vp, async (page) => {
          for (const s of SCREENS.filter((x) => x.as === as)) {
            const url = s.path(scenario);
            const res = await page.goto(url);
            expect(res?.status(), url).toBe(200);
            const file = path.join(SCREENS_DIR, `${vp.key}-${s.key}.png`);
            await page.screenshot({ path: file, fullPage: true, timeout: 120_000 });
            console.info(`[screens] ${file}`);
            const m = await measure(page);
            if (m.scrollWidth > vp.viewport.width) failures.push(`${url} at ${vp.key}: the page scrolls sideways (scrollWidth ${m.scrollWidth} > ${vp.viewport.width}; widest: ${m.wide.join(', ')})`);
            if (s.widthOnly) continue;
            if (s.names && m.names.length === 0) failures.push(`${url} at ${vp.key}: no name cell (td.name) to check`);
            for (const n of m.names) {
              if (n.height > 1.6 * n.line) failures.push(`${url} at ${vp.key}: the name “${n.text}” wraps (${n.height}px high, line ${n.line}px)`);
            }
          }
        });
      }
      expect(failures).toEqual([]);
    }, 240_000);
  }

  it('the card’s 经历 timeline is reached by keyboard and scrolls with the arrow keys', async () => {
    // A short window, so the timeline box is taller than the screen and scrolls on its own.
    await withTab('clerkA', { key: 'timeline', viewport: { width: 1366, height: 240 }, isMobile: false }, async (page) => {
      await page.goto(`/women/${scenario.records.womanA}`);
      const aside = page.locator('aside.card-aside');
      expect(await aside.getAttribute('role')).toBe('region');
      expect(await aside.getAttribute('aria-labelledby')).toBe('h-timeline');
      expect(await page.locator('#h-timeline').textContent()).toBe('经历');
      const scrollable = await aside.evaluate((el) => el.scrollHeight > el.clientHeight);
      expect(scrollable, 'the timeline box must overflow at this height for the test to mean something').toBe(true);
      // Tab through the page until the timeline box has the focus (it follows the card's sections).
      let reached = false;
      for (let i = 0; i < 400 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.classList.contains('card-aside') ?? false);
      }
      expect(reached, 'Tab reaches the 经历 box').toBe(true);
      expect(await aside.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
      const before = await aside.evaluate((el) => el.scrollTop);
      for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
      await page.waitForFunction((top) => document.querySelector('aside.card-aside')!.scrollTop > top, before);
      expect(await aside.evaluate((el) => el.scrollTop)).toBeGreaterThan(before);
    });
  });
});
