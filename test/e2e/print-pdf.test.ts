/**
 * Paper a village can use: the print views printed to PDF by Chromium (as a supervisor's "Save as PDF" does,
 * A4 and the page's own @page size), then read back with poppler (pdfinfo for the page count, pdftotext -layout
 * for the text). A township of 18 villages, 12 of them with people on the month's lists, one with more than a
 * page. Asserted: page counts (a page per village with rows, never one for a village without; the monthly report
 * on 2 pages), every seeded name whole on one line (no name broken a character a line), each village's pages
 * headed "第 x 页 共 y 页" and ending with a signature line, and the 合计 row and the signatures on the page of
 * the table they close — also for 东山镇's 45 villages, where the official table runs over a page and its header
 * rows must repeat. The PDFs go to a temporary folder (named in the log), never into the repository.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { seedCast, type Cast } from '../helpers/actors.ts';
import { createApplication, decideApplication, submitApplication } from '../../src/features/applications/service.ts';
import { TEST_TODAY } from '../helpers/clock.ts';
import { castActor } from '../helpers/scenario.ts';
import { makeCard } from '../helpers/women.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { describeViolations, isBlocking, runAxe } from './support/a11y.ts';
import { signInThroughForm, useBrowser } from './support/browser.ts';
import { seedPrintTownship, type PrintWorld } from './support/print-seed.ts';
import { startServer, type RunningServer } from './support/server.ts';

interface Printed {
  pages: string[];
  text: string;
  /** How many printed sheets (section.sheet) the HTML holds: each must be exactly one sheet of paper. */
  sheets: number;
}

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-print-'));
const month = TEST_TODAY.slice(0, 7);

/** Open a print view, print it to PDF as Chromium's print dialog would, and read the PDF back page by page. */
async function printToPdf(page: Page, url: string, name: string): Promise<Printed> {
  const res = await page.goto(url);
  expect(res?.status(), url).toBe(200);
  const file = path.join(outDir, `${name}.pdf`);
  await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true });
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  const pages: string[] = [];
  for (let p = 1; p <= count; p += 1) pages.push(execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' }));
  return { pages, text: pages.join('\n'), sheets: await page.locator('section.sheet').count() };
}

/** Every name appears whole on some line: a name broken one character a line would not. */
function expectNamesWhole(doc: Printed, names: string[]) {
  const lines = doc.text.split('\n');
  const broken = names.filter((n) => !lines.some((l) => l.includes(n)));
  expect(broken, 'names not found whole on one line').toEqual([]);
}

/**
 * The pages of a village sheet print: one paper page per sheet (so the numbering printed is true), each page
 * headed with the township, its village and "第 x 页 共 y 页" counted within the village (1, 2 … y in order),
 * and a signature line on the village's last page. Returns each village's page count.
 */
function expectVillagePages(doc: Printed, villageNames: string[], heading: string): Map<string, number> {
  expect(doc.pages.length, 'one paper page per printed sheet').toBe(doc.sheets);
  const counts = new Map<string, number>();
  let expectNext: { village: string; no: number; of: number } | null = null;
  for (const [i, text] of doc.pages.entries()) {
    expect(text, `page ${i + 1} heading`).toContain(heading);
    const v = villageNames.find((n) => new RegExp(`城关镇\\s*${n}\\s`).test(text));
    expect(v, `page ${i + 1} names its village:\n${text.slice(0, 400)}`).toBeDefined();
    const m = /第\s*(\d+)\s*页\s*共\s*(\d+)\s*页/.exec(text);
    expect(m, `page ${i + 1} of ${v} numbered`).not.toBeNull();
    const [no, of] = [Number(m![1]), Number(m![2])];
    expect({ village: v, no, of }, `page ${i + 1}`).toEqual(expectNext ?? { village: v, no: 1, of });
    expectNext = no < of ? { village: v!, no: no + 1, of } : null;
    if (no === of) {
      expect(text, `signature line on the last page of ${v}`).toMatch(/签字/);
      counts.set(v!, of);
    } else expect(text, `no signatures before the last page of ${v}`).not.toMatch(/签字/);
  }
  expect(expectNext, 'the last village printed all its pages').toBeNull();
  expect([...counts.keys()].sort(), 'each village with rows printed once, no other').toEqual([...villageNames].sort());
  return counts;
}

