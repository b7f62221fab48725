/**
 * What recording a service does to a woman's state (DESIGN §4 "services"; domain-notes §2.5 C7–C10): a pure plan
 * of state changes, or the reasons it is refused, worded for the service form. The services feature carries
 * the plan out through the register's state API, in one transaction with the service row, so the E rules of
 * src/domain/consistency.ts remain the backstop for anything this plan does not foresee.
 *
 *   iud_insertion / implant_insertion   open an `iud` / `implant` episode (an open short-acting method is switched);
 *                                       due for removal after the configured lifetime unless a date is given
 *   iud_removal / implant_removal       close that episode ('removed'); refused when it is not the open method
 *   female_ / male_sterilization        open the terminal episode (a husband's vasectomy is on the wife's card)
 *   sterilization_reversal              close the open sterilisation ('reversal')
 *   surgical_ / medical_abortion,
 *   induced_labour                      close the ongoing pregnancy with that outcome; with none recorded, a
 *                                       pregnancy is opened on the service date and closed in the same step
 *   ring_pregnancy_check                IUD absent → close the IUD ('expelled'); pregnancy positive → open a
 *                                       pregnancy (a contraceptive failure when a long-acting method is open);
 *                                       results that contradict the card are refused until the card is put right
 *   anything else                       no change of state
 */
import { addYears, type IsoDate } from './dates.ts';
import { LONG_ACTING_METHODS, METHOD, PROCEDURE_KIND, TERMINAL_METHODS, label, type Method } from './codes.ts';

export const TERMINATIONS = ['surgical_abortion', 'medical_abortion', 'induced_labour'] as const;
export type Termination = (typeof TERMINATIONS)[number];

export interface ServiceRequest {
  kind: string;
  performed_on: IsoDate;
  facility?: string;
  complication: string;
  complication_serious: boolean;
  iud_result?: 'present' | 'absent';
  pregnancy_result?: 'positive' | 'negative';
  contraceptive_failure: boolean;
  lmp_date?: IsoDate;
  due_on?: IsoDate;
}

export interface StateFacts {
  /** The current method (the episode with no end date), if any. */
  openEpisode?: { method: string; started_on: IsoDate };
  ongoingPregnancy?: { id: number; found_on: IsoDate };
  /** A sterilisation that still rules out other methods (not ended by reversal or failure). */
  sterilization?: { method: string; started_on: IsoDate };
}

/** Years an IUD or implant stays in before it is due for removal (data: device_lifetimes). */
export type Lifetimes = Partial<Record<'iud' | 'implant', number>>;
export const DEFAULT_LIFETIMES: Required<Lifetimes> = { iud: 8, implant: 5 };

export type Step =
  | { op: 'open_episode'; method: Method; due_on: IsoDate | null }
  | { op: 'close_episode'; method: Method; end_reason: 'removed' | 'expelled' | 'reversal' }
  | { op: 'open_pregnancy'; contraceptive_failure: boolean; lmp_date: IsoDate | null }
  | { op: 'close_pregnancy'; outcome: Termination };

export interface ServicePlan {
  /** A termination with no pregnancy on the card: open one on the service date before the service row. */
  createPregnancy?: { contraceptive_failure: boolean; lmp_date: IsoDate | null };
  steps: Step[];
}

export interface PlanResult {
  plan: ServicePlan;
  fieldErrors: Record<string, string>;
  formErrors: string[];
}

const isLongActing = (m: string) => (LONG_ACTING_METHODS as readonly string[]).includes(m);
const isTerminal = (m: string) => (TERMINAL_METHODS as readonly string[]).includes(m);
export const isProcedure = (kind: string) => kind in PROCEDURE_KIND;
export const isTermination = (kind: string): kind is Termination => (TERMINATIONS as readonly string[]).includes(kind);

const INSERTS: Record<string, Method> = { iud_insertion: 'iud', implant_insertion: 'implant' };
const REMOVALS: Record<string, Method> = { iud_removal: 'iud', implant_removal: 'implant' };
const STERILIZATIONS: Record<string, Method> = { female_sterilization: 'female_sterilization', male_sterilization: 'male_sterilization' };

function methodText(e: { method: string; started_on: IsoDate }): string {
  return `${label(METHOD, e.method)}（${e.started_on}起）`;
}

