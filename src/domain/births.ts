/**
 * Births: birth order (孩次) and policy status (政策属性) proposed by the system (DESIGN §4, §5; GLOSSARY).
 *
 * - Birth order counts deliveries, not children: twins (children born within a day of each other) share one
 *   order, so a first delivery of twins is 一孩 for both.
 * - Policy status is proposed by the couple-level rules of src/domain/birth-policy.ts (the national history
 *   1980-09-25 one child, 2016-01-01 two, 2021-05-31 three, plus the county's provincial rule set); a clerk may
 *   override the proposal only with a permit number or a written reason (decidePolicyStatus below).
 */
import { addMonths, ageOn, daysBetween, type IsoDate } from './dates.ts';
import type { PolicyStatus } from './codes.ts';

/** Children born at most this many days apart are one delivery (twins born either side of midnight). */
export const SAME_DELIVERY_MAX_DAYS = 1;
/** Two deliveries of one mother must be at least this far apart (DESIGN §5). */
export const MIN_BIRTH_INTERVAL_MONTHS = 6;
/** A mother must have reached this age on the birth date (DESIGN §5). */
export const MIN_MOTHER_AGE_AT_BIRTH = 14;

export interface BirthPolicy {
  effective_from: IsoDate;
  children_allowed: number;
  note?: string;
}

export interface Dated {
  birth_date: IsoDate;
}

export function sameDelivery(a: IsoDate, b: IsoDate): boolean {
  return Math.abs(daysBetween(a, b)) <= SAME_DELIVERY_MAX_DAYS;
}

/** Children grouped into deliveries, in birth order (each group sorted by date). */
export function deliveries<T extends Dated>(children: readonly T[]): T[][] {
  const sorted = [...children].sort((a, b) => (a.birth_date < b.birth_date ? -1 : a.birth_date > b.birth_date ? 1 : 0));
  const groups: T[][] = [];
  for (const c of sorted) {
    const last = groups[groups.length - 1];
    if (last && sameDelivery(last[0].birth_date, c.birth_date)) last.push(c);
    else groups.push([c]);
  }
  return groups;
}

/** The proposed order of each child, aligned with the input array. */
export function proposeBirthOrders<T extends Dated>(children: readonly T[]): number[] {
  const orderOf = new Map<T, number>();
  deliveries(children).forEach((group, i) => group.forEach((c) => orderOf.set(c, i + 1)));
  return children.map((c) => orderOf.get(c)!);
}

/** The order a child born on `birthDate` would have among `existing` children. */
export function proposeBirthOrder(existing: readonly Dated[], birthDate: IsoDate): number {
  const probe = { birth_date: birthDate };
  const all = [...existing, probe];
  return proposeBirthOrders(all)[all.length - 1];
}

/** The policy in force on a date: the latest one that took effect on or before it (none before 1980-09-25). */
export function policyInForce(policies: readonly BirthPolicy[], date: IsoDate): BirthPolicy | undefined {
  let hit: BirthPolicy | undefined;
  for (const p of policies) if (p.effective_from <= date && (!hit || p.effective_from > hit.effective_from)) hit = p;
  return hit;
}

/**
 * The policy status a birth is saved with. A permit (再生育证/生育登记) makes a birth 符合政策 whatever the count
 * says, so with a permit and no choice made the status is compliant; the clerk may still choose otherwise, but
 * 不符合政策 beside a permit needs a written reason (the permit says the opposite), and any status other than
 * the proposal needs a permit or a reason. The consistency rules hold stored children to the same thing.
 */
export type PolicyDecision = { ok: true; status: PolicyStatus } | { ok: false; problem: 'override_unexplained' | 'permit_unexplained'; status: PolicyStatus };

export function decidePolicyStatus(proposed: PolicyStatus, entry: { policy_status?: PolicyStatus | null; permit_no?: string | null; policy_reason?: string | null }): PolicyDecision {
  const permit = !!entry.permit_no?.trim();
  const reason = !!entry.policy_reason?.trim();
  const status: PolicyStatus = entry.policy_status ?? (permit ? 'compliant' : proposed);
  if (permit && status === 'non_compliant' && !reason) return { ok: false, problem: 'permit_unexplained', status };
  if (status !== proposed && !permit && !reason) return { ok: false, problem: 'override_unexplained', status };
  return { ok: true, status };
}

/** Is the mother old enough on the birth date? */
export function motherOldEnough(motherBirth: IsoDate, childBirth: IsoDate): boolean {
  return ageOn(motherBirth, childBirth) >= MIN_MOTHER_AGE_AT_BIRTH;
}

/** Are two deliveries far enough apart (the later on or after the earlier plus six months)? */
export function farEnoughApart(earlier: IsoDate, later: IsoDate): boolean {
  return later >= addMonths(earlier, MIN_BIRTH_INTERVAL_MONTHS);
}
