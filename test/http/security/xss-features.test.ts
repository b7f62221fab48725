/**
 * Stored payloads through every free-text field of the features, entered through the forms as their users
 * would: the card (name, address, hukou place, spouse, migrant place), child (name, permit number), service
 * (facility, provider, findings, notes), follow-up (result, note), certificate number, pregnancy and method
 * notes, exit note and reactivation reason, the reason for revealing a full ID number, transfer reason and refusal note, double-check excuse, subsidy
 * application (bank name, note; a beneficiary whose name is the payload), review opinion, month-close comment,
 * subsidy standard note. After each payload every page that may show them — card, lists, timeline and audit,
 * rosters and print views, work orders, drill-down, report, subsidy pages, home — must show them as text:
 * no unescaped copy, no element, script, handler or javascript: URL that the portal does not render itself.
 * Each field must be seen (escaped) on the pages declared in SHOWN, so the check cannot pass by looking away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.ts';
import { seedCast, type ActorKey, type Cast } from '../../helpers/actors.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { Client } from '../../helpers/http.ts';
import { seedScenario, type Scenario } from '../../helpers/scenario.ts';
import { REWARD_EVIDENCE, rewardEligibleWoman } from '../../helpers/subsidy-fixtures.ts';
import { cardFields } from '../../helpers/women.ts';
import { PAYLOADS, marked, markupProblems, showsEscaped, showsRaw } from '../../helpers/xss.ts';
import { must } from '../../helpers/must.ts';

/** Where each field must be seen, escaped (page keys as in `pages()`). */
const SHOWN: Record<string, string[]> = {
  name: [
    'card',
    'card form',
    'women list',
    'audit',
    'services',
    'follow-ups',
    'follow-ups print',
    'drill-down',
    'roster',
    'roster print',
    'exceptions',
    'exceptions print',
    'work order print',
    'round',
  ],
  address: ['card', 'card form', 'audit', 'work order print'],
  hukou_place: ['card', 'card form', 'audit'],
  spouse_name: ['card', 'card form', 'audit', 'roster'],
  migrant_place: ['card', 'card form', 'audit'],
  child_name: ['card', 'audit'],
  permit_no: ['card'],
  facility: ['card', 'services', 'audit'],
  provider: ['card', 'audit'],
  findings: ['card', 'services'],
  service_notes: ['card'],
  follow_up_result: ['card', 'follow-ups', 'follow-ups print', 'audit'],
  certificate_number: ['card', 'audit'],
  reveal_reason: ['card', 'audit'],
  pregnancy_notes: ['card 2'],
  episode_notes: ['card 2'],
  exit_note: ['card 2', 'audit'],
  reactivate_reason: ['card 2', 'audit'],
  transfer_reason: ['card 3', 'audit'],
  reject_note: ['card 3', 'audit'],
  excuse_reason: ['round', 'audit'],
  elder_name: ['application', 'application form', 'applications', 'audit'],
  bank_name: ['application', 'application form', 'audit'],
  application_note: ['application', 'application form', 'audit'],
  opinion: ['application', 'audit'],
  return_comment: ['monthly report', 'audit'],
  standard_note: ['program', 'audit'],
};

