/**
 * A simulated life becomes rows. Ids are assigned here, from counters that start after the largest id in each
 * table, so one multi-row insert per batch writes them with their references already filled in — no round trip
 * per row. A woman's services are numbered in date order so her card reads chronologically. Every row carries
 * when it was entered (created_at) and last changed (updated_at), from entry.ts.
 */
import { makeIdNumber } from '../../src/domain/id-number.ts';
import { at, birthday, dayOfInstant, isoOf, stampOf, type Day, type Instant } from './days.ts';
import { EntryClock, RowSink, workTime, type LateRow } from './entry.ts';
import { certificateRows } from './certificates.ts';
import { villageOn, type CheckSpec, type GenContext, type PregnancySpec, type WomanLife } from './life.ts';
import type { Random } from './random.ts';
import { serviceRows } from './service-rows.ts';
import { historyRows, RECORDS_START, registeredOn } from './histories.ts';

export type Row = Record<string, unknown>;

export const TABLES = [
  'women',
  'pregnancies',
  'children',
  'services',
  'contraception_episodes',
  'follow_ups',
  'check_results',
  'transfers',
  'certificates',
  'marital_events',
  'floating_events',
  'hukou_events',
] as const;
export type Table = (typeof TABLES)[number];
export type Batch = Record<Table, Row[]>;

export function emptyBatch(): Batch {
  return Object.fromEntries(TABLES.map((t) => [t, []])) as unknown as Batch;
}

/** Births and deaths per village and month, for the population figures. */
export interface Tally {
  event(village: number, day: Day, kind: 'birth' | 'death'): void;
}

/**
 * Cards of women already of age when the township built its computer register (the late 1990s) were entered
 * then; later ones when she turned 15 or moved in.
 */
const REGISTER_BUILT = RECORDS_START;

