/**
 * Rules about contraception and certificates (DESIGN §5; domain-notes C7–C9, C11, C14): one current method, a
 * removal needs the method it removes, nothing after a sterilisation except a recorded reversal, a pregnancy
 * while a long-acting method is in place is a contraceptive failure, married women without a method go on the
 * 应措 roster, and a 独生子女父母光荣证 does not survive a second living child.
 */
import { finding, type EpisodeFacts, type Finding, type Rule } from './consistency-core.ts';
import { pregnancyStart } from './consistency-family.ts';
import { addMonths, ageOn } from './dates.ts';
import { LONG_ACTING_METHODS, MARRIED_STATUSES, METHOD, TERMINAL_METHODS, label, type MaritalStatus, type Method } from './codes.ts';
import { EXIT_AGE } from './consistency-person.ts';

/** A birth this recent excuses a married woman from the 应措 roster for now. */
export const RECENT_BIRTH_MONTHS = 6;
/**
 * End reasons after which a sterilisation no longer rules out another method: a reversal or a failure; for the
 * husband's sterilisation also 'other' (a new husband after divorce or widowhood).
 */
export function sterilizationLifted(e: EpisodeFacts): boolean {
  return e.end_reason === 'reversal' || e.end_reason === 'failure' || (e.method === 'male_sterilization' && e.end_reason === 'other');
}

const REMOVALS: Record<string, Method> = { iud_removal: 'iud', implant_removal: 'implant' };

export function episodeLabel(e: EpisodeFacts): string {
  return `${label(METHOD, e.method)}（${e.started_on}起${e.ended_on ? `，${e.ended_on}止` : ''}）`;
}

const isLongActing = (m: string) => (LONG_ACTING_METHODS as readonly string[]).includes(m);
const isTerminal = (m: string) => (TERMINAL_METHODS as readonly string[]).includes(m);
const openOn = (e: EpisodeFacts, d: string) => e.started_on <= d && (!e.ended_on || e.ended_on > d);

/** E: a removal (when the card knows its services) finds the method in place and closes it. */
export const removalNeedsMethod: Rule = ({ episodes, services }) => {
  const out: Finding[] = [];
  for (const s of services ?? []) {
    const method = REMOVALS[s.kind];
    if (!method) continue;
    const had = episodes.some((e) => e.method === method && e.started_on <= s.performed_on && (!e.ended_on || e.ended_on >= s.performed_on));
    const stillOpen = episodes.find((e) => e.method === method && !e.ended_on && e.started_on < s.performed_on);
    if (!had) out.push(finding('removal_without_method', `${s.performed_on} 取出${label(METHOD, method)}，但当时没有在用的${label(METHOD, method)}`, 'kind'));
    else if (stillOpen) out.push(finding('removal_without_method', `${s.performed_on} 已取出，但${episodeLabel(stillOpen)}仍为在用`, 'kind'));
  }
  return out;
};

/** E: one method at a time (an episode ends on or before the next one starts). */
export const oneMethodAtATime: Rule = ({ episodes }) => {
  const out: Finding[] = [];
  const sorted = [...episodes].sort((a, b) => (a.started_on < b.started_on ? -1 : a.started_on > b.started_on ? 1 : 0));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (!a.ended_on || a.ended_on > b.started_on) {
        out.push(finding('method_overlap', `${episodeLabel(a)}与${episodeLabel(b)}时间重叠：同一时间只能有一项措施`, 'started_on'));
      }
    }
  }
  return out;
};

/** E: nothing in the future. */
export const episodeDates: Rule = ({ episodes }, today) =>
  episodes.filter((e) => e.started_on > today || (e.ended_on && e.ended_on > today)).map((e) => finding('episode_dates', `${episodeLabel(e)}的日期晚于今天`, 'started_on'));

/** E: after a sterilisation, no other method unless the sterilisation ended by reversal (or failed). */
export const nothingAfterSterilization: Rule = ({ episodes }) => {
  const out: Finding[] = [];
  for (const t of episodes.filter((e) => isTerminal(e.method))) {
    for (const e of episodes) {
      if (e === t || e.started_on < t.started_on) continue;
      const lifted = t.ended_on && t.ended_on <= e.started_on && sterilizationLifted(t);
      if (!lifted) out.push(finding('after_sterilization', `${episodeLabel(t)}之后又登记了${episodeLabel(e)}：绝育后须先登记复通`, 'method'));
    }
  }
  return out;
};