describe('stored payloads in every feature’s text fields render inert everywhere they show', () => {
  const t = useTestDatabase();
  let app: TestApp;
  let cast: Cast;
  let s: Scenario;
  const c = {} as Record<ActorKey, Client>;
  /** Every stored value so far, by field: each page is checked against all of them. */
  const stored: { field: string; value: string }[] = [];
  const seen = new Map<string, Set<string>>();
  const problems: string[] = [];
  let renders = 0;
  let submissions = 0;

  beforeAll(async () => {
    cast = await seedCast(t.db);
    s = await seedScenario(t.db, cast);
    app = buildTestApp(t.db, t.url);
    for (const who of ['clerkA', 'supA', 'clerkB', 'countySup', 'admin'] as ActorKey[]) {
      c[who] = new Client(app.app);
      await c[who].login(cast.users[who].username, cast.users[who].password);
      await c[who].refreshToken('/account/password');
    }
  });
  afterAll(async () => {
    console.info(
      `[security] XSS (features): ${submissions} form submissions, ${stored.length} stored values in ${Object.keys(SHOWN).length} fields, ${renders} page renders checked, ${problems.length} live payloads`,
    );
    await app.close();
  });

  /** Post a form; 303 expected. Any other answer is a failure (its page is still checked for live payloads). */
  async function post(who: ActorKey, path: string, body: Record<string, string | string[]>) {
    submissions += 1;
    const res = await c[who].post(path, body);
    if (res.status !== 303) {
      check(`${path} (refused)`, res.text, 'refusal');
      throw new Error(`${path} answered ${res.status}: ${res.text.match(/<ul class="error-list">[\s\S]*?<\/ul>/)?.[0] ?? res.text.slice(0, 300)}`);
    }
    return res.headers.location as string;
  }

  function keep(field: string, value: string) {
    stored.push({ field, value });
    return value;
  }

  function check(key: string, html: string, pageKey: string) {
    renders += 1;
    for (const p of markupProblems(html)) problems.push(`${key}: ${p}`);
    for (const v of stored) {
      if (showsRaw(html, v.value)) problems.push(`${key}: ${v.field} unescaped: ${JSON.stringify(v.value)}`);
      if (showsEscaped(html, v.value)) {
        if (!seen.has(v.field)) seen.set(v.field, new Set());
        seen.get(v.field)!.add(pageKey);
      }
    }
  }

  async function page(who: ActorKey, path: string, pageKey: string) {
    const res = await c[who].get(path);
    expect(res.status, `${path} as ${who}`).toBe(200);
    check(`${path} as ${who}`, res.text, pageKey);
  }

  it('every payload of the corpus through every field, every page checked', async () => {
    const today = s.today;
    const year = today.slice(0, 4);
    for (const [i, payload] of PAYLOADS.entries()) {
      const v = (field: string, max: number) => keep(field, marked(payload, max));
      // The card, then what happens to her: a child, an IUD insertion, its first follow-up, a certificate.
      const name = v('name', 50);
      const fields = cardFields(cast.world.villageA1.code, {
        name,
        address: v('address', 200),
        hukou_place: v('hukou_place', 100),
        spouse_name: v('spouse_name', 50),
        migrant_status: 'outflow',
        migrant_place: v('migrant_place', 100),
        migrant_since: '2025-06-01',
      });
      const card = Number((await post('clerkA', '/women', fields)).match(/\/women\/(\d+)/)![1]);
      await post('clerkA', `/women/${card}/children`, { name: v('child_name', 50), sex: 'female', birth_date: '2016-05-01', vital_status: 'living', permit_no: v('permit_no', 50) });
      // Inserted this month, so she leaves the 应措 roster this month and shows (with her spouse) among its 核减.
      await post('clerkA', `/women/${card}/services`, {
        kind: 'iud_insertion',
        performed_on: `${today.slice(0, 7)}-01`,
        facility: v('facility', 100),
        provider: v('provider', 50),
        findings: v('findings', 200),
        notes: v('service_notes', 200),
        complication: 'none',
      });
      const followUp = await t.db('follow_ups').where({ woman_id: card }).orderBy('due_on').first('id');
      await post('clerkA', `/follow-ups/${must(followUp, 'follow-up').id}/done`, { done_on: today, result: v('follow_up_result', 200), note: '已随访' });
      await post('clerkA', `/women/${card}/certificates`, { kind: 'only_child_glory', number: v('certificate_number', 50), issued_on: '2017-01-01' });
      await post('clerkA', `/women/${card}/reveal`, { reason: v('reveal_reason', 200) });

      // A second card: a pregnancy that ends, a method, an exit and a reactivation, a double-check excuse.
      const card2 = Number((await post('clerkA', '/women', cardFields(cast.world.villageA1.code, { name: `${name.slice(0, 40)}乙` }))).match(/\/women\/(\d+)/)![1]);
      await post('clerkA', `/women/${card2}/pregnancies`, { found_on: addDays(today, -40), notes: v('pregnancy_notes', 200) });
      const preg = await t.db('pregnancies').where({ woman_id: card2 }).first('id');
      await post('clerkA', `/women/${card2}/pregnancies/${must(preg, 'pregnancy').id}/close`, { outcome: 'miscarriage', outcome_date: addDays(today, -30) });
      await post('clerkA', `/women/${card2}/contraception`, { method: 'condom', started_on: addDays(today, -20), notes: v('episode_notes', 200) });
      const version = async (id: number) => {
        const row = await t.db('women').where({ id }).first('version');
        return String(must(row, 'card').version);
      };
      await post('clerkA', `/women/${card2}/exit`, { exit_reason: 'other', exit_date: addDays(today, -10), exit_note: v('exit_note', 200), version: await version(card2) });
      await post('clerkA', `/women/${card2}/reactivate`, { reason: v('reactivate_reason', 200), version: await version(card2) });
      const id2 = await t.db('women').where({ id: card2 }).first('id_number');
      await post('clerkA', `/check-rounds/${s.records.roundA}/add`, { id_number: must(id2, 'card').id_number });
      await post('clerkA', `/check-rounds/${s.records.roundA}/excuse`, { woman_id: String(card2), reason: v('excuse_reason', 200) });

      // A third card sent to township B, which refuses it.
      const card3 = Number((await post('clerkA', '/women', cardFields(cast.world.villageA1.code, { name: `${name.slice(0, 40)}丙` }))).match(/\/women\/(\d+)/)![1]);
      await post('clerkA', `/women/${card3}/transfer`, { village: cast.world.villageB1.code, moved_on: today, reason: v('transfer_reason', 200) });
      const transfer = await t.db('transfers').where({ woman_id: card3 }).first('id');
      await post('clerkB', `/transfers/${must(transfer, 'transfer').id}/reject`, { note: v('reject_note', 200) });

      // A subsidy application for an elder whose name is the payload (from an import), returned by the township.
      const elder = await rewardEligibleWoman(t.db, cast.world.villageA1.id, v('elder_name', 50));
      const appLoc = await post('clerkA', '/subsidies/applications', {
        woman: String(elder.id),
        program: 'reward_assistance',
        year,
        beneficiary: 'woman',
        account_holder: elder.name,
        bank_name: v('bank_name', 60),
        bank_account: '6230 5200 1234 5678 901',
        note: v('application_note', 500),
        evidence: REWARD_EVIDENCE,
      });
      const app = Number(appLoc.match(/(\d+)$/)![1]);
      const appVersion = async () => {
        const row = await t.db('subsidy_applications').where({ id: app }).first('version');
        return String(must(row, 'application').version);
      };
      await post('clerkA', `/subsidies/applications/${app}/submit`, { version: await appVersion() });
      await post('supA', `/subsidies/applications/${app}/return`, { opinion: v('opinion', 500), version: await appVersion() });

      // The month: submitted by A, returned by the county with a comment.
      await post('supA', '/reports/monthly/submit', { region: cast.world.townshipA.code, month: s.month });
      await post('countySup', '/reports/monthly/return', { region: cast.world.townshipA.code, month: s.month, comment: v('return_comment', 500) });

      // A subsidy standard with a note (admin).
      await post('admin', '/subsidies/programs/only_child_reward/standards', { tier: 'local', effective_from: addDays('2031-01-01', i), amount: '120.00', note: v('standard_note', 200) });

      for (const [who, path, key] of pages(card, card2, card3, app, name)) await page(who, path, key);
    }
    // Lists, rosters and print views that show every card at once: checked once, against every stored value.
    for (const [who, path, key] of broadPages()) await page(who, path, key);
    expect(problems, problems.slice(0, 10).join('\n')).toEqual([]);
  }, 300_000);

  it('every field was seen, escaped, on the pages where it belongs', () => {
    const missing: string[] = [];
    for (const [field, where] of Object.entries(SHOWN)) {
      for (const p of where) if (!seen.get(field)?.has(p)) missing.push(`${field} on ${p}`);
    }
    console.info(`[security] XSS (features): fields seen on ${[...seen.entries()].map(([f, ps]) => `${f}: ${[...ps].join(', ')}`).join(' · ')}`);
    expect(missing).toEqual([]);
    expect(Object.keys(SHOWN).sort()).toEqual([...new Set(stored.map((x) => x.field))].sort());
  });

  /** Pages about this round's records (filtered to them): [who, path, key]. */
  function pages(card: number, card2: number, card3: number, app: number, name: string): [ActorKey, string, string][] {
    const marker = name.match(/^Q[0-9a-z]+Z/)![0];
    return [
      ['clerkA', `/women/${card}`, 'card'],
      ['clerkA', `/women/${card}/edit`, 'card form'],
      ['clerkA', `/women/${card2}`, 'card 2'],
      ['clerkA', `/women/${card3}`, 'card 3'],
      ['countySup', `/women/${card}`, 'card'],
      ['clerkA', `/women?q=${marker}&status=all`, 'women list'],
      ['clerkA', `/services?q=${marker}`, 'services'],
      ['clerkA', `/follow-ups?status=all&q=${marker}`, 'follow-ups'],
      ['supA', `/audit?entity=woman&entity_id=${card}`, 'audit'],
      ['supA', `/audit?entity=woman&entity_id=${card2}`, 'audit'],
      ['supA', `/audit?entity=woman&entity_id=${card3}`, 'audit'],
      ['supA', `/audit?entity=subsidy_application&entity_id=${app}`, 'audit'],
      ['clerkA', `/subsidies/applications/${app}`, 'application'],
      ['clerkA', `/subsidies/applications/${app}/edit`, 'application form'],
      ['clerkA', `/subsidies/applications?q=${marker}`, 'applications'],
      ['supA', `/reports/monthly?region=${cast.world.townshipA.code}&month=${s.month}`, 'monthly report'],
      ['admin', '/subsidies/programs/only_child_reward', 'program'],
    ];
  }

  /** Pages that show every card or event at once (lists, rosters, print views, logs, home). */
  function broadPages(): [ActorKey, string, string][] {
    const a1 = cast.world.villageA1.code;
    const all = '&page=1';
    return [
      ['clerkA', `/follow-ups?status=all&print=1`, 'follow-ups print'],
      ['clerkA', '/rosters/should-adopt', 'roster'],
      ['clerkA', `/rosters/should-adopt?village=${a1}&print=1`, 'roster print'],
      ['clerkA', '/rosters/double-check', 'roster'],
      ['clerkA', '/rosters/double-check?print=1', 'roster print'],
      ['clerkA', '/rosters/follow-ups', 'roster'],
      ['clerkA', '/rosters/follow-ups?print=1', 'roster print'],
      ['clerkA', '/rosters/removals?print=1', 'roster print'],
      ['clerkA', '/rosters/exceptions', 'exceptions'],
      ['clerkA', '/rosters/exceptions?print=1', 'exceptions print'],
      ['clerkA', `/work-orders?village=${a1}`, 'work order'],
      ['clerkA', `/work-orders?village=${a1}&print=1`, 'work order print'],
      ['clerkA', `/check-rounds/${s.records.roundA}?status=excused`, 'round'],
      ['clerkA', `/check-rounds/${s.records.roundA}?print=1`, 'round print'],
      ['clerkA', '/transfers', 'transfers'],
      ['clerkB', '/transfers', 'transfers'],
      ['admin', `/audit?x=1${all}`, 'audit'],
      ['supA', '/audit', 'audit'],
      ['clerkA', `/reports/people?figure=iud_insertions&from=2015-01-01&to=${s.today}`, 'drill-down'],
      ['clerkA', `/reports/people?figure=births&from=2015-01-01&to=${s.today}`, 'drill-down'],
      ['countySup', `/reports/monthly?month=${s.month}`, 'monthly report'],
      ['supA', `/reports/monthly?region=${cast.world.townshipA.code}&month=${s.month}&print=1`, 'monthly report print'],
      ['supA', '/subsidies/applications?status=returned', 'applications'],
      ['clerkA', `/subsidies/roster?year=${s.today.slice(0, 4)}&print=1`, 'subsidy roster print'],
      ['countySup', '/subsidies/audit', 'subsidy audit'],
      ['admin', '/subsidies/programs', 'programs'],
      ['clerkA', '/women?status=all', 'women list'],
      ['clerkA', '/services', 'services'],
      ['clerkA', '/', 'home'],
      ['supA', '/', 'home'],
      ['countySup', '/', 'home'],
    ];
  }
});
