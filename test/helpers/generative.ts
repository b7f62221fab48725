/**
 * Generative form tests (issue 12): a form is read from its rendered page (inputs, selects with their options,
 * textareas, checkboxes), random but plausible values are posted — blanks, boundary dates, every option and a
 * few that are not, very long text, Unicode edge cases — and the oracle is the same for every form:
 *  - never a 5xx;
 *  - a refusal (422/409) re-renders the form with what was typed still in the inputs, and changes no row;
 *  - a success (303) changes rows (an audit row at least) and the page it redirects to renders.
 * Each form file runs a fixed seed (printed with the counterexample on failure) and prints its case count.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { pino, type Logger } from 'pino';
import { expect } from 'vitest';
import { makeIdNumber } from '../../src/domain/id-number.ts';
import { $, type Client } from './http.ts';

/**
 * A logger for the app under test that keeps what the error handler says when the database refused input that
 * no form rule caught ('database refused input past the form rules'): the user still gets a 422, but every such
 * case is a missing form rule, so the generative oracle fails on it.
 */
export function refusalLog(): { logger: Logger; refusals: string[] } {
  const refusals: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void (line.includes('past the form rules') && refusals.push(line.slice(0, 400))) });
  return { logger, refusals };
}

export const SEED = Number(process.env.GENERATIVE_SEED ?? 20261205);

export interface FormField {
  name: string;
  kind: 'text' | 'textarea' | 'date' | 'number' | 'select' | 'checkbox' | 'hidden' | 'month' | 'password';
  value: string;
  options: string[];
  /** A field posted once per row of a grid (population figures): the value of each row, in page order. */
  values?: string[];
}

type Body = Record<string, string | string[] | undefined>;

/** The fields of the form posting to `action` on a page (the first form when `action` is not found). */
export function readForm(html: string, action: string): FormField[] {
  const $p = $(html);
  const form = $p(`form[action="${action}"][method="post"]`).first();
  if (form.length === 0) throw new Error(`no form posting to ${action} on the page`);
  const out: FormField[] = [];
  // Fields of the form: inside it, and (a form in a table row) those that name it with a form="id" attribute.
  const id = form.attr('id');
  const fields = id ? form.find('input, select, textarea').add($p(`[form="${id}"]`)) : form.find('input, select, textarea');
  fields.each((_i, el) => {
    const n = $p(el);
    const name = n.attr('name');
    if (!name || name === '_csrf') return;
    const type = (n.attr('type') ?? 'text').toLowerCase();
    if (n.is('select')) {
      const options = n
        .find('option')
        .map((_j, o) => $p(o).attr('value') ?? '')
        .get();
      out.push({ name, kind: 'select', value: n.find('option[selected]').attr('value') ?? '', options });
    } else if (n.is('textarea')) out.push({ name, kind: 'textarea', value: n.text(), options: [] });
    else if (type === 'checkbox' || type === 'radio') {
      const existing = out.find((f) => f.name === name);
      if (existing) existing.options.push(n.attr('value') ?? 'on');
      else out.push({ name, kind: 'checkbox', value: n.attr('checked') !== undefined ? (n.attr('value') ?? 'on') : '', options: [n.attr('value') ?? 'on'] });
    } else if (type === 'password') out.push({ name, kind: 'password', value: '', options: [] });
    else if (type === 'hidden') out.push({ name, kind: 'hidden', value: n.attr('value') ?? '', options: [] });
    else if (type === 'date' || n.attr('data-date') !== undefined || /(_date|_on|_since|_from)$/.test(name)) out.push({ name, kind: 'date', value: n.attr('value') ?? '', options: [] });
    else if (type === 'month') out.push({ name, kind: 'month', value: n.attr('value') ?? '', options: [] });
    else if (type === 'number') out.push({ name, kind: 'number', value: n.attr('value') ?? '', options: [] });
    else if (type !== 'submit' && type !== 'button') out.push({ name, kind: 'text', value: n.attr('value') ?? '', options: [] });
  });
  // A name repeated on one form is a grid column: one field with a value per row.
  const merged: FormField[] = [];
  for (const f of out) {
    const seen = merged.find((m) => m.name === f.name && f.kind !== 'checkbox');
    if (seen) seen.values = [...(seen.values ?? [seen.value]), f.value];
    else merged.push(f);
  }
  return merged;
}

