/**
 * The 应措花名册 (should-adopt roster; domain-notes §2.6, C11; DESIGN §5 W "married, not pregnant, no method and
 * no recent birth"): who is on it on a given day, why she is on it, and why she left it. The roster of a month
 * is compared with the previous month-end: 增补 (additions) and 核减 (removals).
 *
 * Membership on day D — the same rule as the `should_adopt` finding, evaluated on D instead of today:
 *   on the register on D (active, or exited after D); married on D (by the marital history); under 50 on D; not pregnant on D (a pregnancy found on or before D and not ended by D);
 *   no method in use on D (an episode started on or before D and not ended by D); no birth in the 6 months up to
 *   D; no valid 生育登记 on D (she is planning a pregnancy).
 * A woman who delivered or ended a pregnancy and took up no method since is on it (after the 6-month grace for
 * a birth); so is one whose IUD was removed or expelled. Married on D is read from her marital history (the
 * latest 初婚/离婚/再婚/丧偶 event dated on or before D), so a divorce today does not rewrite last month's roster;
 * the village is the card's, except a village move recorded as a transfer.
 * The SQL of src/features/services/rosters/queries.ts computes the same set; a db test holds them together.
 */
import { addMonths, ageOn, type IsoDate } from './dates.ts';
import { EXIT_REASON, METHOD, label } from './codes.ts';
import { EXIT_AGE } from './register-person.ts';
import { isMarriageEvent } from './status-history.ts';

export const RECENT_BIRTH_MONTHS = 6;
/** The roster's upper age: the register's own (she leaves it on her 50th birthday). */
export const ROSTER_EXIT_AGE = EXIT_AGE;

export interface RosterFacts {
  woman: {
    birth_date: IsoDate;
    marital_status: string;
    marriage_date?: IsoDate | null;
    status: string;
    exit_date?: IsoDate | null;
    exit_reason?: string | null;
  };
  children: { birth_date: IsoDate }[];
  pregnancies: { found_on: IsoDate; outcome: string; outcome_date?: IsoDate | null }[];
  episodes: { method: string; started_on: IsoDate; ended_on?: IsoDate | null; end_reason?: string | null }[];
  certificates: { kind: string; issued_on: IsoDate; expires_on?: IsoDate | null; revoked_on?: IsoDate | null }[];
  /** Her marital history (marital_events), in the order it happened. */
  marital: { kind: string; effective_on: IsoDate }[];
}

type Facts = RosterFacts;

const onRegister = (f: Facts, d: IsoDate) => f.woman.status === 'active' || (!!f.woman.exit_date && f.woman.exit_date > d);
/** The marital event in force on D: the latest dated on or before it (the later one of a day). */
const maritalOn = (f: Facts, d: IsoDate) => {
  let found: Facts['marital'][number] | undefined;
  for (const e of f.marital) if (e.effective_on <= d && (!found || e.effective_on >= found.effective_on)) found = e;
  return found;
};
const married = (f: Facts, d: IsoDate) => isMarriageEvent(maritalOn(f, d)?.kind ?? '');
const pregnantOn = (f: Facts, d: IsoDate) => f.pregnancies.some((p) => p.found_on <= d && (p.outcome === 'ongoing' || (!!p.outcome_date && p.outcome_date > d)));
export const methodOn = (f: Facts, d: IsoDate) => f.episodes.find((e) => e.started_on <= d && (!e.ended_on || e.ended_on > d));
const recentBirth = (f: Facts, d: IsoDate) => {
  const since = addMonths(d, -RECENT_BIRTH_MONTHS);
  return (
    f.children.some((c) => c.birth_date > since && c.birth_date <= d) ||
    f.pregnancies.some((p) => (p.outcome === 'live_birth' || p.outcome === 'stillbirth') && !!p.outcome_date && p.outcome_date > since && p.outcome_date <= d)
  );
};
const planning = (f: Facts, d: IsoDate) =>
  f.certificates.some((c) => c.kind === 'birth_registration' && c.issued_on <= d && (!c.revoked_on || c.revoked_on > d) && (!c.expires_on || c.expires_on >= d));

export function shouldAdoptOn(f: Facts, d: IsoDate): boolean {
  return onRegister(f, d) && married(f, d) && ageOn(f.woman.birth_date, d) < ROSTER_EXIT_AGE && !pregnantOn(f, d) && !methodOn(f, d) && !recentBirth(f, d) && !planning(f, d);
}

/** Why she is on the roster on D: the latest thing that left her without a method. */
export function adoptReason(f: Facts, d: IsoDate): string {
  const events: { on: IsoDate; text: string }[] = [];
  for (const p of f.pregnancies) {
    if (p.outcome === 'ongoing' || !p.outcome_date || p.outcome_date > d) continue;
    events.push({ on: p.outcome_date, text: p.outcome === 'live_birth' || p.outcome === 'stillbirth' ? '产后未落实措施' : '流引产后未落实措施' });
  }
  for (const c of f.children) if (c.birth_date <= d) events.push({ on: c.birth_date, text: '产后未落实措施' });
  for (const e of f.episodes) {
    if (!e.ended_on || e.ended_on > d) continue;
    const how = e.end_reason === 'removed' ? '取出' : e.end_reason === 'expelled' ? '脱落' : '停用';
    events.push({ on: e.ended_on, text: `${label(METHOD, e.method)}${how}后未落实措施` });
  }
  const marriage = maritalOn(f, d);
  if (marriage && isMarriageEvent(marriage.kind)) events.push({ on: marriage.effective_on, text: '婚后未落实措施' });
  // Latest first; on the same day a pregnancy outcome explains more than the marriage.
  events.sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
  return events[0]?.text ?? '未落实避孕措施';
}

/** Why she left the roster between the two days (核减): the first condition that no longer holds on `d`. */
export function leaveReason(f: Facts, d: IsoDate, villageChanged = false): string {
  if (!onRegister(f, d)) return `出队（${label(EXIT_REASON, f.woman.exit_reason ?? 'other')}）`;
  if (villageChanged) return '迁出本村';
  if (ageOn(f.woman.birth_date, d) >= ROSTER_EXIT_AGE) return '年满50周岁';
  if (!married(f, d)) return '婚姻状况变化';
  const m = methodOn(f, d);
  if (m) return `已落实措施：${label(METHOD, m.method)}`;
  if (pregnantOn(f, d)) return '已怀孕';
  if (recentBirth(f, d)) return '近期生育';
  if (planning(f, d)) return '已办理生育登记';
  return '其他';
}

/** 增补 and 核减: who is on `after` and not on `before`, and the reverse (ids sorted). */
export function rosterChanges(before: Iterable<number>, after: Iterable<number>): { added: number[]; removed: number[] } {
  const b = new Set(before);
  const a = new Set(after);
  return {
    added: [...a].filter((id) => !b.has(id)).sort((x, y) => x - y),
    removed: [...b].filter((id) => !a.has(id)).sort((x, y) => x - y),
  };
}
