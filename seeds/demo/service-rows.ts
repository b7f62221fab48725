/**
 * One woman's services, contraception episodes, follow-ups and double-check results as rows (see rows.ts). A
 * procedure opens or closes an episode and is entered with it; a check that found a pregnancy is entered with
 * that pregnancy; check results are created when the round opens (its due list) and completed by the check.
 */
import type { ServiceKind } from '../../src/domain/codes.ts';
import { at, isoOf, stampOf, type Day, type Instant } from './days.ts';
import { workTime } from './entry.ts';
import { followUpRows } from './follow-ups.ts';
import type { EpisodeSpec, PregnancySpec } from './life.ts';
import { PROVIDERS } from './names.ts';
import type { Emit, Row } from './rows.ts';

export interface ServiceRef {
  id: number;
  day: Day;
  kind: ServiceKind;
  row: Row;
  /** When it was entered. */
  at: Instant;
}

/** Procedures the monthly report counts that a clerk may enter late (补报). Removals close an older episode. */
const LATEABLE = new Set<ServiceKind>(['iud_insertion', 'implant_insertion', 'female_sterilization', 'male_sterilization']);
const ABORTIONS = new Set<string>(['surgical_abortion', 'medical_abortion', 'induced_labour']);

export function serviceRows(e: Emit): void {
  const { ctx, w, rnd, clock } = e;
  const station = (township: number) => `${ctx.townships[township].name}计划生育服务站`;
  const countyStation = `${ctx.countyName}计划生育指导站`;
  // Services inside the window, and for a woman who moved here from elsewhere only since she came (what
  // happened before was not done here).
  const from = w.migration.status === 'inflow' ? Math.max(ctx.windowStart, w.migration.since!) : ctx.windowStart;
  const services: ServiceRef[] = [];
  const add = (kind: ServiceKind, day: Day, entered: Instant, extra: Row = {}): ServiceRef => {
    const township = e.townshipOn(day);
    const county = kind === 'female_sterilization' || kind === 'male_sterilization' || kind === 'induced_labour';
    const minor = kind !== 'ring_pregnancy_check' && rnd.chance(0.003);
    const ref: ServiceRef = {
      id: 0,
      day,
      kind,
      at: entered,
      row: {
        woman_id: e.womanId,
        region_id: e.regionOn(day),
        kind,
        performed_on: isoOf(day),
        facility: county ? countyStation : station(township),
        provider: rnd.pick(PROVIDERS),
        findings: null,
        complication: minor ? rnd.pick(['infection', 'heavy_bleeding']) : 'none',
        notes: null,
        iud_result: null,
        pregnancy_result: null,
        pregnancy_id: null,
        created_by: e.clerkOn(day),
        created_at: stampOf(entered),
        updated_at: stampOf(entered),
        ...extra,
      },
    };
    services.push(ref);
    return ref;
  };
  const procedure = (kind: ServiceKind, day: Day) => clock.event(day, e.townshipOn(day), LATEABLE.has(kind));
  const startService = new Map<EpisodeSpec, ServiceRef>();
  const endService = new Map<EpisodeSpec, ServiceRef>();
  for (const ep of w.episodes) {
    if (ep.startKind && ep.start >= from) {
      startService.set(ep, add(ep.startKind, ep.start, procedure(ep.startKind, ep.start), ep.method === 'iud' ? { notes: '宫内节育器型号：TCu380A' } : {}));
    }
    if (ep.endKind && ep.end !== null && ep.end >= from) endService.set(ep, add(ep.endKind, ep.end, procedure(ep.endKind, ep.end), { notes: ep.endNote }));
  }
  for (const p of w.pregnancies) {
    if (p.end === null || p.end < from || !ABORTIONS.has(p.outcome)) continue;
    add(p.outcome as ServiceKind, p.end, e.endAt.get(p)!, { pregnancy_id: e.pregIds.get(p), findings: `孕${Math.floor((p.end - p.lmp) / 7)}周` });
  }
  const checkService = new Map<number, ServiceRef>();
  w.checks.forEach((c, i) => {
    if (c.status !== 'done') return;
    checkService.set(
      i,
      add('ring_pregnancy_check', c.day!, e.checkAt.get(c)!, {
        iud_result: c.iud === 'present' ? 'present' : null,
        pregnancy_result: c.pregnancy,
        pregnancy_id: c.pregnancyRef ? e.pregIds.get(c.pregnancyRef) : null,
        notes: c.note,
      }),
    );
  });
  services.sort((a, b) => a.day - b.day);
  for (const s of services) {
    s.id = e.next('services');
    e.sink.add('services', { id: s.id, ...s.row }, { created: s.at, day: s.day, township: e.townshipOn(s.day), refs: [['pregnancies', s.row.pregnancy_id]] });
  }

  const failedBy = new Map<EpisodeSpec, PregnancySpec>();
  for (const p of w.pregnancies) if (p.failureEpisode) failedBy.set(p.failureEpisode, p);
  for (const ep of w.episodes) {
    const opened = startService.get(ep);
    const closed = endService.get(ep);
    const entered = opened?.at ?? clock.event(ep.start, e.townshipOn(ep.start));
    let changed = entered;
    if (ep.end !== null) {
      const failure = failedBy.get(ep);
      const end = closed?.at ?? (failure ? e.pregAt.get(failure) : ep.endReason === 'exited' ? e.exitAt : undefined);
      changed = Math.max(entered, end ?? clock.change(ep.end, e.townshipOn(ep.end), entered));
    }
    e.sink.add(
      'contraception_episodes',
      {
        id: e.next('contraception_episodes'),
        woman_id: e.womanId,
        region_id: e.regionOn(ep.start),
        method: ep.method,
        started_on: isoOf(ep.start),
        ended_on: ep.end === null ? null : isoOf(ep.end),
        end_reason: ep.endReason,
        due_on: ep.due === null ? null : isoOf(ep.due),
        service_id: opened?.id ?? null,
        end_service_id: closed?.id ?? null,
        notes: ep.start < from && ep.startKind ? (from > ctx.windowStart ? '流入前已落实' : '建档前已落实') : null,
        created_by: e.clerkOn(ep.start),
        created_at: stampOf(entered),
        updated_at: stampOf(changed),
      },
      {
        created: entered,
        day: ep.start,
        township: e.townshipOn(ep.start),
        refs: [
          ['services', opened?.id],
          ['services', closed?.id],
        ],
      },
    );
  }
  followUpRows(e, services, startService);
  w.checks.forEach((c, i) => {
    const listed = clock.clamp(at(c.round.opened, 9));
    const service = checkService.get(i);
    const changed = service ? Math.max(service.at, listed) : c.status === 'excused' ? clock.clamp(workTime(rnd, c.round.opened + rnd.int(3, 30))) : listed;
    const id = e.next('check_results');
    // 三查: most women checked in a round with 查病 have its result, about 8 in 100 abnormal (a hash of the id, so the
    // random stream of everything else stays as it was).
    const h = (id * 2654435761) % 1000;
    const gyn = c.round.gynExam && c.status === 'done' && h < 950 ? (h % 100 < 8 ? 'abnormal' : 'normal') : null;
    e.sink.add(
      'check_results',
      {
        id,
        round_id: c.round.id,
        woman_id: e.womanId,
        status: c.status,
        service_id: service?.id ?? null,
        checked_on: c.day === null ? null : isoOf(c.day),
        iud_result: c.iud,
        pregnancy_result: c.pregnancy,
        gyn_result: gyn,
        gyn_note: gyn === 'abnormal' ? '宫颈炎症，建议复查' : null,
        note: c.note,
        created_by: ctx.townships[c.round.township].clerkId,
        created_at: stampOf(listed),
        updated_at: stampOf(Math.max(listed, changed)),
      },
      { created: listed, day: null, township: c.round.township, refs: [['services', service?.id]] },
    );
  });
}
