/**
 * Status histories (状态变更记录): the marital, floating and hukou events behind the card's current status. A new
 * card gets the events of the state entered (newCardHistories); an edit that changes a status records the event
 * of that change, dated by the form (recordStatusChanges); an undated event can be dated later (dateEvent). The
 * card's columns stay the current state; the events are what a figure for a past date reads.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import type { HukouKind, MaritalStatus, MigrantStatus } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import {
  floatingChange,
  floatingEventProblem,
  isMarriageEvent,
  maritalChange,
  maritalEventProblem,
  MIN_MARRIAGE_AGE,
  redateProblem,
  registeredOnProblem,
  type DateFacts,
  type DatedEvent,
  type FloatingEventKind,
  type MaritalEventKind,
} from '../../../domain/status-history.ts';
import { addYears, maxDate } from '../../../domain/dates.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { pageInfo, pageWindow } from '../../../pagination.ts';
import { parseForm } from '../../../parse.ts';
import { auditCard } from '../cards/audit.ts';
import { lockCardInScope, todayOf, type WriteOptions } from '../cards/card-write.ts';
import * as q from './queries.ts';
import { EventDateForm, type ChangeDates } from './schemas.ts';

/** The card's status columns (the state a new card is created in, or a card before/after an edit). */
export interface CardStatus {
  birth_date: IsoDate;
  marital_status: MaritalStatus;
  marriage_date: IsoDate | null;
  spouse_name: string | null;
  spouse_id_number: string | null;
  migrant_status: MigrantStatus;
  migrant_since: IsoDate | null;
  migrant_place: string | null;
  hukou_kind: HukouKind;
  spouse_hukou_kind: HukouKind | null;
}

const fail = (field: string, problem: string | undefined) => {
  if (problem) throw ValidationError.field(field, problem);
};

/** A marriage on the card is not before she turned 15 (the card's early-marriage rules say the rest). */
function marriageAgeProblem(s: CardStatus): string | undefined {
  if (s.marriage_date && s.marriage_date < addYears(s.birth_date, MIN_MARRIAGE_AGE)) return `结婚日期 ${s.marriage_date} 时未满 ${MIN_MARRIAGE_AGE} 周岁`;
  return undefined;
}

/**
 * The events of a new card, checked: the marriage (initial: a remarried card's earlier marriage is not known),
 * the end of it for a divorced/widowed card (at marital_changed_on, or undated at today), a current outflow or
 * inflow at migrant_since, and the hukou kinds as registered. Throws a ValidationError at the field.
 */
export function newCardHistories(womanId: number, s: CardStatus, dates: Pick<ChangeDates, 'marital_changed_on'>, facts: DateFacts, createdBy: number | null): q.HistoryInserts {
  const out: q.HistoryInserts = { marital: [], floating: [], hukou: [] };
  fail('marriage_date', marriageAgeProblem(s));
  if (s.marital_status !== 'unmarried' && s.marriage_date) {
    const kind = s.marital_status === 'remarried' ? 'remarriage' : 'first_marriage';
    out.marital.push({ woman_id: womanId, kind, effective_on: s.marriage_date, undated: false, spouse_name: s.spouse_name, spouse_id_number: s.spouse_id_number, created_by: createdBy });
    if (s.marital_status === 'divorced' || s.marital_status === 'widowed') {
      const on = dates.marital_changed_on;
      if (on) fail('marital_changed_on', redateProblem('divorce', on, { kind, effective_on: s.marriage_date }, undefined, facts));
      const end = s.marital_status === 'divorced' ? 'divorce' : 'widowed';
      out.marital.push({ woman_id: womanId, kind: end, effective_on: on ?? facts.today, undated: !on, spouse_name: null, spouse_id_number: null, created_by: createdBy });
    }
  }
  if (s.migrant_status !== 'none') {
    const on = s.migrant_since ?? facts.today;
    out.floating.push({ woman_id: womanId, kind: s.migrant_status, effective_on: on, undated: !s.migrant_since, place: s.migrant_place, created_by: createdBy });
  }
  out.hukou.push({ woman_id: womanId, whose: 'woman', hukou_kind: s.hukou_kind, effective_on: null, created_by: createdBy });
  if (s.spouse_hukou_kind) out.hukou.push({ woman_id: womanId, whose: 'spouse', hukou_kind: s.spouse_hukou_kind, effective_on: null, created_by: createdBy });
  return out;
}

/** 建卡/迁入日期 of a card: checked at the field. */
export function checkRegisteredOn(date: IsoDate, facts: DateFacts): void {
  fail('registered_on', registeredOnProblem(date, facts));
}

