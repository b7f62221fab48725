/**
 * A simulated life becomes rows. Ids are assigned here, from counters that start after the largest id in each
 * table, so one multi-row insert per batch writes them with their references already filled in — no round trip
 * per row. A woman's services are numbered in date order so her card reads chronologically.
 */
import type { ServiceKind } from '../../src/domain/codes.ts';
import { makeIdNumber } from '../../src/domain/id-number.ts';
import { isoOf, stamp, type Day } from './days.ts';
import { followUpRows } from './follow-ups.ts';
import { certificateRows } from './certificates.ts';
import { villageOn, type EpisodeSpec, type GenContext, type PregnancySpec, type WomanLife } from './life.ts';
import { PROVIDERS } from './names.ts';
import type { Random } from './random.ts';

export type Row = Record<string, unknown>;

export const TABLES = ['women', 'pregnancies', 'children', 'services', 'contraception_episodes', 'follow_ups', 'check_results', 'transfers', 'certificates'] as const;
export type Table = (typeof TABLES)[number];
export type Batch = Record<Table, Row[]>;

export function emptyBatch(): Batch {
  return Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as Batch;
}

/** Births and deaths per village and month, for the population figures. */
export interface Tally {
  event(village: number, day: Day, kind: 'birth' | 'death'): void;
}

export interface ServiceRef {
  id: number;
  day: Day;
  kind: ServiceKind;
  row: Row;
}

function idNumber(seqs: Map<Day, number>, birth: Day, female: boolean): string {
  // The k-th person born on a day gets a distinct sequence: 37 is coprime with 499, so k → (37k + h) mod 499 is
  // one-to-one for k < 499; even for women, odd for men (GB 11643).
  const k = seqs.get(birth) ?? 0;
  if (k >= 499) throw new Error('演示数据：同一出生日期的人数超出身份证顺序码范围');
  seqs.set(birth, k + 1);
  const x = (k * 37 + (((birth % 499) + 499) % 499)) % 499;
  return makeIdNumber('990100', isoOf(birth), female ? (x + 1) * 2 : x * 2 + 1);
}

const STATION = (ctx: GenContext, township: number) => `${ctx.townships[township].name}计划生育服务站`;
const COUNTY_STATION = (ctx: GenContext) => `${ctx.countyName}计划生育指导站`;

