/**
 * Status histories (婚姻 / 流动 / 户口性质): which event a change of the card's status records, and the rules for its
 * date. A figure for a past date reads these events, so an event must be dated in order: never in the future, not
 * before her birth (a marriage not before she turned 15), never before the previous event of the same history, and
 * each history follows its sequence (married → divorced/widowed → remarried …; outflow/inflow → return → …).
 * One message per rule; the services put it at the form's date field.
 */
import { addYears, type IsoDate } from './dates.ts';
import type { MaritalStatus, MigrantStatus } from './codes.ts';

export type MaritalEventKind = 'first_marriage' | 'divorce' | 'remarriage' | 'widowed';
export type FloatingEventKind = 'outflow' | 'inflow' | 'return';
export type HistoryKind = 'marital' | 'floating' | 'hukou';

export const MARITAL_EVENT: Record<MaritalEventKind, string> = { first_marriage: '初婚', divorce: '离婚', remarriage: '再婚', widowed: '丧偶' };
export const FLOATING_EVENT: Record<FloatingEventKind, string> = { outflow: '流出', inflow: '流入', return: '返回' };
export const HISTORY_KIND: Record<HistoryKind, string> = { marital: '婚姻', floating: '流动', hukou: '户口性质' };

/** The age from which a marriage can be on the register (the early-marriage rules on the card say more). */
export const MIN_MARRIAGE_AGE = 15;

export interface DatedEvent<K extends string = string> {
  kind: K;
  effective_on: IsoDate;
}

/** A marriage kind: the woman is married from this event on. */
export const isMarriageEvent = (k: string) => k === 'first_marriage' || k === 'remarriage';

/**
 * The marital event a change of the card's status records, or a message when the change cannot happen in that
 * order. `null` when the status did not change.
 */
export function maritalChange(from: MaritalStatus, to: MaritalStatus): { kind: MaritalEventKind } | { problem: string } | null {
  if (from === to) return null;
  const married = from === 'first_marriage' || from === 'remarried';
  const ended = from === 'divorced' || from === 'widowed';
  if (to === 'first_marriage') return from === 'unmarried' ? { kind: 'first_marriage' } : { problem: '已有婚史，不能再登记为初婚；再次结婚请选择“再婚”' };
  if (to === 'divorced' || to === 'widowed') {
    return married ? { kind: to === 'divorced' ? 'divorce' : 'widowed' } : { problem: '离婚或丧偶只能发生在已婚（初婚或再婚）期间' };
  }
  if (to === 'remarried') return ended ? { kind: 'remarriage' } : { problem: '再婚只能在离婚或丧偶之后；请先登记离婚或丧偶' };
  return { problem: '已有婚史，婚姻状况不能改回未婚' };
}

/** The floating events a change of the card's migrant status records, in order (outflow → inflow is a return, then an inflow). */
export function floatingChange(from: MigrantStatus, to: MigrantStatus): FloatingEventKind[] {
  if (from === to) return [];
  if (to === 'none') return ['return'];
  return from === 'none' ? [to] : ['return', to];
}

/** The event kinds that may follow the last one of the history (undefined: no event yet). */
function maritalAllowedAfter(last: MaritalEventKind | undefined): MaritalEventKind[] {
  if (!last) return ['first_marriage'];
  return isMarriageEvent(last) ? ['divorce', 'widowed'] : ['remarriage'];
}

function floatingAllowedAfter(last: FloatingEventKind | undefined): FloatingEventKind[] {
  return last === 'outflow' || last === 'inflow' ? ['return'] : ['outflow', 'inflow'];
}

export interface DateFacts {
  today: IsoDate;
  birthDate: IsoDate;
}

/** The date of any change: not in the future, not before her birth, not before the previous event. */
export function changeDateProblem(date: IsoDate, facts: DateFacts, previous?: IsoDate): string | undefined {
  if (date > facts.today) return `变更日期 ${date} 晚于今天，不能登记将来的变动`;
  if (date < facts.birthDate) return `变更日期 ${date} 早于出生日期 ${facts.birthDate}`;
  if (previous && date < previous) return `变更日期 ${date} 早于上一次变动的日期 ${previous}，请按时间顺序登记`;
  return undefined;
}

/**
 * A marital event of `kind` dated `date` after the history `before` (events in date order, the older first):
 * the sequence, then the date rules; a marriage not before she turned 15.
 */
export function maritalEventProblem(kind: MaritalEventKind, date: IsoDate, before: readonly DatedEvent<MaritalEventKind>[], facts: DateFacts): string | undefined {
  const last = before.at(-1);
  if (!maritalAllowedAfter(last?.kind).includes(kind)) {
    if (kind === 'remarriage') return '再婚只能在离婚或丧偶之后';
    if (kind === 'first_marriage') return '已有婚史，不能再登记初婚';
    return '离婚或丧偶只能发生在已婚（初婚或再婚）期间';
  }
  if (isMarriageEvent(kind) && date < addYears(facts.birthDate, MIN_MARRIAGE_AGE)) return `结婚日期 ${date} 时未满 ${MIN_MARRIAGE_AGE} 周岁`;
  return changeDateProblem(date, facts, last?.effective_on);
}

/** A floating event after the history `before`: a return only after an outflow or inflow, and in date order. */
export function floatingEventProblem(kind: FloatingEventKind, date: IsoDate, before: readonly DatedEvent<FloatingEventKind>[], facts: DateFacts): string | undefined {
  const last = before.at(-1);
  if (!floatingAllowedAfter(last?.kind).includes(kind)) {
    return kind === 'return' ? '只有流出或流入之后才能登记返回' : '上一次流出/流入尚未登记返回，请先登记返回';
  }
  return changeDateProblem(date, facts, last?.effective_on);
}

/**
 * A new date for an event already in its history (dating an undated one): after the event before it and not after
 * the one after it; a marriage not before 15.
 */
export function redateProblem<K extends string>(kind: K, date: IsoDate, previous: DatedEvent<K> | undefined, next: DatedEvent<K> | undefined, facts: DateFacts): string | undefined {
  if (isMarriageEvent(kind) && date < addYears(facts.birthDate, MIN_MARRIAGE_AGE)) return `结婚日期 ${date} 时未满 ${MIN_MARRIAGE_AGE} 周岁`;
  const problem = changeDateProblem(date, facts, previous?.effective_on);
  if (problem) return problem;
  if (next && date > next.effective_on) return `变更日期 ${date} 晚于下一次变动的日期 ${next.effective_on}，请按时间顺序登记`;
  return undefined;
}

/** The day a woman turned 15: where an imported card's register starts when the file does not say. */
export const fifteenthBirthday = (birthDate: IsoDate): IsoDate => addYears(birthDate, 15);

/** 建卡/迁入日期: not after today, not before her birth. */
export function registeredOnProblem(date: IsoDate, facts: DateFacts): string | undefined {
  if (date > facts.today) return `建卡/迁入日期 ${date} 晚于今天`;
  if (date < facts.birthDate) return `建卡/迁入日期 ${date} 早于出生日期 ${facts.birthDate}`;
  return undefined;
}
