/**
 * Register records inserted directly (the register feature is built elsewhere; reports depend only on the
 * schema). Every helper takes explicit dates, including created_at, so tests can hand-count the figures.
 */
import type { Knex } from 'knex';
import type { ExitReason, MaritalStatus, Method, ServiceKind } from '../../src/domain/codes.ts';
import { checkCharacter } from '../../src/domain/id-number.ts';

let idSeq = 0;

/** A valid female ID number (GB 11643: even sequence, right check character), unique per call. */
export function femaleId(birthDate: string): string {
  idSeq += 1;
  const area = `99${String(Math.floor(idSeq / 500)).padStart(4, '0')}`;
  const first17 = `${area}${birthDate.replace(/-/g, '')}${String((idSeq % 500) * 2).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/** Noon in China on day `d`: the instant created_at gets. */
const at = (d: string) => new Date(`${d}T12:00:00+08:00`);

export interface WomanInput {
  village: number;
  birth_date: string;
  name?: string;
  marital_status?: MaritalStatus;
  marriage_date?: string | null;
  created_on?: string;
  exit_date?: string;
  exit_reason?: ExitReason;
  migrant_status?: 'none' | 'inflow' | 'outflow';
  migrant_since?: string;
  /** 在册起始日期; defaults to the card's day (created_on). */
  registered_on?: string;
  /** The day a divorced or widowed woman's marriage ended (the marital event's date). */
  marriage_ended_on?: string;
}

/**
 * A card with the status histories a report reads: a marital event per marriage (and its end, for a divorced or
 * widowed card), a floating event at migrant_since, and registered_on (the card's day unless given).
 */
export async function addWoman(db: Knex, w: WomanInput): Promise<number> {
  const [row] = await db('women')
    .insert({
      region_id: w.village,
      id_number: femaleId(w.birth_date),
      name: w.name ?? `测试${idSeq}`,
      birth_date: w.birth_date,
      hukou_kind: 'agricultural',
      marital_status: w.marital_status ?? (w.marriage_date ? 'first_marriage' : 'unmarried'),
      marriage_date: w.marriage_date ?? null,
      migrant_status: w.migrant_status ?? 'none',
      migrant_since: w.migrant_since ?? null,
      status: w.exit_date ? 'exited' : 'active',
      exit_reason: w.exit_date ? (w.exit_reason ?? 'moved_out') : null,
      exit_date: w.exit_date ?? null,
      created_at: at(w.created_on ?? '2020-01-01'),
      registered_on: w.registered_on ?? w.created_on ?? '2020-01-01',
    })
    .returning(['id', 'marital_status']);
  const id = row.id;
  if (w.marriage_date && row.marital_status !== 'unmarried') {
    const kind = row.marital_status === 'remarried' ? 'remarriage' : 'first_marriage';
    await db('marital_events').insert({ woman_id: id, kind, effective_on: w.marriage_date });
    if (row.marital_status === 'divorced' || row.marital_status === 'widowed') {
      const end = row.marital_status === 'divorced' ? 'divorce' : 'widowed';
      await db('marital_events').insert({ woman_id: id, kind: end, effective_on: w.marriage_ended_on ?? w.created_on ?? '2020-01-01', undated: !w.marriage_ended_on });
    }
  }
  if (w.migrant_status && w.migrant_status !== 'none' && w.migrant_since) {
    await db('floating_events').insert({ woman_id: id, kind: w.migrant_status, effective_on: w.migrant_since });
  }
  return id;
}

/** A dated marital event (a divorce, a remarriage …) added to a fixture woman's history. */
export async function addMaritalEvent(db: Knex, e: { woman: number; kind: 'first_marriage' | 'divorce' | 'remarriage' | 'widowed'; on: string }): Promise<void> {
  await db('marital_events').insert({ woman_id: e.woman, kind: e.kind, effective_on: e.on });
}

/** A dated floating event (outflow, inflow, return) added to a fixture woman's history. */
export async function addFloatingEvent(db: Knex, e: { woman: number; kind: 'outflow' | 'inflow' | 'return'; on: string }): Promise<void> {
  await db('floating_events').insert({ woman_id: e.woman, kind: e.kind, effective_on: e.on });
}

export async function addChild(
  db: Knex,
  c: {
    woman: number;
    village: number;
    birth_date: string;
    sex: 'male' | 'female';
    order: number;
    policy?: 'compliant' | 'non_compliant';
    created_on?: string;
    vital?: 'living' | 'deceased';
    death_date?: string;
  },
): Promise<number> {
  const [row] = await db('children')
    .insert({
      woman_id: c.woman,
      region_id: c.village,
      sex: c.sex,
      birth_date: c.birth_date,
      birth_order: c.order,
      policy_status: c.policy ?? 'compliant',
      vital_status: c.vital ?? 'living',
      death_date: c.death_date ?? null,
      created_at: at(c.created_on ?? c.birth_date),
    })
    .returning('id');
  return row.id;
}

export async function addPregnancy(db: Knex, p: { woman: number; village: number; found_on: string; created_on?: string }) {
  await db('pregnancies').insert({ woman_id: p.woman, region_id: p.village, found_on: p.found_on, created_at: at(p.created_on ?? p.found_on) });
}

export async function addService(db: Knex, s: { woman: number; village: number; kind: ServiceKind; performed_on: string; created_on?: string; created_at?: Date }) {
  const [row] = await db('services')
    .insert({ woman_id: s.woman, region_id: s.village, kind: s.kind, performed_on: s.performed_on, created_at: s.created_at ?? at(s.created_on ?? s.performed_on) })
    .returning('id');
  return row.id;
}

export async function addEpisode(db: Knex, e: { woman: number; village: number; method: Method; started_on: string; ended_on?: string }) {
  await db('contraception_episodes').insert({
    woman_id: e.woman,
    region_id: e.village,
    method: e.method,
    started_on: e.started_on,
    ended_on: e.ended_on ?? null,
    end_reason: e.ended_on ? 'removed' : null,
  });
}

export async function addFollowUp(db: Knex, f: { woman: number; village: number; due_on: string; done_on?: string }) {
  await db('follow_ups').insert({
    woman_id: f.woman,
    region_id: f.village,
    level: 'township',
    due_on: f.due_on,
    done_on: f.done_on ?? null,
    result: f.done_on ? '正常' : null,
  });
}

let certSeq = 0;
export async function addCertificate(db: Knex, c: { woman: number; village: number; issued_on: string; revoked_on?: string }) {
  certSeq += 1;
  await db('certificates').insert({
    woman_id: c.woman,
    region_id: c.village,
    kind: 'only_child_glory',
    number: `GR${process.pid}-${certSeq}`,
    issued_on: c.issued_on,
    revoked_on: c.revoked_on ?? null,
    revoke_reason: c.revoked_on ? '测试' : null,
    created_at: at(c.issued_on),
  });
}

/** An accepted transfer: the card now lives in `to`, and the move is on record for earlier dates. */
export async function addTransfer(db: Knex, t: { woman: number; from: number; to: number; moved_on: string }) {
  await db('transfers').insert({ woman_id: t.woman, from_region_id: t.from, to_region_id: t.to, status: 'accepted', moved_on: t.moved_on });
  await db('women').where({ id: t.woman }).update({ region_id: t.to });
}

export async function addPopulation(db: Knex, village: number, month: string, populationEnd: number, deaths: number) {
  await db('population_figures').insert({ region_id: village, month: `${month}-01`, population_end: populationEnd, deaths });
}

/** Many women at once (bulk insert), for the golden case and scale tests. */
export async function addWomen(db: Knex, village: number, n: number, birthDate = '1990-01-01'): Promise<number[]> {
  const rows = Array.from({ length: n }, (_v, i) => ({
    region_id: village,
    id_number: femaleId(birthDate),
    name: `批量${i}`,
    birth_date: birthDate,
    hukou_kind: 'agricultural' as const,
    marital_status: 'first_marriage' as const,
    marriage_date: '2012-01-01',
    created_at: at('2020-01-01'),
  }));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const out = await db('women')
      .insert(rows.slice(i, i + 500))
      .returning('id');
    ids.push(...out.map((r) => r.id));
  }
  return ids;
}
