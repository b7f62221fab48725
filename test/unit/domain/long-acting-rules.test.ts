import { describe, expect, it } from 'vitest';
import { birthOrderWords, ruleInForce, withinDaysWords } from '../../../src/domain/long-acting-rules.ts';

describe('the dated long-acting rules', () => {
  const rules = [
    { effective_from: '2026-01-01', min_birth_order: 3, within_days: 90 },
    { effective_from: '1980-01-01', min_birth_order: 2, within_days: 180 },
  ];
  it('the rule in force on a date is the latest one dated on or before it', () => {
    expect(ruleInForce(rules, '2025-12-31')?.min_birth_order).toBe(2);
    expect(ruleInForce(rules, '2026-01-01')?.min_birth_order).toBe(3);
    expect(ruleInForce(rules, '2030-06-01')?.min_birth_order).toBe(3);
    expect(ruleInForce(rules, '1979-12-31')).toBeUndefined();
  });
  it('says a rule in words', () => {
    expect(birthOrderWords(2)).toBe('生育第 2 孩及以上');
    expect(withinDaysWords(180)).toBe('产后 180 天内');
  });
});
