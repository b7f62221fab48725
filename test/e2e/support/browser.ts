/**
 * Debian's Chromium through playwright-core (never a downloaded browser). One browser per test file, a fresh
 * context per test. `browserTest` wraps `it`: when the body throws, a screenshot and the page's HTML go to
 * test/.artifacts/; after a passing body, any page error or CSP violation seen on the way fails the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { root } from './server.ts';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const artifactsDir = path.join(root, 'test', '.artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export interface FlowContext {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and CSP reports seen so far in this test. */
  problems: string[];
}

export interface BrowserHandle {
  readonly browser: Browser;
  /** A context on `baseURL()`, optionally signed in from a saved storage state. */
  newContext(storageState?: Awaited<ReturnType<BrowserContext['storageState']>>): Promise<BrowserContext>;
}

function safeName(name: string): string {
  return name.replace(/[^\p{L}\p{N}_-]+/gu, '_').slice(0, 80);
}

/** Save what the page showed when a test failed. Returns the files written. */
export async function saveArtifacts(page: Page, name: string): Promise<string[]> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const base = path.join(artifactsDir, `${safeName(name)}-${Date.now()}`);
  const written: string[] = [];
  try {
    await page.screenshot({ path: `${base}.png`, fullPage: true });
    written.push(`${base}.png`);
  } catch {
    // page already gone
  }
  try {
    fs.writeFileSync(`${base}.html`, `<!-- ${page.url()} -->\n${await page.content()}`);
    written.push(`${base}.html`);
  } catch {
    // page already gone
  }
  return written;
}

/**
 * Launch Chromium for this file (beforeAll) and close it (afterAll). `baseURL` is read when a context is made,
 * so it may come from a server started in a later beforeAll.
 */
export function useBrowser(baseURL: () => string): BrowserHandle & { test: typeof browserTestFn } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  const handle: BrowserHandle = {
    get browser() {
      if (!browser) throw new Error('browser not launched yet');
      return browser;
    },
    newContext: (storageState) => handle.browser.newContext({ baseURL: baseURL(), locale: 'zh-CN', storageState }),
  };
  function browserTestFn(name: string, body: (ctx: FlowContext) => Promise<void>, timeout?: number) {
    it(
      name,
      async () => {
        const context = await handle.newContext();
        const page = await context.newPage();
        const problems = watchPage(page);
        try {
          await body({ page, context, problems });
          if (problems.length) throw new Error(`the browser reported problems:\n${problems.join('\n')}`);
        } catch (err) {
          const files = await saveArtifacts(page, name);
          if (err instanceof Error && files.length) err.message += `\n(artifacts: ${files.map((f) => path.relative(root, f)).join(', ')})`;
          throw err;
        } finally {
          await context.close();
        }
      },
      timeout,
    );
  }
  return Object.assign(handle, { test: browserTestFn });
}

/** Collect page errors, console errors (CSP violations appear there) for a page. */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // A 4xx page is an expected answer in several flows; Chromium logs its status as a console error.
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    problems.push(`console: ${text}`);
  });
  return problems;
}

/** Sign in through the real form (the page ends wherever the app sends it). */
export async function signInThroughForm(page: Page, username: string, password: string) {
  await page.goto('/login');
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await submitAndWait(page, () => page.click('form[action="/login"] button[type=submit]'));
}

/** The session cookie as the browser holds it. */
export async function sessionCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === 'fp.sid');
}

/** Run an action that submits a form or follows a link and wait for the next document to load. */
export async function submitAndWait(page: Page, action: () => Promise<unknown>) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
}
