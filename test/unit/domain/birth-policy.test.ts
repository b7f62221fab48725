import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposePolicy, rulesInUse, unknownCouple, type CoupleFacts, type PolicyRule } from '../../../src/domain/birth-policy.ts';
import { isoOf } from '../../../seeds/demo/days.ts';
import { POLICY_RULE_SETS, POLICY_RULES } from '../../../seeds/reference.ts';

const ALL: PolicyRule[] = POLICY_RULES.map((r) => ({ ...r, rule_set_name: POLICY_RULE_SETS.find((s) => s.code === r.rule_set_code)!.name }));
const NATIONAL = rulesInUse(ALL, 'national');
const PROVINCE = rulesInUse(ALL, 'example_province');

const couple = (facts: Partial<CoupleFacts> = {}): CoupleFacts => ({
  only_child: null,
  spouse_only_child: null,
  hukou_kind: 'non_agricultural',
  ethnicity: '汉族',
  marital_status: 'first_marriage',
  marriage_date: '2000-05-01',
  children: [{ birth_date: '2003-04-01', sex: 'male' }],
  ...facts,
});
const girlFirst = [{ birth_date: '2001-04-01', sex: 'female' }];

describe('the national rules (no condition)', () => {
  it('one child from 1980-09-25, two from 2016-01-01, three from 2021-05-31; no limit before', () => {
    expect(proposePolicy(NATIONAL, unknownCouple(), '1980-09-24', 4)).toMatchObject({ status: 'compliant', allowed: null });
    expect(proposePolicy(NATIONAL, couple(), '1980-09-25', 2)).toMatchObject({ status: 'non_compliant', allowed: 1 });
    expect(proposePolicy(NATIONAL, couple(), '2015-12-31', 2)).toMatchObject({ status: 'non_compliant', allowed: 1 });
    expect(proposePolicy(NATIONAL, couple(), '2016-01-01', 2)).toMatchObject({ status: 'compliant', allowed: 2 });
    expect(proposePolicy(NATIONAL, couple(), '2021-05-30', 3)).toMatchObject({ status: 'non_compliant', allowed: 2 });
    expect(proposePolicy(NATIONAL, couple(), '2021-05-31', 3)).toMatchObject({ status: 'compliant', allowed: 3 });
    expect(proposePolicy(NATIONAL, couple(), '2022-01-01', 4).status).toBe('non_compliant');
  });

  it('explains with the date the rule took effect and the order of this birth', () => {
    expect(proposePolicy(NATIONAL, couple(), '2017-03-01', 2).explanation).toBe('按 2016-01-01 起施行的国家政策可生育 2 个孩子，本次为第 2 孩');
  });

  it('ignores the couple conditions: a rural couple whose first child is a girl has one child in 2010', () => {
    const p = proposePolicy(NATIONAL, couple({ hukou_kind: 'agricultural', children: girlFirst }), '2010-06-01', 2);
    expect(p.status).toBe('non_compliant');
    expect(p.rule?.rule_set_code).toBe('national');
  });
});

