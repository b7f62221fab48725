/**
 * The shapes of a generated life. A woman is simulated as dates first (integers, see days.ts): marriages,
 * pregnancies, contraception episodes, checks. Only then is she turned into rows (rows.ts), so every rule of
 * DESIGN §5 can be kept by construction while the dates are still easy to compare.
 */
import type { HukouKind, MaritalStatus, Method, PolicyStatus, PregnancyOutcome, ServiceKind } from '../../src/domain/codes.ts';
import type { ClosePlan } from './close-plan.ts';
import type { Day, Instant } from './days.ts';

export interface VillageRef {
  id: number;
  code: string;
  name: string;
  township: number;
  /** 镇, 乡 or 街道: hukou mix and addresses differ. */
  kind: 'zhen' | 'xiang' | 'jiedao';
  population: number;
}

export interface TownshipRef {
  id: number;
  code: string;
  name: string;
  clerkId: number;
  supId: number;
  villages: number[];
}

export interface RoundRef {
  id: number;
  township: number;
  /** Position among the five years' quarters (0 = oldest). */
  slot: number;
  opened: Day;
  closes: Day;
  /** 本轮含查病 (三查): the current quarter's round of two townships in three (preconception.ts). */
  gynExam: boolean;
}

export interface GenContext {
  seed: number;
  today: Day;
  /** Five years before today: the start of the generated service history. */
  windowStart: Day;
  villages: VillageRef[];
  townships: TownshipRef[];
  /** rounds[township][slot] */
  rounds: RoundRef[][];
  countyName: string;
  /** Month close as it happened: when each township-month was submitted and locked (close-plan.ts). */
  close: ClosePlan;
  /** Nothing is entered after this moment: the start of "today" in China. */
  cap: Instant;
  /** Running counters that must stay unique across the whole run (ID sequences, certificate numbers). */
  counters: { womenSeq: Map<Day, number>; menSeq: Map<Day, number>; permit: number; certificate: number; elders: number };
}

/** An open span (a marriage still going on) ends here: never reached. */
export const FOREVER: Day = 1e9;

/** A married period: [start, end). `end` is the divorce or the husband's death, or FOREVER. */
export interface Span {
  start: Day;
  end: Day;
  endedBy: 'divorce' | 'widowed' | null;
  husbandSurname: string;
}

export interface ChildSpec {
  name: string;
  sex: 'male' | 'female';
  vital: 'living' | 'deceased' | 'disabled';
  grade: number | null;
  death: Day | null;
}

export interface PregnancySpec {
  lmp: Day;
  found: Day;
  outcome: PregnancyOutcome;
  /** Outcome date; null while ongoing. */
  end: Day | null;
  failure: Method | null;
  failureEpisode: EpisodeSpec | null;
  /** Births only: the shared birth order (twins share one), policy classification and permit. */
  order: number | null;
  policy: PolicyStatus | null;
  permitNo: string | null;
  reason: string | null;
  children: ChildSpec[];
  /** Set when a double-check found the pregnancy: its service links to it. */
  foundByCheck: boolean;
}

export interface EpisodeSpec {
  method: Method;
  start: Day;
  end: Day | null;
  endReason: 'removed' | 'failure' | 'switched' | 'stopped' | 'exited' | null;
  due: Day | null;
  /** The procedure that opened it (iud_insertion, implant_insertion, *_sterilization), if any. */
  startKind: ServiceKind | null;
  /** The procedure that closed it (iud_removal, implant_removal). */
  endKind: ServiceKind | null;
  endNote: string | null;
}

export interface CheckSpec {
  round: RoundRef;
  status: 'due' | 'done' | 'excused';
  day: Day | null;
  iud: 'present' | 'not_applicable' | null;
  pregnancy: 'positive' | 'negative' | null;
  pregnancyRef: PregnancySpec | null;
  note: string | null;
}

export interface Spouse {
  name: string;
  birth: Day;
  hukou: HukouKind;
}

export interface Migration {
  status: 'none' | 'outflow' | 'inflow';
  place: string | null;
  since: Day | null;
  verified: Day | null;
}

export interface Transfer {
  fromVillage: number;
  movedOn: Day;
  reason: string;
}

export interface WomanLife {
  index: number;
  /** Current village (index into ctx.villages); before `transfer.movedOn` she lived in transfer.fromVillage. */
  village: number;
  transfer: Transfer | null;
  birth: Day;
  surname: string;
  name: string;
  ethnicity: string;
  hukou: HukouKind;
  hukouPlace: string;
  address: string;
  phone: string | null;
  status: 'active' | 'exited';
  exitReason: 'over_age' | 'moved_out' | 'deceased' | 'other' | null;
  exitDay: Day | null;
  exitNote: string | null;
  /** Today for active cards, the exit date for exited ones: nothing happens after it. */
  end: Day;
  marital: MaritalStatus;
  /** The stored marriage date: the current marriage for 再婚, else the first. */
  marriageDay: Day | null;
  spans: Span[];
  spouse: Spouse | null;
  migration: Migration;
  pregnancies: PregnancySpec[];
  episodes: EpisodeSpec[];
  checks: CheckSpec[];
}

/** The village a woman lived in on a given day (events keep the village where they happened). */
export function villageOn(w: WomanLife, day: Day): number {
  return w.transfer && day < w.transfer.movedOn ? w.transfer.fromVillage : w.village;
}

/** Was she married on `day`? */
export function marriedOn(w: WomanLife, day: Day): boolean {
  for (const s of w.spans) if (day >= s.start && day < s.end) return true;
  return false;
}

export function childrenBornBy(w: WomanLife, day: Day): number {
  let n = 0;
  for (const p of w.pregnancies) if (p.outcome === 'live_birth' && p.end !== null && p.end <= day) n += p.children.length;
  return n;
}
