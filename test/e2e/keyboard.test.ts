/// <reference lib="dom" />
/**
 * Every form of FORMS (test/e2e/forms.ts) filled and submitted with the keyboard alone: Tab reaches the form
 * and visits its controls in page order (links and disclosure widgets inside the form included), values are
 * typed (selects moved with the arrow keys, dates typed as text the way clerks copy them from paper, 2016.10.1 for
 * 2016-10-01 — issue 14), the form is submitted with Enter —
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

/** Leave the focused control with Tab (a few tries: a control that keeps focus on the first Tab is stepped past). */
async function tabOut(page: Page, from: string) {
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    if ((await focused(page)) !== from) return;
  }
}

/** An ISO date as a clerk types it from paper: 2016-10-01 → 2016.10.1 (the server stores it as 2016-10-01). */
const paperSpelling = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(0, 4)}.${Number(iso.slice(5, 7))}.${Number(iso.slice(8, 10))}` : iso);

/** Fill the form by keyboard in tab order and submit it with Enter. */
async function fillByKeyboard(page: Page, f: KeyboardForm, values: Record<string, string>) {
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
      } else if (await page.$eval(selector, (el) => el.hasAttribute('data-date'))) {
        // A date field is a text field: the paper spelling is typed as it is and kept as typed until the server parses it.
        expect(await page.$eval(selector, (el) => (el as HTMLInputElement).type), `${f.name}: ${name} takes typed text`).toBe('text');
        await page.keyboard.press('Control+A');
        if (value === '') await page.keyboard.press('Delete');
        else await page.keyboard.type(paperSpelling(value));
        expect(await page.$eval(selector, (el) => (el as HTMLInputElement).value), `${f.name}: date typed into ${name}`).toBe(paperSpelling(value));
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
          await fillByKeyboard(page, f, f.invalid.values(stage, n));
          expect(await page.locator('.error-summary').count()).toBe(1);
          expect(await focused(page), `${f.name}: focus on the first field in error`).toBe(f.invalid.focus);
        }
        await page.goto(path);
        await fillByKeyboard(page, f, f.values(stage, n));
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
