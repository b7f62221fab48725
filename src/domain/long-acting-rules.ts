/**
 * The county's dated rules of 长效节育措施落实率 (issue 13): a rule applies to births from its effective date on,
 * so a figure of an earlier period keeps the rule it was judged by. Pure: which rule is in force on a date, and
 * a rule in words.
 */

/** No rule may start before the first one (the seeded rule of 1980). */
export const FIRST_RULE_DATE = '1980-01-01';

export interface DatedRule {
  effective_from: string;
  min_birth_order: number;
  within_days: number;
}

/** The rule in force on a date: the latest effective_from on or before it (undefined before the first). */
export function ruleInForce<R extends DatedRule>(rules: readonly R[], date: string): R | undefined {
  let best: R | undefined;
  for (const r of rules) if (r.effective_from <= date && (!best || r.effective_from > best.effective_from)) best = r;
  return best;
}

export const birthOrderWords = (order: number) => `生育第 ${order} 孩及以上`;
export const withinDaysWords = (days: number) => `产后 ${days} 天内`;
