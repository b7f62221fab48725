/** How the register names problems and changes for people: fix links per rule, one-line audit summaries. */
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/domain/consistency.ts';
import { auditSummary } from '../../../src/domain/audit-changes.ts';
import { fixLink, ruleLabel } from '../../../src/features/women/service.ts';

describe('fix links', () => {
  it('every rule leads to the card, its edit form or the section holding the conflict', () => {
    for (const rule of Object.keys(RULES)) expect(fixLink(7, rule), rule).toMatch(/^\/women\/7(\/edit#f-\w+|#\w+|\/exit|\/contraception\/new)?$/);
    expect(fixLink(7, 'marriage_age')).toBe('/women/7/edit#f-marriage_date');
    expect(fixLink(7, 'birth_spacing')).toBe('/women/7#children');
    expect(fixLink(7, 'pregnancy_overdue')).toBe('/women/7#pregnancies');
    expect(fixLink(7, 'method_overlap')).toBe('/women/7#contraception');
    expect(fixLink(7, 'should_adopt')).toBe('/women/7/contraception/new');
    expect(ruleLabel('over_age')).toBe('已满50周岁仍在册');
  });
});

describe('audit summaries', () => {
  it('say what changed in Chinese', () => {
    expect(auditSummary('card.update', { phone: '1' }, { phone: '2', version: 3 }, null)).toBe('联系电话：1 → 2');
    expect(auditSummary('card.update', { only_child: '', spouse_only_child: 'true' }, { only_child: 'false', spouse_only_child: '', version: 4 }, null)).toBe(
      '本人是否独生子女：不详 → 否；配偶是否独生子女：是 → 不详',
    );
    expect(auditSummary('episode.close', null, { method: 'iud', ended_on: '2026-01-01', end_reason: 'removed' }, null)).toBe('宫内节育器，2026-01-01 止（取出）');
    expect(auditSummary('birth.record', null, { pregnancy_closed: true, children: [{ birth_order: 2, name: '李二', sex: 'female', birth_date: '2026-02-20' }] }, null)).toBe(
      '第2孩 李二（女，2026-02-20），孕情以活产结束',
    );
    expect(auditSummary('card.reactivate', null, {}, '误操作')).toBe('原因：误操作');
  });
});
