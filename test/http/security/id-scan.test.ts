/**
 * The full-ID-number scanner (test/helpers/id-scan.ts) over every output of every feature, for every role: lists,
 * card pages and their forms, reports in HTML, print, CSV, XLSX (read back as text) and JSON, drill-down lists,
 * rosters and their print views, work orders, subsidy lists, rosters and the bank CSV, the audit log and the home
 * page. The scenario (test/helpers/scenario.ts) puts full numbers on cards in both townships; none may appear
 * anywhere except on the card whose number the user has just revealed (an audited request), and only once.
 * Nor may a number be rebuilt from what one output shows: every masked number in it (pooled with any other mask of
 * the same number there), with her birth date and sex taken as known, must leave many candidate numbers.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_KEYS } from '../../../src/domain/indicators.ts';
import { ACTORS, seedCast, type ActorKey, type Cast } from '../../helpers/actors.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { Client } from '../../helpers/http.ts';
import { maskIdNumber } from '../../../src/domain/id-number.ts';
import { expectNoFullIdNumbers, expectNoRebuildableIdNumbers, fullIdNumbers } from '../../helpers/id-scan.ts';
import { seedScenario, type Scenario } from '../../helpers/scenario.ts';
import { must } from '../../helpers/must.ts';

/** Every output to scan, built from the scenario's records (both townships, so scope answers are scanned too). */
function outputs(cast: Cast, s: Scenario): string[] {
  const r = s.records;
  const w = cast.world;
  const year = s.today.slice(0, 4);
  const statYear = Number(s.today.slice(5, 7)) >= 10 ? Number(year) + 1 : Number(year);
  const reports = (region: string) =>
    [
      `/reports/monthly?region=${region}&month=${s.month}`,
      `/reports/summary?region=${region}&from=2015-01-01&to=${s.today}`,
      `/reports/table1?region=${region}&year=${statYear}`,
      `/reports/table2?region=${region}&year=${statYear}&half=1`,
    ].flatMap((p) => [p, `${p}&print=1`, `${p}&format=csv`, `${p}&format=xlsx`, `${p}&format=json`]);
  const drill = (region: string) => COUNT_KEYS.map((k) => `/reports/people?figure=${k}&region=${region}&from=2015-01-01&to=${s.today}`);
  const complications = (region: string) => {
    const p = `/reports/complications?region=${region}&from=2015-01-01&to=${s.today}`;
    const list = `/reports/complications/people?region=${region}&from=2015-01-01&to=${s.today}`;
    return [p, `${p}&print=1`, `${p}&format=csv`, `${p}&format=xlsx`, list, `${list}&serious=1`];
  };
  const rosters = ['should-adopt', 'double-check', 'follow-ups', 'removals', 'exceptions'].flatMap((k) => [
    `/rosters/${k}`,
    `/rosters/${k}?print=1`,
    ...[w.villageA1.code, w.villageB1.code].flatMap((v) => [`/rosters/${k}?village=${v}`, `/rosters/${k}?village=${v}&print=1`]),
  ]);
  const card = (side: 'A' | 'B') => [
    `/women/${r[`woman${side}`]}`,
    `/women/${r[`exited${side}`]}`,
    `/women/${r[`pregnant${side}`]}`,
    `/women/${r[`moving${side}`]}`,
    `/women/${r[`woman${side}`]}/edit`,
    `/women/${r[`woman${side}`]}/children/new`,
    `/women/${r[`woman${side}`]}/children/${r[`child${side}`]}/edit`,
    `/women/${r[`woman${side}`]}/pregnancies/new`,
    `/women/${r[`pregnant${side}`]}/pregnancies/${r[`preg${side}`]}/close`,
    `/women/${r[`pregnant${side}`]}/contraception/new`,
    `/women/${r[`woman${side}`]}/contraception/${r[`episode${side}`]}/end`,
    `/women/${r[`woman${side}`]}/certificates/new`,
    `/women/${r[`woman${side}`]}/certificates/${r[`cert${side}`]}/revoke`,
    `/women/${r[`woman${side}`]}/transfer`,
    `/women/${r[`woman${side}`]}/exit`,
    `/women/${r[`exited${side}`]}/reactivate`,
    `/women/${r[`woman${side}`]}/services/new`,
    `/follow-ups/${r[`followUp${side}`]}`,
    `/check-rounds/${r[`round${side}`]}`,
    `/check-rounds/${r[`round${side}`]}?print=1`,
    `/check-rounds/${r[`round${side}`]}/results/new?woman=${r[`woman${side}`]}`,
    `/subsidies/applications/${r[`appDraft${side}`]}`,
    `/subsidies/applications/${r[`appDraft${side}`]}/edit`,
    `/subsidies/applications/${r[`appSubmitted${side}`]}`,
    `/subsidies/applications/new?woman=${r[`elder${side}`]}`,
    `/audit?entity=woman&entity_id=${r[`woman${side}`]}`,
    `/work-orders?village=${side === 'A' ? w.villageA1.code : w.villageB1.code}`,
    `/work-orders?village=${side === 'A' ? w.villageA1.code : w.villageB1.code}&print=1`,
  ];
  return [
    '/',
    '/women',
    '/women?status=all',
    '/women?status=exited',
    '/women?status=transferring',
    '/women?q=9901',
    '/women?problems=any',
    '/services',
    '/follow-ups?status=all',
    '/follow-ups?status=all&print=1',
    '/check-rounds',
    '/transfers',
    '/transfers/request',
    '/population',
    `/population?township=${w.townshipA.code}`,
    ...rosters,
    ...reports(w.county.code),
    ...reports(w.townshipA.code),
    ...reports(w.townshipB.code),
    ...drill(w.townshipA.code),
    ...drill(w.townshipB.code),
    ...complications(w.county.code),
    ...complications(w.townshipA.code),
    ...card('A'),
    ...card('B'),
    '/subsidies/applications',
    '/subsidies/applications?status=approved',
    `/subsidies/applications/${r.appApproved}`,
    `/subsidies/roster?year=${year}`,
    `/subsidies/roster?year=${year}&print=1`,
    '/subsidies/audit',
    '/subsidies/programs',
    '/subsidies/payments',
    `/subsidies/payments/${r.batch}`,
    `/subsidies/payments/${r.batch}/export`,
    '/audit',
    '/audit?entity=woman',
  ];
}