/** Plan the state changes of a service on a card, or say why it cannot be recorded (field → message). */
export function planService(s: ServiceRequest, state: StateFacts, today: IsoDate, lifetimes: Lifetimes = DEFAULT_LIFETIMES): PlanResult {
  const fieldErrors: Record<string, string> = {};
  const formErrors: string[] = [];
  const err = (field: string, message: string) => {
    fieldErrors[field] ??= message;
  };
  const plan: ServicePlan = { steps: [] };
  const open = state.openEpisode;
  const pregnant = state.ongoingPregnancy;

  if (s.performed_on > today) err('performed_on', '服务日期不能晚于今天');
  if (isProcedure(s.kind) && !s.facility) err('facility', '计划生育手术须填写服务机构');
  if (!isProcedure(s.kind) && s.complication !== 'none') err('complication', '检查及其他服务不填写并发症');
  if (s.complication_serious && s.complication === 'none') err('complication', '勾选了“严重并发症”，请选择并发症类型');
  if (s.kind !== 'ring_pregnancy_check') {
    if (s.iud_result) err('iud_result', '仅“查环查孕”填写查环结果');
    if (s.pregnancy_result) err('pregnancy_result', '仅“查环查孕”填写查孕结果');
  }
  if (s.due_on && !INSERTS[s.kind]) err('due_on', '仅上环、皮下埋植填写到期取出日期');
  if (s.due_on && s.due_on <= s.performed_on) err('due_on', '到期取出日期应晚于服务日期');
  if (s.lmp_date && s.lmp_date > s.performed_on) err('lmp_date', '末次月经日期不能晚于服务日期');

  const insert = INSERTS[s.kind];
  const removal = REMOVALS[s.kind];
  const sterilization = STERILIZATIONS[s.kind];

  if (insert || sterilization) {
    const method = insert ?? sterilization;
    const what = label(METHOD, method);
    if (state.sterilization) err('kind', `已登记${methodText(state.sterilization)}：绝育后不能再登记${what}；如已复通，请先登记绝育复通`);
    else if (pregnant) err('kind', `妊娠中（${pregnant.found_on} 发现）不能登记${what}，请先登记妊娠结局`);
    else if (open && open.method === method) err('kind', `已有在用的${methodText(open)}，不能重复登记；如已取出或脱落，请先登记取出或查环结果`);
    else if (open && isLongActing(open.method)) err('kind', `已有在用的${methodText(open)}，请先登记取出该措施，再登记${what}`);
    else if (open && s.performed_on < open.started_on) err('performed_on', `服务日期早于当前措施${methodText(open)}的开始日期`);
    const years = insert ? (lifetimes[insert as 'iud' | 'implant'] ?? DEFAULT_LIFETIMES[insert as 'iud' | 'implant']) : 0;
    plan.steps.push({ op: 'open_episode', method, due_on: insert ? (s.due_on ?? addYears(s.performed_on, years)) : null });
  } else if (removal) {
    const what = label(METHOD, removal);
    if (!open || open.method !== removal) {
      err('kind', `卡上没有在用的${what}，不能登记取出${open ? `（当前措施是${methodText(open)}）` : ''}；如放置未登记，请先补登放置记录`);
    } else if (s.performed_on < open.started_on) err('performed_on', `取出日期早于放置日期 ${open.started_on}`);
    plan.steps.push({ op: 'close_episode', method: removal, end_reason: 'removed' });
  } else if (s.kind === 'sterilization_reversal') {
    if (!open || !isTerminal(open.method)) err('kind', '卡上没有在用的绝育措施，不能登记复通');
    else plan.steps.push({ op: 'close_episode', method: open.method as Method, end_reason: 'reversal' });
  } else if (isTermination(s.kind)) {
    if (pregnant) {
      if (s.performed_on < pregnant.found_on) err('performed_on', `服务日期早于孕情发现日期 ${pregnant.found_on}`);
    } else {
      if (open && isLongActing(open.method) && !s.contraceptive_failure) {
        err('contraceptive_failure', `卡上未登记孕情，将按服务日期同时登记孕情；怀孕时${methodText(open)}在用，须勾选“避孕失败”`);
      }
      plan.createPregnancy = { contraceptive_failure: s.contraceptive_failure, lmp_date: s.lmp_date ?? null };
    }
    plan.steps.push({ op: 'close_pregnancy', outcome: s.kind });
  } else if (s.kind === 'ring_pregnancy_check') {
    planCheck(s, state, plan, err);
  }
  return { plan, fieldErrors, formErrors };
}

function planCheck(s: ServiceRequest, state: StateFacts, plan: ServicePlan, err: (field: string, message: string) => void) {
  const open = state.openEpisode;
  const pregnant = state.ongoingPregnancy;
  const hasIud = open?.method === 'iud';
  if (!s.pregnancy_result) err('pregnancy_result', '请选择查孕结果');
  if (hasIud && !s.iud_result) err('iud_result', `她有在用的${methodText(open!)}，请填写查环结果`);
  if (s.iud_result === 'present' && !hasIud) {
    err('iud_result', `查环结果为“有环”，但卡上没有在用的宫内节育器${open ? `（当前措施是${methodText(open)}）` : ''}：请先补登上环记录`);
  }
  if (s.iud_result === 'absent' && hasIud) {
    if (s.performed_on < open!.started_on) err('performed_on', `查环日期早于上环日期 ${open!.started_on}`);
    plan.steps.push({ op: 'close_episode', method: 'iud', end_reason: 'expelled' });
  }
  if (s.pregnancy_result === 'negative' && pregnant) {
    err('pregnancy_result', `查孕结果为阴性，但卡上有妊娠中的孕情（${pregnant.found_on} 发现）：请先登记该孕情的结局，再登记本次查孕`);
  }
  if (s.pregnancy_result === 'positive' && !pregnant) {
    // After an expulsion recorded in this same check, the IUD is no longer open: no failure mark is required.
    const stillOpen = s.iud_result === 'absent' && hasIud ? undefined : open;
    if (stillOpen && isLongActing(stillOpen.method) && !s.contraceptive_failure) {
      err('contraceptive_failure', `查孕阳性时${methodText(stillOpen)}在用：须勾选“避孕失败”，该措施将以“避孕失败”结束`);
    }
    plan.steps.push({ op: 'open_pregnancy', contraceptive_failure: s.contraceptive_failure, lmp_date: s.lmp_date ?? null });
  }
}