/** Write the events of new cards (one card or an import's thousands), in bulk. */
export async function writeHistories(trx: Knex, rows: q.HistoryInserts): Promise<void> {
  await q.insertHistories(trx, rows);
}

const dated = <K extends string>(rows: { kind: string; effective_on: string }[]) => rows.map((r) => ({ kind: r.kind as K, effective_on: r.effective_on }));

/**
 * When an edit changes the migrant status to 流出/流入, migrant_since is the day of the change: the form's
 * migrant_changed_on (required then). Returns the values to save.
 */
export function migrantSinceOnChange<V extends { migrant_status: MigrantStatus; migrant_since?: IsoDate }>(before: { migrant_status: MigrantStatus }, v: V, dates: ChangeDates): V {
  if (before.migrant_status === v.migrant_status) return v;
  if (!dates.migrant_changed_on) throw ValidationError.field('migrant_changed_on', '流动状态有变化，请填写流动状态变更日期');
  return v.migrant_status === 'none' ? v : { ...v, migrant_since: dates.migrant_changed_on };
}

/**
 * After an edit of the card (inside its transaction, the row locked): the events of what changed, dated by the
 * form, checked against the history so far. Marriages are dated by the card's marriage date; the other changes
 * by the form's *_changed_on date, required when the status changed.
 */
export async function recordStatusChanges(trx: Knex, actor: Actor, woman: { id: number; region_id: number }, before: CardStatus, after: CardStatus, dates: ChangeDates, today: IsoDate): Promise<void> {
  const womanId = woman.id;
  const facts: DateFacts = { today, birthDate: after.birth_date };
  const by = actor.userId || null;
  const written: { history: string; kind: string; effective_on: string }[] = [];

  await healHistories(trx, womanId, before, facts, by);
  const m = maritalChange(before.marital_status, after.marital_status);
  const marital = await q.maritalEvents(trx, womanId);
  if (m && 'problem' in m) throw ValidationError.field('marital_status', m.problem);
  if (m) {
    const marriage = isMarriageEvent(m.kind);
    const on = marriage ? after.marriage_date : dates.marital_changed_on;
    if (!on) throw ValidationError.field(marriage ? 'marriage_date' : 'marital_changed_on', '婚姻状况有变化，请填写婚姻状况变更日期');
    fail(marriage ? 'marriage_date' : 'marital_changed_on', maritalEventProblem(m.kind, on, dated<MaritalEventKind>(marital), facts));
    await q.insertMaritalEvent(trx, {
      woman_id: womanId,
      kind: m.kind,
      effective_on: on,
      undated: false,
      spouse_name: marriage ? after.spouse_name : null,
      spouse_id_number: marriage ? after.spouse_id_number : null,
      created_by: by,
    });
    written.push({ history: 'marital', kind: m.kind, effective_on: on });
  } else {
    // The same status, its marriage corrected: the latest marriage event follows the card.
    const last = [...marital].reverse().find((e) => isMarriageEvent(e.kind));
    if (last && after.marriage_date && (last.effective_on !== after.marriage_date || last.spouse_name !== after.spouse_name || last.spouse_id_number !== after.spouse_id_number)) {
      const i = marital.indexOf(last);
      if (last.effective_on !== after.marriage_date) {
        fail('marriage_date', marriageAgeProblem(after) ?? redateProblem(last.kind, after.marriage_date, marital[i - 1], marital[i + 1], facts));
      }
      await q.updateMaritalEvent(trx, last.id, { effective_on: after.marriage_date, undated: false, spouse_name: after.spouse_name, spouse_id_number: after.spouse_id_number });
    }
  }

  const flows = floatingChange(before.migrant_status, after.migrant_status);
  if (flows.length) {
    const on = dates.migrant_changed_on;
    if (!on) throw ValidationError.field('migrant_changed_on', '流动状态有变化，请填写流动状态变更日期');
    const history = dated<FloatingEventKind>(await q.floatingEvents(trx, womanId));
    for (const kind of flows) {
      fail('migrant_changed_on', floatingEventProblem(kind, on, history, facts));
      await q.insertFloatingEvent(trx, { woman_id: womanId, kind, effective_on: on, undated: false, place: kind === 'return' ? null : after.migrant_place, created_by: by });
      history.push({ kind, effective_on: on });
      written.push({ history: 'floating', kind, effective_on: on });
    }
  }

  const hukouRows = await q.hukouEvents(trx, womanId);
  for (const whose of ['woman', 'spouse'] as const) {
    const was = whose === 'woman' ? before.hukou_kind : before.spouse_hukou_kind;
    const now = whose === 'woman' ? after.hukou_kind : after.spouse_hukou_kind;
    if (!now || was === now) continue;
    const mine = hukouRows.filter((r) => r.whose === whose);
    if (!mine.length) {
      // Not known before (a spouse's hukou filled in): the initial state, as registered.
      await q.insertHukouEvent(trx, { woman_id: womanId, whose, hukou_kind: now, effective_on: null, created_by: by });
      continue;
    }
    const on = dates.hukou_changed_on;
    if (!on) throw ValidationError.field('hukou_changed_on', '户口性质有变化，请填写户口性质变更日期');
    const previous = mine
      .map((r) => r.effective_on)
      .filter((d): d is string => !!d)
      .sort()
      .at(-1);
    fail('hukou_changed_on', redateProblem('hukou', on, previous ? { kind: 'hukou', effective_on: previous } : undefined, undefined, facts));
    await q.insertHukouEvent(trx, { woman_id: womanId, whose, hukou_kind: now, effective_on: on, created_by: by });
    written.push({ history: `hukou_${whose}`, kind: now, effective_on: on });
  }
  if (written.length) await auditCard(trx, actor, woman, 'history.record', { after: { events: written } });
}

