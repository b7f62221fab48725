/// <reference lib="dom" />
/**
 * Every form of FORMS (test/e2e/forms.ts) filled and submitted with the keyboard alone: Tab reaches the form
 * and visits its controls in page order, Enter submits, and after invalid input focus lands on the first field
 * in error.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCast, type ActorKey, type Cast, type Who } from '../helpers/actors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { FORMS, type KeyboardForm } from './forms.ts';
import { focused, tabbableControls } from './support/a11y.ts';
import { saveArtifacts, signInThroughForm, useBrowser, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

/** Reach the form's first control the way a keyboard user would. */
async function reachForm(page: Page, f: KeyboardForm, controls: string[]) {
  if (f.start === 'autofocus') {
    expect(await focused(page), `${f.name}: the first field has focus on arrival`).toBe(controls[0]);
    return;
  }
  for (let i = 0; i < 80; i++) {
    if ((await focused(page)) === controls[0]) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${f.name}: Tab never reached ${controls[0]}`);
}

/** Fill the form by keyboard in tab order and press Enter in the last text field. */
async function fillByKeyboard(page: Page, f: KeyboardForm, values: Record<string, string>) {
  const controls = await tabbableControls(page, f.form);
  await reachForm(page, f, controls);
  const names = controls.filter((c) => /\[name=/.test(c));
  let lastText: string | undefined;
  for (const [i, control] of names.entries()) {
    expect(await focused(page), `${f.name}: Tab order`).toBe(control);
    const name = control.replace(/^.*\[name=(.*)\]$/, '$1');
    const value = values[name];
    if (value !== undefined) {
      if (control.startsWith('select')) {
        const [current, target] = await page.$eval(
          `${f.form} [name="${name}"]`,
          (el, v) => {
            const s = el as HTMLSelectElement;
            return [s.selectedIndex, Array.from(s.options).findIndex((o) => o.value === v)];
          },
          value,
        );
        expect(target, `${f.name}: option ${value} of ${name}`).toBeGreaterThanOrEqual(0);
        for (let k = 0; k < Math.abs(target - current); k++) await page.keyboard.press(target > current ? 'ArrowDown' : 'ArrowUp');
        expect(await page.inputValue(`${f.form} [name="${name}"]`)).toBe(value);
      } else {
        await page.keyboard.press('Control+A');
        if (value === '') await page.keyboard.press('Delete');
        else await page.keyboard.type(value);
        lastText = control;
      }
    }
    if (i < names.length - 1) await page.keyboard.press('Tab');
  }
  // Enter in a text field submits the form (implicit submission); the last control must be one.
  expect(lastText, `${f.name}: the last field is a text field where Enter submits`).toBe(names[names.length - 1]);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

describe('forms with the keyboard alone', () => {
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

  async function contextFor(who: Who): Promise<BrowserContext> {
    const context = await b.newContext();
    if (who !== 'anonymous') {
      const page = await context.newPage();
      const u = cast.users[who as ActorKey];
      await signInThroughForm(page, u.username, u.password);
      await page.close();
    }
    return context;
  }

  FORMS.forEach((f, n) => {
    it(f.name, async () => {
      const context = await contextFor(f.as);
      const page = await context.newPage();
      const problems = watchPage(page);
      const path = typeof f.path === 'function' ? f.path(cast) : f.path;
      try {
        if (f.invalid) {
          await page.goto(path);
          await fillByKeyboard(page, f, f.invalid.values(cast, n));
          expect(await page.locator('.error-summary').count()).toBe(1);
          expect(await focused(page), `${f.name}: focus on the first field in error`).toBe(f.invalid.focus);
        }
        await page.goto(path);
        await fillByKeyboard(page, f, f.values(cast, n));
        expect(new URL(page.url()).pathname, `${f.name}: where Enter leads`).toMatch(f.landsOn);
        expect(await page.locator('.error-summary, .flash-error').count()).toBe(0);
        expect(problems).toEqual([]);
      } catch (err) {
        await saveArtifacts(page, `keyboard-${f.name}`);
        throw err;
      } finally {
        await context.close();
      }
    });
  });
});