describe('the example province', () => {
  it('一孩半: a rural couple whose first child is a girl may have a second child (2002-09-01 to 2015-12-31)', () => {
    const rural = couple({ hukou_kind: 'agricultural', children: girlFirst });
    const p = proposePolicy(PROVINCE, rural, '2010-06-01', 2);
    expect(p.status).toBe('compliant');
    expect(p.rule?.condition).toBe('rural_first_girl');
    expect(p.explanation).toBe('按示例省人口与计划生育条例（2002-09-01 起施行），农村一孩为女孩可生育 2 个孩子，本次为第 2 孩');
    expect(proposePolicy(PROVINCE, rural, '2002-08-31', 2).status).toBe('non_compliant');
    expect(proposePolicy(PROVINCE, rural, '2002-09-01', 2).status).toBe('compliant');
    expect(proposePolicy(PROVINCE, rural, '2015-12-31', 2).status).toBe('compliant');
    expect(proposePolicy(PROVINCE, rural, '2010-06-01', 3).status).toBe('non_compliant');
    // A boy first, or an urban couple: no.
    expect(proposePolicy(PROVINCE, couple({ hukou_kind: 'agricultural' }), '2010-06-01', 2).status).toBe('non_compliant');
    expect(proposePolicy(PROVINCE, couple({ children: girlFirst }), '2010-06-01', 2).status).toBe('non_compliant');
  });

  it('一孩半 with a 居民 hukou is unknown: not compliant, and the explanation says what to check', () => {
    const p = proposePolicy(PROVINCE, couple({ hukou_kind: 'resident', children: girlFirst }), '2010-06-01', 2);
    expect(p.status).toBe('non_compliant');
    expect(p.explanation).toContain('如农村一孩为女孩可生育 2 个孩子，请在信息卡补填户口性质');
  });

  it('双独: both spouses only children, and only when both facts are yes', () => {
    expect(proposePolicy(PROVINCE, couple({ only_child: true, spouse_only_child: true }), '2008-01-01', 2)).toMatchObject({ status: 'compliant', rule: { condition: 'both_only_children' } });
    expect(proposePolicy(PROVINCE, couple({ only_child: true, spouse_only_child: false }), '2008-01-01', 2).status).toBe('non_compliant');
    expect(proposePolicy(PROVINCE, couple({ only_child: false, spouse_only_child: true }), '2008-01-01', 2).status).toBe('non_compliant');
    expect(proposePolicy(PROVINCE, couple({ only_child: true, spouse_only_child: true }), '2002-08-31', 2).status).toBe('non_compliant');
  });

  it('unknown only-child facts make 双独 false and the explanation asks for them', () => {
    const p = proposePolicy(PROVINCE, couple({ only_child: true, spouse_only_child: null }), '2008-01-01', 2);
    expect(p.status).toBe('non_compliant');
    expect(p.explanation).toContain('如夫妻双方均为独生子女可生育 2 个孩子，请在信息卡补填“本人是否独生子女”和“配偶是否独生子女”');
    // Both known and no: nothing to fill in.
    expect(proposePolicy(PROVINCE, couple({ only_child: false, spouse_only_child: false }), '2008-01-01', 2).explanation).not.toContain('补填');
  });

  it('单独: one spouse an only child, from 2014-01-17', () => {
    const single = couple({ only_child: false, spouse_only_child: true });
    expect(proposePolicy(PROVINCE, single, '2014-01-16', 2).status).toBe('non_compliant');
    expect(proposePolicy(PROVINCE, single, '2014-01-17', 2)).toMatchObject({ status: 'compliant', rule: { condition: 'one_only_child' } });
    expect(proposePolicy(PROVINCE, single, '2015-12-31', 2).status).toBe('compliant');
    expect(proposePolicy(PROVINCE, couple({ only_child: true, spouse_only_child: null }), '2014-06-01', 2).status).toBe('compliant');
  });

  it('再婚: remarried, with at most one child of hers before this marriage', () => {
    const remarried = couple({ marital_status: 'remarried', marriage_date: '2006-01-01', children: [{ birth_date: '2001-01-01', sex: 'male' }] });
    expect(proposePolicy(PROVINCE, remarried, '2008-01-01', 2)).toMatchObject({ status: 'compliant', rule: { condition: 'remarried' } });
    const two = { ...remarried, children: [...remarried.children, { birth_date: '2003-01-01', sex: 'male' }] };
    expect(proposePolicy(PROVINCE, two, '2008-01-01', 3).status).toBe('non_compliant');
    expect(proposePolicy(PROVINCE, { ...remarried, marital_status: 'first_marriage' }, '2008-01-01', 2).status).toBe('non_compliant');
  });

  it('少数民族: a rural minority couple, not an urban one', () => {
    expect(proposePolicy(PROVINCE, couple({ ethnicity: '壮族', hukou_kind: 'agricultural' }), '2008-01-01', 2)).toMatchObject({ status: 'compliant', rule: { condition: 'ethnic_minority' } });
    expect(proposePolicy(PROVINCE, couple({ ethnicity: '壮族', hukou_kind: 'non_agricultural' }), '2008-01-01', 2).status).toBe('non_compliant');
  });

  it('the province rules end on 2015-12-31; the national two-child rule takes over', () => {
    const p = proposePolicy(PROVINCE, couple({ only_child: true, spouse_only_child: true }), '2016-01-01', 2);
    expect(p).toMatchObject({ status: 'compliant', rule: { rule_set_code: 'national', condition: 'none' } });
    expect(proposePolicy(PROVINCE, couple({ only_child: true, spouse_only_child: true }), '2016-01-01', 3).status).toBe('non_compliant');
  });
});

describe('a province never allows fewer than the nation', () => {
  const day = fc.integer({ min: 3000, max: 21000 }).map(isoOf);
  const tri = fc.constantFrom(true, false, null);
  const anyCouple = fc.record({
    only_child: tri,
    spouse_only_child: tri,
    hukou_kind: fc.constantFrom('agricultural', 'non_agricultural', 'resident'),
    ethnicity: fc.constantFrom('汉族', '壮族', '回族'),
    marital_status: fc.constantFrom('first_marriage', 'remarried', 'divorced'),
    marriage_date: fc.option(day, { nil: null }),
    children: fc.array(fc.record({ birth_date: day, sex: fc.constantFrom('male', 'female') }), { maxLength: 4 }),
  });

  it('allowed under the example set is at least the national rule in force, for any couple, date and order', () => {
    fc.assert(
      fc.property(anyCouple, day, fc.integer({ min: 1, max: 6 }), (c, date, order) => {
        const national = proposePolicy(NATIONAL, c, date, order);
        const province = proposePolicy(PROVINCE, c, date, order);
        if (national.allowed === null) return province.allowed === null;
        if (province.allowed === null || province.allowed < national.allowed) return false;
        // Compliant nationally stays compliant under the province.
        return national.status === 'non_compliant' || province.status === 'compliant';
      }),
      { seed: 20261206, numRuns: 500 },
    );
  });
});