const BOUNDARY_DATES = [
  '1900-01-01',
  '2099-12-31',
  '2024-02-29',
  '2023-02-29',
  '2026-11-18',
  '2026-11-19',
  '2000-02-29',
  '1999-12-31',
  '2026-02-30',
  '2026-13-01',
  '0099-01-01',
  '9999-12-31',
  '2026-1-5',
  '20261118',
  // Paper spellings (issue 14): accepted as the same ISO date, or refused when not on the calendar.
  '2021.5.1',
  '2021/5/1',
  '2021年5月1日',
  '２０２１．５．１',
  '2021.2.30',
  '2021年13月1日',
];
/** Unicode edge cases: combining marks, emoji (with ZWJ), bidi, zero-width, NUL, a lone surrogate, fillers. */
const EDGE_TEXT = [
  'e\u0301',
  '\u0301',
  '👩‍👧',
  '😀',
  '\u202e王秀英',
  '\u200b\u200b',
  '王\u200d英',
  'a\u0000b',
  '\ud800',
  '王\udc00',
  '\u3164',
  '\u00ad',
  '\t\r\n',
  '  ',
  '丽',
  '𠀀𪚥',
  '<script>alert(1)</script>',
  'O\'Brien "&"',
  '\u2028',
  '١٢٣',
];
const PLAIN_TEXT = ['王秀英', '李桂兰', '城关镇东街村3组12号', '阿依古丽·买买提', '上海市', '备注：正常', 'A1', '张'];