/** The body as text: an XLSX workbook is read back cell by cell (a number inside it would not show in the bytes). */
async function asText(body: unknown): Promise<string> {
  if (!Buffer.isBuffer(body)) return String(body ?? '');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.text ?? c.value ?? '')))));
  return cells.join('\n');
}

describe('no full ID number in any list, report, roster, print view or export, for any role', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let cast: Cast;
  let s: Scenario;
  const clients = new Map<ActorKey, Client>();
  /** Every number the register holds: women, spouses, subsidy beneficiaries and payees. */
  let register: string[] = [];
  /** The fewest candidates any output left for any number it showed masked (printed). */
  let fewest = Infinity;
  let exposures = 0;
  const checkRebuild = (text: string, where: string) => {
    const n = expectNoRebuildableIdNumbers(text, where, register, 40);
    if (n < Infinity) exposures += 1;
    fewest = Math.min(fewest, n);
  };

  beforeAll(async () => {
    cast = await seedCast(t.db);
    s = await seedScenario(t.db, cast);
    app = buildTestApp(t.db, t.url);
    const held = await t.db.raw<{ rows: { n: string | null }[] }>(`select id_number as n from women union select spouse_id_number from women
      union select beneficiary_id_number from subsidy_applications union select payee_id_number from subsidy_payments`);
    register = held.rows.map((r) => r.n).filter((n): n is string => !!n);
    for (const who of ACTORS) {
      const c = new Client(app.app);
      await c.login(cast.users[who].username, cast.users[who].password);
      clients.set(who, c);
    }
  });
  afterAll(() => app.close());

  it('scans every output as every role: none shows a full number', async () => {
    const paths = outputs(cast, s);
    const statuses: Record<number, number> = {};
    let scanned = 0;
    let exports = 0;
    for (const who of ACTORS) {
      for (const path of paths) {
        const res = await clients
          .get(who)!
          .get(path)
          .buffer(true)
          .parse(binaryOrText as never);
        expect(res.status, `${path} as ${who}`).toBeLessThan(500);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        const text = await asText(res.body);
        expectNoFullIdNumbers(text, `${path} as ${who}`);
        checkRebuild(text, `${path} as ${who}`);
        if (res.status === 200 && /format=|export/.test(path)) exports += 1;
        scanned += 1;
      }
    }
    // The scan is not blind: the outputs did carry the people (masked), and the database holds full numbers.
    expect(statuses[200]).toBeGreaterThan(paths.length * 3);
    expect(exports).toBeGreaterThan(60);
    expect(fullIdNumbers(JSON.stringify(s.ids))).toHaveLength(Object.keys(s.ids).length);
    expect(register.length).toBeGreaterThan(20);
    expect(exposures).toBeGreaterThan(paths.length);
    console.info(`[security] ID numbers: ${scanned} outputs (${paths.length} URLs × ${ACTORS.length} roles; ${exports} CSV/XLSX/JSON exports), answers ${JSON.stringify(statuses)}, 0 full numbers`);
    console.info(
      `[security] ID numbers: ${exposures} outputs showed register numbers masked (${register.length} numbers held); with birth date and sex known, the fewest candidates left for any of them: ${fewest}`,
    );
  }, 240_000);

  it('the card shows her full number only right after an audited reveal, once, and never the spouse’s', async () => {
    const clerk = clients.get('clerkA')!;
    const id = s.records.womanA;
    const before = await t
      .db('audit_log')
      .where({ action: 'card.reveal_id', entity_id: String(id) })
      .count({ n: '*' });
    expectNoFullIdNumbers((await clerk.get(`/women/${id}`)).text, 'the card before reveal');
    await clerk.refreshToken(`/women/${id}`);
    expect((await clerk.post(`/women/${id}/reveal`, { reason: '群众来办事，核对身份' })).status).toBe(303);
    const revealed = (await clerk.get(`/women/${id}`)).text;
    expect(fullIdNumbers(revealed)).toEqual([s.ids.womanA]);
    expect(revealed).not.toContain(s.ids.spouseA);
    expectNoFullIdNumbers((await clerk.get(`/women/${id}`)).text, 'the card viewed again');
    const after = await t
      .db('audit_log')
      .where({ action: 'card.reveal_id', entity_id: String(id) })
      .count({ n: '*' });
    expect(Number(after[0].n)).toBe(Number(before[0].n) + 1);
  });

  it('the edit form shows the numbers masked; posted back unchanged they are kept, a correction is typed in full', async () => {
    const clerk = clients.get('clerkB')!;
    const id = s.records.womanB;
    const form = await clerk.get(`/women/${id}/edit`);
    expectNoFullIdNumbers(form.text, 'the edit form');
    const $ = (await import('cheerio')).load(form.text);
    const fields: Record<string, string> = {};
    $('form[action^="/women/"] input, form[action^="/women/"] select').each((_i, el) => {
      const name = $(el).attr('name');
      if (name && name !== '_csrf') fields[name] = String($(el).val() ?? '');
    });
    expect(fields.id_number).toBe(maskIdNumber(s.ids.womanB));
    expect(fields.id_number).toBe(`${s.ids.womanB.slice(0, 6)}***********${s.ids.womanB.slice(17)}`);
    await clerk.refreshToken(`/women/${id}/edit`);
    const saved = await clerk.post(`/women/${id}`, { ...fields, phone: '13900000777' });
    expect(saved.status).toBe(303);
    const row = must(await t.db('women').where({ id }).first(), 'card');
    expect(row).toMatchObject({ id_number: s.ids.womanB, spouse_id_number: s.ids.spouseB, phone: '13900000777' });
    // A masked number that is not hers (another card's mask) is refused, not taken as "keep".
    await clerk.refreshToken(`/women/${id}/edit`);
    const other = Object.values(s.ids)
      .map(maskIdNumber)
      .find((m) => m !== fields.id_number)!;
    const refused = await clerk.post(`/women/${id}`, { ...fields, id_number: other, version: String(row.version) });
    expect(refused.status).toBe(422);
    expect((await t.db('women').where({ id }).first())?.id_number).toBe(s.ids.womanB);
  });

  it('the card-list and roster exports (CSV and XLSX) mask every number unless the full numbers are asked for', async () => {
    const targets = ['/exports/women', ...['should-adopt', 'double-check', 'follow-ups', 'removals', 'exceptions'].map((k) => `/exports/rosters/${k}`)];
    let scanned = 0;
    let withPeople = 0;
    for (const who of ACTORS) {
      const c = clients.get(who)!;
      const token = await c.refreshToken('/women');
      for (const path of targets) {
        for (const format of ['csv', 'xlsx']) {
          const res = await c.agent
            .post(path)
            .type('form')
            .send({ _csrf: token, format })
            .redirects(0)
            .buffer(true)
            .parse(binaryOrText as never);
          expect(res.status, `${path} ${format} as ${who}`).toBeLessThan(500);
          const text = await asText(res.body);
          expectNoFullIdNumbers(text, `${path} ${format} as ${who}`);
          checkRebuild(text, `${path} ${format} as ${who}`);
          if (res.status === 200 && /\d{6}\*{11}[\dX]/.test(text)) withPeople += 1;
          scanned += 1;
        }
      }
    }
    // Not blind: the exports carried people (masked) …
    expect(withPeople).toBeGreaterThan(10);
    // … and the same export with the box ticked does carry the full number (and is audited).
    const clerk = clients.get('clerkA')!;
    const token = await clerk.refreshToken('/women');
    const full = await clerk.agent
      .post('/exports/women')
      .type('form')
      .send({ _csrf: token, format: 'csv', full_ids: '1', status: 'all', reason: '与户籍信息比对核实' })
      .redirects(0)
      .buffer(true)
      .parse(binaryOrText as never);
    expect(full.status).toBe(200);
    expect(String(full.body)).toContain(s.ids.womanA);
    expect(await t.db('audit_log').where({ action: 'export.full_ids' }).first()).toMatchObject({ reason: '与户籍信息比对核实' });
    console.info(
      `[security] ID numbers: ${scanned} list and roster exports (${targets.length} exports × 2 formats × ${ACTORS.length} roles), 0 full numbers unless ticked; fewest candidates for a masked number in any output: ${fewest}`,
    );
  }, 120_000);
});

/** Keep XLSX bodies as bytes and everything else as text (supertest's parser hook). */
function binaryOrText(res: NodeJS.ReadableStream & { headers: Record<string, string> }, done: (err: Error | null, body: unknown) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  res.on('end', () => {
    const buf = Buffer.concat(chunks);
    done(null, String(res.headers['content-type'] ?? '').includes('spreadsheetml') ? buf : buf.toString('utf8'));
  });
}