describe('print views printed to PDF (A4)', () => {
  let t: TestDatabase;
  let server: RunningServer;
  let cast: Cast;
  let w: PrintWorld;
  const b = useBrowser(() => server.url);
  const withRows = (m: Map<string, string[]>) => w.villages.filter((v) => m.has(v.code));
  const namesOf = (m: Map<string, string[]>) => [...m.values()].flat();
  const bigName = () => w.villages.find((v) => v.code === w.bigVillage)!.name;

  beforeAll(async () => {
    t = await createTestDatabase();
    cast = await seedCast(t.db);
    w = await seedPrintTownship(t.db, cast, TEST_TODAY);
    server = await startServer({ databaseUrl: t.url });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
    console.info(`[print] PDFs in ${outDir}`);
  });

  async function signedIn(page: Page) {
    await signInThroughForm(page, cast.users.supA.username, cast.users.supA.password);
  }

  b.test('应措花名册: a page per village with rows (more for the big one), names whole, numbered per village', async ({ page }) => {
    await signedIn(page);
    const doc = await printToPdf(page, `/rosters/should-adopt?month=${month}&print=1`, 'should-adopt');
    const villages = withRows(w.women);
    expect(villages.length).toBe(12);
    expectNamesWhole(doc, namesOf(w.women));
    const counts = expectVillagePages(
      doc,
      villages.map((v) => v.name),
      '应措花名册',
    );
    // 46 women with two-line addresses: four pages; every other village (at most 7) one.
    expect(counts.get(bigName())).toBe(4);
    expect(doc.pages.length).toBe(villages.length + 3);
  });

  b.test('随访名单 and 到期取环名单: only villages with rows, names whole', async ({ page }) => {
    await signedIn(page);
    const fu = await printToPdf(page, `/rosters/follow-ups?month=${month}&print=1`, 'follow-ups');
    expectNamesWhole(fu, namesOf(w.followUps));
    const counts = expectVillagePages(
      fu,
      withRows(w.followUps).map((v) => v.name),
      '随访名单',
    );
    // 23 follow-ups with two-line addresses in the big village: two pages.
    expect(counts.get(bigName())).toBe(2);
    expect(fu.pages.length).toBe(withRows(w.followUps).length + 1);
    const rm = await printToPdf(page, `/rosters/removals?month=${month}&print=1`, 'removals');
    expect(rm.pages.length).toBe(withRows(w.removals).length);
    expectNamesWhole(rm, namesOf(w.removals));
    expectVillagePages(
      rm,
      withRows(w.removals).map((v) => v.name),
      '取环',
    );
  });

  b.test('服务信息单, all villages in one job: a village a sheet, headed and signed per village', async ({ page }) => {
    await signedIn(page);
    const one = await printToPdf(page, `/work-orders?village=${w.villages[0].code}&month=${month}&print=1`, 'work-order-one');
    expect(one.pages.length).toBe(1);
    expectNamesWhole(one, w.women.get(w.villages[0].code)!);
    const all = await printToPdf(page, `/work-orders?month=${month}&print=1`, 'work-orders-all');
    const villages = w.villages.filter((v) => w.women.has(v.code) || w.removals.has(v.code));
    // The big village's sheet runs to more pages (随访 and 应措 of 46 women); every other village is one page.
    const counts = expectVillagePages(
      all,
      villages.map((v) => v.name),
      '服务信息单',
    );
    const bigPages = counts.get(bigName())!;
    expect(bigPages).toBeGreaterThan(1);
    expect(all.pages.length).toBe(villages.length - 1 + bigPages);
    expectNamesWhole(all, [...namesOf(w.women), ...namesOf(w.removals)]);
    // The new print view reads as well as the others (axe-core, as accessibility.test.ts runs it).
    const blocking = (await runAxe(page)).filter(isBlocking);
    expect(blocking, describeViolations(blocking)).toEqual([]);
  });

  b.test('月报表 of the township: 2 pages, headers on each, 合计 and signatures with their table', async ({ page }) => {
    await signedIn(page);
    const doc = await printToPdf(page, `/reports/monthly?region=${cast.world.townshipA.code}&month=${month}&print=1`, 'monthly');
    // Two parts (人口与出生, 节育手术与避孕节育), a page each — it was 5 pages, with the last village, 合计 and
    // the signatures spilling over, and the charts on a page of their own.
    expect(doc.pages.length).toBe(2);
    for (const [i, text] of doc.pages.entries()) {
      expect(text, `page ${i + 1}`).toContain('计划生育月报表');
      expect(text, `page ${i + 1} has the header`).toContain('地区');
      expect(text, `page ${i + 1} has its 合计`).toContain('合计');
      expect(text, `page ${i + 1} has the signatures`).toContain('单位负责人');
      for (const v of w.villages) expect(text, `page ${i + 1} lists ${v.name}`).toContain(v.name);
    }
  });

  b.test('月报表 of a township of 45 villages: headers repeat on each page, 合计 and signatures never alone', async ({ page }) => {
    await signInThroughForm(page, cast.users.countySup.username, cast.users.countySup.password);
    const doc = await printToPdf(page, `/reports/monthly?region=${cast.world.townshipB.code}&month=${month}&print=1`, 'monthly-45');
    // Each of the two parts runs over a page: more pages than sheets, every one with the header rows.
    expect(doc.pages.length).toBeGreaterThan(doc.sheets);
    expect(doc.pages.length).toBeLessThanOrEqual(4);
    for (const [i, text] of doc.pages.entries()) {
      expect(text, `page ${i + 1} repeats the header rows`).toMatch(/地区/);
      const lines = text.split('\n');
      // The 合计 row (figures after it), not the 合计 column heading.
      const total = lines.findIndex((l) => /^\s*合计\s+\d/.test(l));
      const signed = lines.findIndex((l) => l.includes('单位负责人'));
      if (total >= 0) {
        // Village rows above the 合计 on its page (the row is kept with the previous rows).
        expect(
          lines.slice(0, total).some((l) => /^\s*东山\d+村|^\s*上河村/.test(l)),
          `page ${i + 1}: 合计 with village rows`,
        ).toBe(true);
        expect(signed, `page ${i + 1}: signatures on the page of the 合计`).toBeGreaterThan(total);
      } else expect(signed, `page ${i + 1}: no signatures away from the 合计`).toBe(-1);
    }
    const all = doc.text;
    for (const v of w.townshipBVillages) expect(all).toContain(v);
  });

  b.test('证件: 婚育证明 on one A5 sheet and 生育登记 on one A4 sheet, with the number and the name', async ({ page }) => {
    const clerk = castActor(cast, 'clerkA');
    const sup = castActor(cast, 'supA');
    const approved = async (kind: 'migrant_certificate' | 'birth_registration', name: string, evidence: string[]) => {
      const woman = await makeCard(t.db, clerk, cast.world.villageA1.code, { name });
      const draft = await createApplication(t.db, clerk, woman.id, { kind, ...(kind === 'birth_registration' ? { child_order: 1 } : {}), applicant: 'self', evidence: evidence as never });
      const sub = await submitApplication(t.db, clerk, draft.id, { version: draft.version }, TEST_TODAY);
      return decideApplication(t.db, sup, draft.id, 'approve', { version: sub.version }, TEST_TODAY);
    };
    const migrant = await approved('migrant_certificate', '欧阳秀英', ['id_card', 'marriage_certificate', 'photo', 'village_certification']);
    const birth = await approved('birth_registration', '司马桂兰', ['hukou_booklet', 'id_card', 'marriage_certificate']);
    await signedIn(page);
    for (const [app, name, size] of [
      [migrant, '欧阳秀英', 'A5'],
      [birth, '司马桂兰', 'A4'],
    ] as const) {
      const doc = await printToPdf(page, `/applications/${app.id}/print`, `certificate-${app.kind}`);
      expect(doc.pages.length, `${app.kind} on one sheet`).toBe(1);
      expect(doc.text).toContain(app.number!);
      expectNamesWhole(doc, [name]);
      const file = path.join(outDir, `certificate-${app.kind}.pdf`);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      const [, wPt, hPt] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
      // A5 is 420 × 595 pt, A4 595 × 842 pt (portrait), within a point.
      const expected = size === 'A5' ? [420, 595] : [595, 842];
      expect([Math.round(Number(wPt)), Math.round(Number(hPt))].map((v, i) => Math.abs(v - expected[i]!) <= 1)).toEqual([true, true]);
    }
  });

  for (const table of ['table1', 'table2']) {
    b.test(`${table} of the township: each part on one page with its header, 合计 and signatures`, async ({ page }) => {
      await signedIn(page);
      const doc = await printToPdf(page, `/reports/${table}?region=${cast.world.townshipA.code}&year=${TEST_TODAY.slice(0, 4)}&print=1`, table);
      expect(doc.pages.length).toBe(doc.sheets);
      for (const [i, text] of doc.pages.entries()) {
        expect(text, `page ${i + 1} has the header`).toContain('地区');
        expect(text, `page ${i + 1} has its 合计`).toContain('合计');
        expect(text, `page ${i + 1} has the signatures`).toContain('单位负责人');
        for (const v of w.villages) expect(text, `page ${i + 1} lists ${v.name}`).toContain(v.name);
      }
    });
  }
});
