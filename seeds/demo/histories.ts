/**
 * A demo woman's status histories (marital_events, floating_events, hukou_events) and her registered_on, from her
 * simulated life: every marriage span is a dated first marriage or remarriage, its end a dated divorce or
 * widowhood; a current outflow or inflow an event at its start; the hukou kinds as registered. registered_on is
 * the day she came onto the county's register: the day she moved in (an inflow), else the day she turned 15 or
 * the county's start of records, whichever is later — never after her card was made.
 * Rows carry their ids (like every demo row) and an entry time that draws nothing from her random stream, so
 * adding them changes no other row of the demo.
 */
import { at, birthday, dayOf, dayOfInstant, isoOf, stampOf, type Day, type Instant } from './days.ts';
import type { GenContext, WomanLife } from './life.ts';
import type { Row } from './rows.ts';

/** The county's register (paper cards, then the WIS) holds women from this day on. */
export const RECORDS_START = dayOf('1995-06-01');

export function registeredOn(w: WomanLife, created: Instant): Day {
  const fifteen = birthday(w.birth, 15);
  const entry = w.migration.status === 'inflow' && w.migration.since !== null ? Math.max(w.migration.since, fifteen) : Math.max(fifteen, RECORDS_START);
  return Math.min(entry, dayOfInstant(created));
}

export interface HistoryRows {
  marital_events: Row[];
  floating_events: Row[];
  hukou_events: Row[];
}

/** The rows of her three histories; `spouseId` is the current husband's ID number (the card's). */
export function historyRows(ctx: GenContext, w: WomanLife, womanId: number, created: Instant, spouseId: string | null, next: (t: keyof HistoryRows) => number): HistoryRows {
  // Entered with the card, or (a later change) the working day after it happened; never after the load's cap.
  const entered = (day: Day) => stampOf(Math.min(Math.max(created, at(day + 1, 9, 30)), ctx.cap));
  const out: HistoryRows = { marital_events: [], floating_events: [], hukou_events: [] };
  w.spans.forEach((s, i) => {
    const current = i === w.spans.length - 1 && s.endedBy === null && w.spouse;
    out.marital_events.push({
      id: next('marital_events'),
      woman_id: womanId,
      kind: i === 0 ? 'first_marriage' : 'remarriage',
      effective_on: isoOf(s.start),
      undated: false,
      spouse_name: current ? w.spouse!.name : null,
      spouse_id_number: current ? spouseId : null,
      created_at: entered(s.start),
    });
    if (s.endedBy && s.end <= w.end) {
      out.marital_events.push({
        id: next('marital_events'),
        woman_id: womanId,
        kind: s.endedBy,
        effective_on: isoOf(s.end),
        undated: false,
        spouse_name: null,
        spouse_id_number: null,
        created_at: entered(s.end),
      });
    }
  });
  if (w.migration.status !== 'none' && w.migration.since !== null) {
    out.floating_events.push({
      id: next('floating_events'),
      woman_id: womanId,
      kind: w.migration.status,
      effective_on: isoOf(w.migration.since),
      undated: false,
      place: w.migration.place,
      created_at: entered(w.migration.since),
    });
  }
  out.hukou_events.push({ id: next('hukou_events'), woman_id: womanId, whose: 'woman', hukou_kind: w.hukou, effective_on: null, created_at: stampOf(created) });
  if (w.spouse) out.hukou_events.push({ id: next('hukou_events'), woman_id: womanId, whose: 'spouse', hukou_kind: w.spouse.hukou, effective_on: null, created_at: stampOf(created) });
  return out;
}