/**
 * A card written without its histories (a raw insert by an older script or a fixture) gets, before its first
 * change, the histories of the state it is in — as a new card would have — so the change has something to follow.
 */
async function healHistories(trx: Knex, womanId: number, card: CardStatus, facts: DateFacts, by: number | null): Promise<void> {
  const [marital, floating, hukou] = [await q.maritalEvents(trx, womanId), await q.floatingEvents(trx, womanId), await q.hukouEvents(trx, womanId)];
  if (marital.length && floating.length && hukou.length) return;
  const initial = newCardHistories(womanId, card, {}, { ...facts, today: maxDate(facts.today, card.marriage_date ?? facts.today) }, by);
  await q.insertHistories(trx, {
    marital: marital.length ? [] : initial.marital,
    floating: floating.length ? [] : initial.floating,
    hukou: initial.hukou.filter((h) => !hukou.some((r) => r.whose === h.whose)),
  });
}

export interface StatusHistories {
  marital: q.MaritalEventRow[];
  floating: q.FloatingEventRow[];
  hukou: q.HukouEventRow[];
}

/** The three histories of a woman (the caller checked her scope). */
export async function historiesOf(db: Knex, womanId: number): Promise<StatusHistories> {
  return { marital: await q.maritalEvents(db, womanId), floating: await q.floatingEvents(db, womanId), hukou: await q.hukouEvents(db, womanId) };
}

export type EventHistory = 'marital' | 'floating';

/**
 * 补填日期: set the real date of an event (an undated one, usually), checked with the rules of its history: not in
 * the future, not before her birth, between the events before and after it. Audited.
 */
export async function dateEvent(db: Knex, actor: Actor, womanId: number, history: string, eventId: number, input: { effective_on?: unknown }, opts: WriteOptions = {}): Promise<void> {
  if (history !== 'marital' && history !== 'floating') throw new NotFoundError('未找到该变更记录。');
  const v = parseForm(EventDateForm, input);
  const today = todayOf(opts);
  await db.transaction(async (trx) => {
    const woman = await lockCardInScope(trx, actor, womanId);
    const events: { id: number; kind: string; effective_on: string }[] = history === 'marital' ? await q.maritalEvents(trx, womanId) : await q.floatingEvents(trx, womanId);
    const i = events.findIndex((e) => e.id === eventId);
    if (i < 0) throw new NotFoundError('未找到该变更记录。');
    const event = events[i]!;
    fail('effective_on', redateProblem(event.kind, v.effective_on, events[i - 1], events[i + 1], { today, birthDate: woman.birth_date }));
    if (history === 'marital') await q.updateMaritalEvent(trx, eventId, { effective_on: v.effective_on, undated: false });
    else await q.updateFloatingEvent(trx, eventId, { effective_on: v.effective_on, undated: false });
    await auditCard(trx, actor, woman, 'history.date', { before: { history, kind: event.kind, effective_on: event.effective_on }, after: { effective_on: v.effective_on } });
  });
}

/** The data-quality roster's group of undated events in the scope, one page of 50. */
export async function undatedRoster(db: Knex, scope: Scope, page: number | undefined) {
  const { limit, offset } = pageWindow(page);
  const { rows, total } = await q.undatedEvents(db, scope, { limit, offset });
  return { rows, page: pageInfo(total, page) };
}

export type { DatedEvent };
export type { HistoryInserts } from './queries.ts';