export function emitWoman(ctx: GenContext, w: WomanLife, rnd: Random, ids: Record<Table, number>, out: Batch, tally: Tally): void {
  const next = (t: Table) => ids[t]++;
  const townshipOf = (day: Day) => ctx.villages[villageOn(w, day)].township;
  const regionOn = (day: Day) => ctx.villages[villageOn(w, day)].id;
  const clerkOn = (day: Day) => ctx.townships[townshipOf(day)].clerkId;

  const womanId = next('women');
  const created = Math.max(w.migration.status === 'inflow' ? w.migration.since! : w.birth + 15 * 365, w.birth + 15 * 365);
  out.women.push({
    id: womanId, region_id: ctx.villages[w.village].id, id_number: idNumber(ctx.counters.womenSeq, w.birth, true), name: w.name,
    birth_date: isoOf(w.birth), ethnicity: w.ethnicity, hukou_kind: w.hukou, hukou_place: w.hukouPlace, phone: w.phone, address: w.address,
    marital_status: w.marital, marriage_date: w.marriageDay === null ? null : isoOf(w.marriageDay),
    spouse_name: w.spouse?.name ?? null, spouse_id_number: w.spouse ? idNumber(ctx.counters.menSeq, w.spouse.birth, false) : null,
    spouse_hukou_kind: w.spouse?.hukou ?? null, migrant_status: w.migration.status, migrant_place: w.migration.place,
    migrant_since: w.migration.since === null ? null : isoOf(w.migration.since),
    migrant_verified_on: w.migration.verified === null ? null : isoOf(w.migration.verified),
    status: w.status, exit_reason: w.exitReason, exit_date: w.exitDay === null ? null : isoOf(w.exitDay), exit_note: w.exitNote,
    created_by: ctx.townships[ctx.villages[w.transfer?.fromVillage ?? w.village].township].clerkId, created_at: stamp(Math.min(created, ctx.today), 9),
  });
  if (w.exitReason === 'deceased') tally.event(w.village, w.exitDay!, 'death');

  const pregIds = new Map<PregnancySpec, number>();
  for (const p of w.pregnancies) {
    const id = next('pregnancies');
    pregIds.set(p, id);
    out.pregnancies.push({
      id, woman_id: womanId, region_id: regionOn(p.found), lmp_date: isoOf(p.lmp), found_on: isoOf(p.found), outcome: p.outcome,
      outcome_date: p.end === null ? null : isoOf(p.end), contraceptive_failure: p.failure !== null, failure_method: p.failure,
      created_by: clerkOn(p.found), created_at: stamp(p.found, 11),
    });
  }
  const firstChild = new Map<PregnancySpec, number>();
  for (const p of w.pregnancies) {
    if (p.outcome !== 'live_birth') continue;
    for (const c of p.children) {
      const id = next('children');
      if (!firstChild.has(p)) firstChild.set(p, id);
      const village = villageOn(w, p.end!);
      tally.event(village, p.end!, 'birth');
      if (c.death !== null) tally.event(village, c.death, 'death');
      out.children.push({
        id, woman_id: womanId, region_id: ctx.villages[village].id, pregnancy_id: pregIds.get(p), name: c.name, sex: c.sex,
        birth_date: isoOf(p.end!), birth_order: p.order, policy_status: p.policy, policy_proposed: p.policy, policy_reason: p.reason,
        permit_no: p.permitNo, vital_status: c.vital, disability_grade: c.grade, death_date: c.death === null ? null : isoOf(c.death),
        created_by: clerkOn(p.end!), created_at: stamp(Math.min(p.end! + rnd.int(3, 40), ctx.today), 14),
      });
    }
  }

  // Services: procedures that opened or closed an episode, abortions, and done checks — inside the window, and
  // for a woman who moved here from elsewhere only since she came (what happened before was not done here).
  const from = w.migration.status === 'inflow' ? Math.max(ctx.windowStart, w.migration.since!) : ctx.windowStart;
  const services: ServiceRef[] = [];
  const add = (kind: ServiceKind, day: Day, extra: Row = {}): ServiceRef => {
    const township = townshipOf(day);
    const county = kind === 'female_sterilization' || kind === 'male_sterilization' || kind === 'induced_labour';
    const minor = kind !== 'ring_pregnancy_check' && rnd.chance(0.003);
    const ref: ServiceRef = {
      id: 0, day, kind,
      row: {
        woman_id: womanId, region_id: regionOn(day), kind, performed_on: isoOf(day), facility: county ? COUNTY_STATION(ctx) : STATION(ctx, township),
        provider: rnd.pick(PROVIDERS), findings: null, complication: minor ? rnd.pick(['infection', 'heavy_bleeding']) : 'none', notes: null,
        iud_result: null, pregnancy_result: null, pregnancy_id: null, created_by: clerkOn(day), created_at: stamp(day, 16), ...extra,
      },
    };
    services.push(ref);
    return ref;
  };
  const startService = new Map<EpisodeSpec, ServiceRef>();
  const endService = new Map<EpisodeSpec, ServiceRef>();
  for (const e of w.episodes) {
    if (e.startKind && e.start >= from) {
      startService.set(e, add(e.startKind, e.start, e.method === 'iud' ? { notes: '宫内节育器型号：TCu380A' } : {}));
    }
    if (e.endKind && e.end !== null && e.end >= from) endService.set(e, add(e.endKind, e.end, { notes: e.endNote }));
  }
  for (const p of w.pregnancies) {
    const kind = p.outcome;
    if (p.end === null || p.end < from || (kind !== 'surgical_abortion' && kind !== 'medical_abortion' && kind !== 'induced_labour')) continue;
    add(kind, p.end, { pregnancy_id: pregIds.get(p), findings: `孕${Math.floor((p.end - p.lmp) / 7)}周` });
  }
  const checkService = new Map<number, ServiceRef>();
  w.checks.forEach((c, i) => {
    if (c.status !== 'done') return;
    checkService.set(i, add('ring_pregnancy_check', c.day!, {
      iud_result: c.iud === 'present' ? 'present' : null, pregnancy_result: c.pregnancy,
      pregnancy_id: c.pregnancyRef ? pregIds.get(c.pregnancyRef) : null, notes: c.note,
    }));
  });
  services.sort((a, b) => a.day - b.day);
  for (const s of services) {
    s.id = next('services');
    out.services.push({ id: s.id, ...s.row });
  }

  for (const e of w.episodes) {
    out.contraception_episodes.push({
      id: next('contraception_episodes'), woman_id: womanId, region_id: regionOn(e.start), method: e.method, started_on: isoOf(e.start),
      ended_on: e.end === null ? null : isoOf(e.end), end_reason: e.endReason, due_on: e.due === null ? null : isoOf(e.due),
      service_id: startService.get(e)?.id ?? null, end_service_id: endService.get(e)?.id ?? null,
      notes: e.start < from && e.startKind ? (from > ctx.windowStart ? '流入前已落实' : '建档前已落实') : null,
      created_by: clerkOn(Math.max(e.start, ctx.windowStart)), created_at: stamp(Math.max(e.start, ctx.windowStart), 16),
    });
  }
  followUpRows(ctx, w, rnd, services, startService, womanId, next, out);
  w.checks.forEach((c, i) => {
    out.check_results.push({
      id: next('check_results'), round_id: c.round.id, woman_id: womanId, status: c.status, service_id: checkService.get(i)?.id ?? null,
      checked_on: c.day === null ? null : isoOf(c.day), iud_result: c.iud, pregnancy_result: c.pregnancy, note: c.note,
      created_by: ctx.townships[c.round.township].clerkId, created_at: stamp(c.day ?? c.round.opened, 17),
    });
  });
  if (w.transfer) {
    const t = w.transfer;
    const to = ctx.townships[ctx.villages[w.village].township];
    out.transfers.push({
      id: next('transfers'), woman_id: womanId, from_region_id: ctx.villages[t.fromVillage].id, to_region_id: ctx.villages[w.village].id,
      status: 'accepted', moved_on: isoOf(t.movedOn), reason: t.reason, decided_by: to.supId,
      decided_at: stamp(Math.min(t.movedOn + rnd.int(1, 5), ctx.today), 15), decision_note: '已核实，同意接收',
      created_by: ctx.townships[ctx.villages[t.fromVillage].township].clerkId, created_at: stamp(t.movedOn, 10),
    });
  }
  certificateRows(ctx, w, rnd, womanId, firstChild, next, out);
}