/** A text value: usually plausible, sometimes blank, long, or a Unicode edge case. */
export const textValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PLAIN_TEXT) },
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constantFrom(...EDGE_TEXT).chain((e) => fc.constantFrom(e, `王${e}英`, `${e}${e}`)) },
  { weight: 1, arbitrary: fc.integer({ min: 49, max: 520 }).map((n) => '长'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(4000, 20000).map((n) => 'x'.repeat(n)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
);

export const dateValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.date({ min: new Date('1950-01-01'), max: new Date('2026-11-18'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 3, arbitrary: fc.constantFrom(...BOUNDARY_DATES) },
  { weight: 1, arbitrary: fc.constant('') },
);

const numberValue = fc.oneof(fc.integer({ min: 0, max: 30 }).map(String), fc.constantFrom('', '-1', '0', '1', '4', '5', '2147483647', '2147483648', '99999999999', '1.5', '1e3', 'abc', '１２'));

/** A woman's ID number born `age` years before the test day, a man's, or a malformed one. */
export const idNumberValue: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.integer({ min: 1975, max: 2012 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 499 }))
      .map(([y, m, d, s]) => makeIdNumber('990100', `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, s * 2)),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 499 }).map((s) => makeIdNumber('990100', '1988-02-01', s * 2 + 1)) },
  { weight: 1, arbitrary: fc.constantFrom('', '123', '11010519900307002x', '110105199003070020', '1101051990030700X2', 'ＸＸＸ', '99010019900230002X') },
);

export const phoneValue = fc.constantFrom('', '13812345678', '0551-1234567', '-13800000000', '138 1234 5678', '12345', '0551-1234567转8', 'abc');

/** The value to post for one field: its current value, an option, or a generated edge case. */
export function fieldValue(f: FormField, overrides: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<string | undefined> {
  if (overrides[f.name]) return overrides[f.name];
  const keep = fc.constant(f.value);
  switch (f.kind) {
    case 'hidden':
      return fc.oneof({ weight: 12, arbitrary: keep }, { weight: 1, arbitrary: fc.constantFrom('', '0', '-1', '999', 'abc', '2147483648') });
    case 'select':
      return fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...f.options, f.value) }, { weight: 1, arbitrary: fc.constantFrom('', 'bogus', '990100002001', '<b>') });
    case 'checkbox':
      return fc.oneof(fc.constant(undefined), fc.constantFrom(...f.options));
    case 'date':
      return fc.oneof({ weight: 1, arbitrary: keep }, { weight: 3, arbitrary: dateValue });
    case 'month':
      return fc.constantFrom(f.value, '2026-10', '2026-11', '1900-01', '2099-12', '2026-13', '', 'abc');
    case 'number':
      return fc.oneof({ weight: 2, arbitrary: keep }, { weight: 3, arbitrary: numberValue });
    default:
      if (/id_number$/.test(f.name)) return idNumberValue;
      if (f.name === 'phone') return phoneValue;
      if (/amount/.test(f.name)) return fc.constantFrom('', '960', '960.5', '0.01', '0', '-1', '999999999', '21474836.48', '21474836', '1,200', '1e3', '壹佰');
      return fc.oneof({ weight: 1, arbitrary: keep }, { weight: 3, arbitrary: textValue });
  }
}

/** A value a clerk would plausibly type into an empty field (so most of a form is valid and one field varies). */
export function plausibleValue(f: FormField, overrides: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<string | undefined> {
  if (f.value !== '' || f.kind === 'hidden') return fc.constant(f.value);
  if (overrides[f.name]) return overrides[f.name];
  switch (f.kind) {
    case 'select':
      return fc.constantFrom(...(f.options.filter((o) => o !== '').length ? f.options.filter((o) => o !== '') : ['']));
    case 'checkbox':
      return fc.oneof(fc.constant(undefined), fc.constantFrom(...f.options));
    case 'date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2026-11-18'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'number':
      return fc.integer({ min: 1, max: 4 }).map(String);
    case 'month':
      return fc.constant('2026-10');
    default:
      if (/id_number$/.test(f.name)) return idNumberValue;
      if (f.name === 'phone') return fc.constantFrom('', '13812345678');
      return fc.constantFrom(...PLAIN_TEXT);
  }
}

/**
 * One submission: half the time every field is generated; otherwise a plausible form with one to three fields
 * generated, so successes are common and each refusal is about few fields.
 */
function perRow(f: FormField, one: (f: FormField) => fc.Arbitrary<string | undefined>): fc.Arbitrary<string | string[] | undefined> {
  if (!f.values) return one(f);
  return fc.tuple(...f.values.map((v) => one({ ...f, value: v, values: undefined }))).map((xs) => xs.map((x) => x ?? ''));
}

export function bodyFor(fields: FormField[], overrides: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<Body> {
  const wild = fc.record(Object.fromEntries(fields.map((f) => [f.name, perRow(f, (g) => fieldValue(g, overrides))])));
  const plausible = fc.record(Object.fromEntries(fields.map((f) => [f.name, perRow(f, (g) => plausibleValue(g, overrides))])));
  const focused = fc.tuple(plausible, wild, fc.uniqueArray(fc.nat({ max: Math.max(0, fields.length - 1) }), { minLength: 0, maxLength: 3 })).map(([base, w, picks]) => {
    const out = { ...base };
    for (const i of picks) if (fields[i]) out[fields[i].name] = w[fields[i].name];
    return out;
  });
  return fc.oneof({ weight: 1, arbitrary: wild }, { weight: 2, arbitrary: focused }) as fc.Arbitrary<Body>;
}

/** What a browser shows back of a posted value: one code point per lone surrogate (U+FFFD), NUL as U+FFFD, LF. */
export function asShown(v: string, kind: FormField['kind']): string {
  const s = v
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\u0000/g, '\uFFFD')
    .replace(/\r\n?/g, '\n');
  return kind === 'textarea' ? s.replace(/^\n/, '') : s;
}

/** The values of a re-rendered form that differ from what was posted (name → [posted, shown]). */
export function lostValues(html: string, action: string, posted: Body, fields: FormField[]): Record<string, [string, string]> {
  const shown = new Map(readForm(html, action).map((f) => [f.name, f]));
  const lost: Record<string, [string, string]> = {};
  for (const f of fields) {
    const value = posted[f.name];
    if (Array.isArray(value)) {
      const now = shown.get(f.name)?.values ?? [];
      value.forEach((v, i) => {
        if (f.kind !== 'hidden' && now[i] !== asShown(v, f.kind)) lost[`${f.name}[${i}]`] = [v, now[i] ?? '(missing)'];
      });
      continue;
    }
    const sent = value;
    const now = shown.get(f.name);
    // A password is never shown back, by design.
    if (sent === undefined || !now || f.kind === 'hidden' || f.kind === 'checkbox' || f.kind === 'password') continue;
    if (f.kind === 'select') {
      if (f.options.includes(sent) && sent !== '' && now.value !== sent) lost[f.name] = [sent, now.value];
    } else if (now.value !== asShown(sent, f.kind)) lost[f.name] = [sent, now.value];
  }
  return lost;
}

const fingerprintTables = new Map<Knex, string>();

/** Row counts and version sums of every application table and the audit log: "no row changed" is equality. */
export async function fingerprint(db: Knex): Promise<string> {
  let sql = fingerprintTables.get(db);
  if (!sql) {
    const { rows } = await db.raw<{ rows: { table_name: string; has_version: boolean }[] }>(
      `select t.table_name, exists (select 1 from information_schema.columns c where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'version') as has_version
         from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
          and t.table_name not in ('session', 'knex_migrations', 'knex_migrations_lock', 'login_failures', 'data_findings') order by 1`,
    );
    sql = 'select ' + rows.map((r) => `(select count(*)::text${r.has_version ? " || ':' || coalesce(sum(version), 0)::text" : ''} from ${r.table_name}) as "${r.table_name}"`).join(', ');
    fingerprintTables.set(db, sql);
  }
  const { rows } = await db.raw<{ rows: Record<string, string>[] }>(sql);
  return JSON.stringify(rows[0]);
}

export interface Outcome {
  status: number;
  location?: string;
}

export interface FormCase {
  /** Form page and the action it posts to; undefined when the form does not apply right now (skipped). */
  page: () => Promise<{ get: string; action: string } | undefined>;
  overrides?: Record<string, fc.Arbitrary<string>>;
  /** The form may be gone after a success (her application exists now): then the case is skipped. */
  mayVanish?: boolean;
  /** Saving what is already saved writes nothing (the population grid skips unchanged figures). */
  unchangedWritesNothing?: boolean;
  /** A redirect that is the next step of a flow, not a save (a live birth goes on to the child form). */
  stepTo?: RegExp;
  /** Extra check after a success (e.g. the consistency rules on the record). */
  afterSuccess?: (location: string) => Promise<void>;
}

export interface Tally {
  cases: number;
  saved: number;
  refused: number;
  skipped: number;
}

/** Run `numRuns` generated submissions of one form through the oracle. */
export async function runForm(db: Knex, client: Client, c: FormCase, numRuns: number, tally: Tally, refusals: string[] = [], seed = SEED): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (pick) => {
      const target = await c.page();
      if (!target) {
        tally.skipped += 1;
        return;
      }
      const form = await client.get(target.get);
      expect(form.status, `GET ${target.get}`).toBe(200);
      if (c.mayVanish && !$(form.text)(`form[action="${target.action}"]`).length) {
        tally.skipped += 1;
        return;
      }
      const fields = readForm(form.text, target.action);
      const body = fc.sample(bodyFor(fields, c.overrides), { seed: pick, numRuns: 1 })[0];
      const before = await fingerprint(db);
      const res = await client.post(target.action, body);
      tally.cases += 1;
      const what = `POST ${target.action} ${JSON.stringify(body).slice(0, 600)}`;
      expect(res.status, `${what} → ${res.status}`).toBeLessThan(500);
      expect(refusals.splice(0), `${what}: the database refused what no form rule caught`).toEqual([]);
      if (res.status === 303) {
        tally.saved += 1;
        const step = c.stepTo?.test(res.headers.location) ?? false;
        if (step) expect(await fingerprint(db), `${what}: a step changed rows`).toBe(before);
        else {
          const same = fields.every((f) => f.kind === 'hidden' || JSON.stringify(body[f.name] ?? '') === JSON.stringify(f.values ?? f.value));
          if (!(c.unchangedWritesNothing && same)) expect(await fingerprint(db), `${what}: saved but no row changed`).not.toBe(before);
        }
        const next = await client.get(res.headers.location);
        expect(next.status, `${what} → ${res.headers.location}`).toBeLessThan(400);
        await c.afterSuccess?.(res.headers.location);
        return;
      }
      tally.refused += 1;
      // A select value the page did not offer (another township's village) or a changed hidden id is tampering:
      // 404 like a record outside the caller's scope, or a refusal whose page cannot show that record's form.
      const tampered = fields.some((f) => {
        const v = body[f.name];
        if (f.kind === 'select') return typeof v === 'string' && v !== '' && !f.options.includes(v);
        return f.kind === 'hidden' && JSON.stringify(v) !== JSON.stringify(f.values ?? f.value);
      });
      if (tampered && [404, 409, 422].includes(res.status)) {
        expect(await fingerprint(db), `${what}: refused but rows changed`).toBe(before);
        return;
      }
      expect([409, 422], `${what} → ${res.status}: ${$(res.text)('.error-summary, .flash, main p').first().text().slice(0, 200)}`).toContain(res.status);
      expect(lostValues(res.text, target.action, body, fields), `${what}: values lost on the re-rendered form`).toEqual({});
      expect(await fingerprint(db), `${what}: refused but rows changed`).toBe(before);
    }),
    { seed, numRuns, endOnFailure: true },
  );
}
