/// <reference lib="dom" />
/**
 * Every form of FORMS (test/e2e/forms.ts) filled and submitted with the keyboard alone: Tab reaches the form
 * and visits its controls in page order (links and disclosure widgets inside the form included), values are
 * typed (selects moved with the arrow keys, dates typed segment by segment), the form is submitted with Enter —
 * in its last field when that is a text field, else on the submit button reached with Tab — and after invalid
 * input focus lands on the first field in error. The database holds the scenario's records
 * (test/helpers/scenario.ts) so the register's forms open real cards.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCast, type ActorKey, type Who } from '../helpers/actors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { seedScenario } from '../helpers/scenario.ts';
import { FORMS, type KeyboardForm } from './forms.ts';
import type { Stage } from './pages.ts';
import { focused, tabbableControls } from './support/a11y.ts';
import { saveArtifacts, signInThroughForm, useBrowser, watchPage } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

/** Reach the form's first control the way a keyboard user would. */
async function reachForm(page: Page, f: KeyboardForm, controls: string[]) {
  if (f.start === 'autofocus') {
    expect(await focused(page), `${f.name}: the first field has focus on arrival`).toBe(controls[0]);
    return;
  }
  for (let i = 0; i < 120; i++) {
    if ((await focused(page)) === controls[0]) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${f.name}: Tab never reached ${controls[0]}`);
}

/** Leave the focused control with Tab (a date field takes one Tab per segment). */
async function tabOut(page: Page, from: string) {
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)) !== from) return;
  }
}

type DateOrder = ('y' | 'm' | 'd')[];

/** The order in which this Chromium's date field takes year, month and day (it follows the browser's locale). */
async function dateOrder(context: BrowserContext): Promise<DateOrder> {
  const probe = await context.newPage();
  await probe.setContent('<input type="date" id="d">');
  await probe.focus('#d');
  await probe.keyboard.type('11');
  await probe.keyboard.type('12');
  await probe.keyboard.type('2003');
  const v = await probe.inputValue('#d');
  await probe.close();
  return v === '2003-11-12' ? ['m', 'd', 'y'] : v === '2003-12-11' ? ['d', 'm', 'y'] : ['y', 'm', 'd'];
}

/** Type an ISO date into the focused date field, segment by segment (month and day move on by themselves). */
async function typeDate(page: Page, iso: string, order: DateOrder) {
  const [y, m, d] = iso.split('-');
  for (const part of order) {
    if (part === 'y') {
      await page.keyboard.type(y);
      // A year takes up to six digits: move on explicitly unless it is the last segment.
      if (order[2] !== 'y') await page.keyboard.press('ArrowRight');
    } else await page.keyboard.type(part === 'm' ? m : d);
  }
}

/** Fill the form by keyboard in tab order and submit it with Enter. */
async function fillByKeyboard(page: Page, f: KeyboardForm, values: Record<string, string>, order: DateOrder) {
  const controls = await tabbableControls(page, f.form);
  await reachForm(page, f, controls);
  const lastIndex = controls.map((c) => /\[name=/.test(c)).lastIndexOf(true);
  const last = controls[lastIndex];
  for (const [i, control] of controls.entries()) {
    expect(await focused(page), `${f.name}: Tab order`).toBe(control);
    const name = /\[name=(.*)\]$/.exec(control)?.[1];
    const value = name === undefined ? undefined : values[name];
    const selector = `${f.form} [name="${name}"]:focus`;
    if (value !== undefined) {
      if (control.startsWith('select')) {
        const [current, target] = await page.$eval(
          selector,
          (el, v) => {
            const s = el as HTMLSelectElement;
            return [s.selectedIndex, Array.from(s.options).findIndex((o) => o.value === v)];
          },
          value,
        );
        expect(target, `${f.name}: option ${value} of ${name}`).toBeGreaterThanOrEqual(0);
        for (let k = 0; k < Math.abs(target - current); k++) await page.keyboard.press(target > current ? 'ArrowDown' : 'ArrowUp');
        expect(await page.$eval(selector, (el) => (el as HTMLSelectElement).value)).toBe(value);
      } else if ((await page.$eval(selector, (el) => (el as HTMLInputElement).type)) === 'date') {
        await typeDate(page, value, order);
        expect(await page.$eval(selector, (el) => (el as HTMLInputElement).value), `${f.name}: date typed into ${name}`).toBe(value);
      } else {
        await page.keyboard.press('Control+A');
        if (value === '') await page.keyboard.press('Delete');
        else await page.keyboard.type(value);
      }
    }
    if (i === lastIndex) break;
    await tabOut(page, control);
  }
  // Enter in a text field submits the form (implicit submission); a form ending in a text area or a choice is
  // submitted from its button, reached with Tab.
  const lastIsText =
    /^input\[/.test(last) &&
    (await page.$eval(`${f.form} [name="${/\[name=(.*)\]$/.exec(last)![1]}"]:focus`, (el) => !['checkbox', 'radio'].includes((el as HTMLInputElement).type)).catch(() => false));
  if (!lastIsText) {
    for (let k = 0; k < 10 && !(await page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.type === 'submit')); k++) await tabOut(page, await focused(page));
    expect(await page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.type), `${f.name}: Tab reaches the submit button`).toBe('submit');
  }
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

describe('forms with the keyboard alone', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let stage: Stage;
  let order: DateOrder;
  const b = useBrowser(() => server.url);

  beforeAll(async () => {
    t = await createTestDatabase();
    const cast = await seedCast(t.db);
    const scenario = await seedScenario(t.db, cast);
    stage = { ...cast, records: scenario.records, today: scenario.today, month: scenario.month };
    server = await startServer({ databaseUrl: t.url });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  async function contextFor(who: Who): Promise<BrowserContext> {
    const context = await b.newContext();
    order ??= await dateOrder(context);
    if (who !== 'anonymous') {
      const page = await context.newPage();
      const u = stage.users[who as ActorKey];
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
      const path = typeof f.path === 'function' ? f.path(stage) : f.path;
      try {
        if (f.invalid) {
          await page.goto(path);
          await fillByKeyboard(page, f, f.invalid.values(stage, n), order);
          expect(await page.locator('.error-summary').count()).toBe(1);
          expect(await focused(page), `${f.name}: focus on the first field in error`).toBe(f.invalid.focus);
        }
        await page.goto(path);
        await fillByKeyboard(page, f, f.values(stage, n), order);
        expect(new URL(page.url()).pathname, `${f.name}: where Enter leads`).toMatch(f.landsOn);
        expect(await page.locator('.error-summary, .flash-error').count()).toBe(0);
        if (f.saved) await f.saved(t.db, stage, n);
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