/** E: a pregnancy found while a long-acting method was in place is marked as a contraceptive failure. */
export const failureMarked: Rule = ({ pregnancies, episodes }) => {
  const out: Finding[] = [];
  for (const p of pregnancies.filter((x) => !x.contraceptive_failure)) {
    const e = episodes.find((x) => isLongActing(x.method) && (openOn(x, p.found_on) || (x.ended_on === p.found_on && x.end_reason === 'failure')));
    if (e) out.push(finding('pregnancy_method_unmarked', `${p.found_on} 发现怀孕时${episodeLabel(e)}在用：须标记为避孕失败`, 'contraceptive_failure'));
  }
  return out;
};

/** E: while pregnant, no method is in use (opening a pregnancy ends the method). */
export const noMethodWhilePregnant: Rule = ({ pregnancies, episodes }) => {
  const ongoing = pregnancies.find((p) => p.outcome === 'ongoing');
  if (!ongoing) return [];
  return episodes.filter((e) => !e.ended_on).map((e) => finding('pregnant_with_method', `妊娠中（${pregnancyStart(ongoing)}起）仍登记有在用措施${episodeLabel(e)}`, 'method'));
};

/** W: married, under 50, not pregnant, no method, no recent birth and no birth registration → 应措花名册. */
export const shouldAdopt: Rule = ({ woman, pregnancies, episodes, children, certificates }, today) => {
  if (!(MARRIED_STATUSES as readonly string[]).includes(woman.marital_status as MaritalStatus)) return [];
  if (ageOn(woman.birth_date, today) >= EXIT_AGE) return [];
  if (pregnancies.some((p) => p.outcome === 'ongoing') || episodes.some((e) => !e.ended_on)) return [];
  const since = addMonths(today, -RECENT_BIRTH_MONTHS);
  const recentBirth = children.some((c) => c.birth_date > since) || pregnancies.some((p) => (p.outcome === 'live_birth' || p.outcome === 'stillbirth') && (p.outcome_date ?? '') > since);
  if (recentBirth) return [];
  const planning = certificates.some((c) => c.kind === 'birth_registration' && !c.revoked_on && (!c.expires_on || c.expires_on >= today));
  if (planning) return [];
  return [finding('should_adopt', '已婚，未怀孕、未避孕，近期无生育，也无有效的生育登记：应落实避孕措施（应措）')];
};

/** W: an IUD or implant past its due date (removal list). */
export const iudOverdue: Rule = ({ episodes }, today) =>
  episodes
    .filter((e) => !e.ended_on && (e.method === 'iud' || e.method === 'implant') && e.due_on && e.due_on < today)
    .map((e) => finding('iud_overdue', `${episodeLabel(e)}已于 ${e.due_on} 到期，应取出或更换`));

/** W: a 独生子女父母光荣证 still valid while two or more children are alive: revoke it. */
export const gloryCertificate: Rule = ({ certificates, children }) => {
  const living = children.filter((c) => c.vital_status !== 'deceased').length;
  if (living < 2) return [];
  return certificates
    .filter((c) => c.kind === 'only_child_glory' && !c.revoked_on)
    .map((c) => finding('glory_certificate_children', `持有独生子女父母光荣证（${c.number}），但现有 ${living} 个健在子女：应注销该证`));
};

/** W: a sterilisation on a card with no children (worth a second look). */
export const sterilizedWithChildren: Rule = ({ episodes, children }) => {
  const t = episodes.find((e) => isTerminal(e.method));
  return t && children.length === 0 ? [finding('sterilized_no_children', `已登记${episodeLabel(t)}，但卡上没有子女`)] : [];
};

export const methodRules: readonly Rule[] = [
  removalNeedsMethod,
  oneMethodAtATime,
  episodeDates,
  nothingAfterSterilization,
  failureMarked,
  noMethodWhilePregnant,
  shouldAdopt,
  iudOverdue,
  gloryCertificate,
  sterilizedWithChildren,
];
