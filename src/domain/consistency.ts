/**
 * The rules that protect the register (DESIGN §5; domain-notes §2.5): pure functions over a card snapshot — the
 * woman, her children, pregnancies, contraception episodes, certificates and (when known) services — and the
 * date. Each rule returns findings: E blocks a save that introduces it, W goes to the township's exception list.
 *
 * The services of the register call `checkCard` before and after every change; a finding that is E after the
 * change and was not there before blocks it (legacy problems do not block unrelated edits). The same function
 * recomputes every card at night, for the rules that depend on the date.
 *
 * Rules are grouped by subject in consistency-person.ts (identity, marriage, residence, age),
 * consistency-family.ts (children and pregnancies) and consistency-methods.ts (contraception, certificates);
 * the types and the rule catalogue with Chinese labels are in consistency-core.ts; this file is the runner.
 */
import type { IsoDate } from './dates.ts';
import type { CardSnapshot, Finding, Rule, RuleKey } from './consistency-core.ts';
import { personRules } from './consistency-person.ts';
import { familyRules } from './consistency-family.ts';
import { methodRules } from './consistency-methods.ts';

export * from './consistency-core.ts';

export const ALL_RULES: readonly Rule[] = [...personRules, ...familyRules, ...methodRules];

/** Every finding on a card on a date. Exited cards are history: only their identity rules still apply. */
export function checkCard(s: CardSnapshot, today: IsoDate): Finding[] {
  const out = ALL_RULES.flatMap((rule) => rule(s, today));
  return s.woman.status === 'active' ? out : out.filter((f) => f.rule.startsWith('id_'));
}

/**
 * E findings in `after` that were not in `before` — what a save would introduce. Compared by rule and message,
 * so an old problem does not block an unrelated edit, but touching the record in conflict does.
 */
export function newErrors(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const old = new Set(before.filter((f) => f.level === 'E').map((f) => `${f.rule}\u0000${f.message}`));
  return after.filter((f) => f.level === 'E' && !old.has(`${f.rule}\u0000${f.message}`));
}

/** One row per rule (data_findings is unique per woman and rule): messages of the same rule are joined. */
export function mergeByRule(findings: readonly Finding[]): Finding[] {
  const byRule = new Map<RuleKey, Finding>();
  for (const f of findings) {
    const prev = byRule.get(f.rule);
    if (!prev) byRule.set(f.rule, { ...f });
    else if (!prev.message.split('；').includes(f.message)) prev.message = `${prev.message}；${f.message}`;
  }
  return [...byRule.values()];
}
