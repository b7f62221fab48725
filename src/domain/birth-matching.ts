/**
 * Matching a birth from an outside list (hospital, police) to the register (issue 16 §3), pure: given the
 * mother's children on the register, is the listed child there (matched), there with a differing sex or birth
 * date (differs), or not recorded at all? And the 及时率 rule: a birth is recorded on time when it is entered
 * within BIRTH_RECORD_DAYS of the birth.
 */
import type { BirthMatch } from './codes.ts';
import { daysBetween, type IsoDate } from './dates.ts';

/**
 * 出生信息及时率: a birth is on time when it is entered within 30 days of the birth — the month a hospital has to
 * send its delivery list plus the month-end report that follows, the deadline the county's 目标管理责任书 sets
 * for 出生信息 (the township has until the next monthly report, i.e. about one month).
 */
export const BIRTH_RECORD_DAYS = 30;

/** A listed child and the child it is taken to be the same as differ by at most this much (a mistyped date). */
export const DIFFERS_WITHIN_DAYS = 31;

export interface ListedChild {
  name: string | null;
  sex: 'male' | 'female';
  birth_date: IsoDate;
}

export interface RegisterChild extends ListedChild {
  id: number;
}

export interface ChildMatch {
  status: Exclude<BirthMatch, 'unknown_mother'>;
  child?: RegisterChild;
}

/**
 * The register child a listed birth is: the same birth date and sex (matched); else the same date with the other
 * sex, or the same name born within DIFFERS_WITHIN_DAYS, or a nameless one within those days (differs, the
 * nearest date first); else not recorded. Children already taken by another row of the same mother are skipped
 * (twins on a list are two rows).
 */
export function matchChild(listed: ListedChild, children: readonly RegisterChild[], taken: ReadonlySet<number> = new Set()): ChildMatch {
  const free = children.filter((c) => !taken.has(c.id));
  const exact =
    free.find((c) => c.birth_date === listed.birth_date && c.sex === listed.sex && sameName(c, listed) !== false) ?? free.find((c) => c.birth_date === listed.birth_date && c.sex === listed.sex);
  if (exact) return { status: 'matched', child: exact };
  const sameDate = free.find((c) => c.birth_date === listed.birth_date);
  if (sameDate) return { status: 'differs', child: sameDate };
  const near = free
    .map((c) => ({ c, days: Math.abs(daysBetween(c.birth_date, listed.birth_date)) }))
    .filter(({ c, days }) => days <= DIFFERS_WITHIN_DAYS && sameName(c, listed) !== false)
    .sort((a, b) => a.days - b.days || Number(sameName(b.c, listed) === true) - Number(sameName(a.c, listed) === true));
  if (near[0]) return { status: 'differs', child: near[0].c };
  return { status: 'not_recorded' };
}

/** true / false when both names are known, undefined when either is missing. */
function sameName(a: ListedChild, b: ListedChild): boolean | undefined {
  if (!a.name || !b.name) return undefined;
  return a.name === b.name;
}

/** Recorded on time: entered (China date) no later than BIRTH_RECORD_DAYS after the birth. */
export function recordedOnTime(birthDate: IsoDate, enteredOn: IsoDate): boolean {
  return daysBetween(birthDate, enteredOn) <= BIRTH_RECORD_DAYS;
}