/** Everything one woman's rows need: where and when things happened, who entered them. */
export interface Emit {
  ctx: GenContext;
  w: WomanLife;
  rnd: Random;
  clock: EntryClock;
  sink: RowSink;
  womanId: number;
  next: (t: Table) => number;
  townshipOn: (day: Day) => number;
  regionOn: (day: Day) => number;
  clerkOn: (day: Day) => number;
  pregIds: Map<PregnancySpec, number>;
  /** When each pregnancy was entered, and when its outcome was. */
  pregAt: Map<PregnancySpec, Instant>;
  endAt: Map<PregnancySpec, Instant>;
  checkAt: Map<CheckSpec, Instant>;
  /** Her exit, as the nightly job or a clerk recorded it. */
  exitAt: Instant | null;
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

function cardCreated(ctx: GenContext, w: WomanLife, rnd: Random): Instant {
  const fifteen = birthday(w.birth, 15);
  const entry = w.migration.status === 'inflow' ? Math.max(w.migration.since!, fifteen) : fifteen;
  let day = Math.max(entry, REGISTER_BUILT + rnd.int(0, 730)) + rnd.int(2, 30);
  if (w.exitDay !== null) day = Math.min(day, w.exitDay - 30);
  return Math.min(workTime(rnd, day), ctx.cap);
}

/** The last change to the card itself (marriage, divorce, floating status, transfer, exit) and who made it. */
function cardTouched(e: Emit, created: Instant, transferDecided: Instant | null): { at: Instant; by: number | null } {
  const { ctx, w, clock } = e;
  let last: { at: Instant; by: number | null } = { at: created, by: ctx.townships[ctx.villages[w.transfer?.fromVillage ?? w.village].township].clerkId };
  const consider = (day: Day | null) => {
    if (day === null || day > w.end || day <= dayOfInstant(created)) return;
    const i = clock.change(day, e.townshipOn(day), created);
    if (i > last.at) last = { at: i, by: e.clerkOn(day) };
  };
  for (const s of w.spans) {
    consider(s.start);
    if (s.endedBy) consider(s.end);
  }
  consider(w.migration.since);
  consider(w.migration.verified);
  if (w.transfer && transferDecided !== null && transferDecided > last.at) last = { at: transferDecided, by: ctx.townships[ctx.villages[w.village].township].supId };
  if (e.exitAt !== null && e.exitAt >= last.at) last = { at: e.exitAt, by: w.exitReason === 'over_age' ? null : e.clerkOn(w.exitDay!) };
  return last;
}

/** When checks, pregnancies and their outcomes were entered: other rows refer to these moments. */
function eventTimes(e: Emit): void {
  const { w, clock } = e;
  for (const c of w.checks) if (c.status === 'done') e.checkAt.set(c, clock.event(c.day!, e.townshipOn(c.day!)));
  for (const p of w.pregnancies) {
    const byCheck = p.foundByCheck ? w.checks.find((c) => c.pregnancyRef === p) : undefined;
    const found = byCheck ? e.checkAt.get(byCheck)! : clock.event(p.found, e.townshipOn(p.found), true);
    e.pregAt.set(p, found);
    if (p.end === null) continue;
    const reported = p.outcome === 'live_birth' || p.outcome === 'surgical_abortion' || p.outcome === 'medical_abortion' || p.outcome === 'induced_labour';
    e.endAt.set(p, Math.max(found, clock.event(p.end, e.townshipOn(p.end), reported)));
  }
}

export function emitWoman(ctx: GenContext, w: WomanLife, rnd: Random, ids: Record<Table, number>, out: Batch, late: LateRow[], tally: Tally): void {
  const townshipOn = (day: Day) => ctx.villages[villageOn(w, day)].township;
  const created = cardCreated(ctx, w, rnd);
  const clock = new EntryClock(ctx, rnd, created);
  const exitAt = w.exitDay === null ? null : w.exitReason === 'over_age' ? clock.clamp(at(w.exitDay, 1, 30)) : clock.event(w.exitDay, townshipOn(w.exitDay));
  const e: Emit = {
    ctx,
    w,
    rnd,
    clock,
    sink: new RowSink(ctx, out, late),
    womanId: ids.women++,
    next: (t) => ids[t]++,
    townshipOn,
    regionOn: (day) => ctx.villages[villageOn(w, day)].id,
    clerkOn: (day) => ctx.townships[townshipOn(day)].clerkId,
    pregIds: new Map(),
    pregAt: new Map(),
    endAt: new Map(),
    checkAt: new Map(),
    exitAt,
  };
  eventTimes(e);
  const transferDecided = w.transfer ? clock.clamp(workTime(rnd, w.transfer.movedOn + rnd.int(1, 5))) : null;
  const touched = cardTouched(e, created, transferDecided);
  const spouseId = w.spouse ? idNumber(ctx.counters.menSeq, w.spouse.birth, false) : null;
  out.women.push({
    id: e.womanId,
    region_id: ctx.villages[w.village].id,
    id_number: idNumber(ctx.counters.womenSeq, w.birth, true),
    name: w.name,
    birth_date: isoOf(w.birth),
    ethnicity: w.ethnicity,
    hukou_kind: w.hukou,
    hukou_place: w.hukouPlace,
    phone: w.phone,
    address: w.address,
    marital_status: w.marital,
    marriage_date: w.marriageDay === null ? null : isoOf(w.marriageDay),
    spouse_name: w.spouse?.name ?? null,
    spouse_id_number: spouseId,
    spouse_hukou_kind: w.spouse?.hukou ?? null,
    migrant_status: w.migration.status,
    migrant_place: w.migration.place,
    migrant_since: w.migration.since === null ? null : isoOf(w.migration.since),
    migrant_verified_on: w.migration.verified === null ? null : isoOf(w.migration.verified),
    status: w.status,
    exit_reason: w.exitReason,
    exit_date: w.exitDay === null ? null : isoOf(w.exitDay),
    exit_note: w.exitNote,
    created_by: ctx.townships[ctx.villages[w.transfer?.fromVillage ?? w.village].township].clerkId,
    created_at: stampOf(created),
    updated_by: touched.by,
    updated_at: stampOf(touched.at),
    registered_on: isoOf(registeredOn(w, created)),
  });
  const histories = historyRows(ctx, w, e.womanId, created, spouseId, e.next);
  for (const t of ['marital_events', 'floating_events', 'hukou_events'] as const) out[t].push(...histories[t]);
  if (w.exitReason === 'deceased') tally.event(w.village, w.exitDay!, 'death');

  for (const p of w.pregnancies) {
    const id = e.next('pregnancies');
    e.pregIds.set(p, id);
    const entered = e.pregAt.get(p)!;
    e.sink.add(
      'pregnancies',
      {
        id,
        woman_id: e.womanId,
        region_id: e.regionOn(p.found),
        lmp_date: isoOf(p.lmp),
        found_on: isoOf(p.found),
        outcome: p.outcome,
        outcome_date: p.end === null ? null : isoOf(p.end),
        contraceptive_failure: p.failure !== null,
        failure_method: p.failure,
        created_by: e.clerkOn(p.found),
        created_at: stampOf(entered),
        updated_at: stampOf(e.endAt.get(p) ?? entered),
      },
      { created: entered, day: p.found, township: townshipOn(p.found) },
    );
  }
  const firstChild = new Map<PregnancySpec, number>();
  for (const p of w.pregnancies) {
    if (p.outcome !== 'live_birth') continue;
    const village = villageOn(w, p.end!);
    tally.event(village, p.end!, 'birth');
    const entered = e.endAt.get(p)!;
    for (const c of p.children) {
      const id = e.next('children');
      if (!firstChild.has(p)) firstChild.set(p, id);
      if (c.death !== null) tally.event(village, c.death, 'death');
      const changed = c.death === null ? entered : clock.change(c.death, townshipOn(c.death), entered);
      e.sink.add(
        'children',
        {
          id,
          woman_id: e.womanId,
          region_id: ctx.villages[village].id,
          pregnancy_id: e.pregIds.get(p),
          name: c.name,
          sex: c.sex,
          birth_date: isoOf(p.end!),
          birth_order: p.order,
          policy_status: p.policy,
          policy_proposed: p.policy,
          policy_reason: p.reason,
          permit_no: p.permitNo,
          vital_status: c.vital,
          disability_grade: c.grade,
          death_date: c.death === null ? null : isoOf(c.death),
          created_by: e.clerkOn(p.end!),
          created_at: stampOf(entered),
          updated_at: stampOf(changed),
        },
        { created: entered, day: p.end!, township: townshipOn(p.end!), refs: [['pregnancies', e.pregIds.get(p)]] },
      );
    }
  }
  serviceRows(e);
  if (w.transfer) {
    const t = w.transfer;
    const to = ctx.townships[ctx.villages[w.village].township];
    const requested = clock.clamp(workTime(rnd, t.movedOn));
    e.sink.add(
      'transfers',
      {
        id: e.next('transfers'),
        woman_id: e.womanId,
        from_region_id: ctx.villages[t.fromVillage].id,
        to_region_id: ctx.villages[w.village].id,
        status: 'accepted',
        moved_on: isoOf(t.movedOn),
        reason: t.reason,
        decided_by: to.supId,
        decided_at: stampOf(transferDecided!),
        decision_note: '已核实，同意接收',
        created_by: ctx.townships[ctx.villages[t.fromVillage].township].clerkId,
        created_at: stampOf(requested),
        updated_at: stampOf(Math.max(requested, transferDecided!)),
      },
      { created: requested, day: null, township: ctx.villages[w.village].township },
    );
  }
  certificateRows(e, firstChild);
}
