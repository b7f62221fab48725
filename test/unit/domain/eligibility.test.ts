import { describe, expect, it } from 'vitest';
import { blockingReasons, evaluateEligibility, type CardFacts, type ChildFacts, type EligibilityInput } from '../../../src/domain/eligibility.ts';
import { makeIdNumber } from '../../../src/domain/id-number.ts';
import type { SubsidyProgram } from '../../../src/domain/codes.ts';

const ON = '2026-12-31';

function card(over: Partial<CardFacts> = {}): CardFacts {
  return {
    birthDate: '1964-05-01',
    hukouKind: 'agricultural',
    maritalStatus: 'first_marriage',
    status: 'exited',
    exitReason: 'over_age',
    exitDate: '2014-05-01',
    spouseName: '李建国',
    spouseIdNumber: makeIdNumber('990100', '1962-03-03', 11),
    spouseHukouKind: 'agricultural',
    ...over,
  };
}

function child(over: Partial<ChildFacts> = {}): ChildFacts {
  return {
    name: '李小红',
    sex: 'female',
    birthDate: '1988-06-01',
    policyStatus: 'compliant',
    vitalStatus: 'living',
    disabilityGrade: null,
    deathDate: null,
    ...over,
  };
}

function input(over: Partial<EligibilityInput> = {}): EligibilityInput {
  return { card: card(), children: [child()], certificates: [], beneficiary: 'woman', on: ON, ...over };
}

function check(program: SubsidyProgram, i: EligibilityInput, params = {}) {
  const e = evaluateEligibility(program, params, i);
  const by = Object.fromEntries(e.conditions.map((c) => [c.key, c]));
  return { e, by };
}

describe('common conditions', () => {
  it('beneficiary alive: met, woman deceased, spouse dead (widowed)', () => {
    expect(check('reward_assistance', input()).by.beneficiary_alive.result).toBe('met');
    const dead = check('reward_assistance', input({ card: card({ exitReason: 'deceased', exitDate: '2026-01-02' }) })).by.beneficiary_alive;
    expect(dead).toMatchObject({ result: 'not_met', detail: '本人已死亡（2026-01-02 出队）' });
    const widow = check('reward_assistance', input({ beneficiary: 'spouse', card: card({ maritalStatus: 'widowed' }) })).by.beneficiary_alive;
    expect(widow).toMatchObject({ result: 'not_met', field: 'marital_status' });
  });

  it('registered here: met, moved out', () => {
    expect(check('only_child_reward', input()).by.registered_here.result).toBe('met');
    const moved = check('only_child_reward', input({ card: card({ exitReason: 'moved_out', exitDate: '2025-09-01' }) })).by.registered_here;
    expect(moved).toMatchObject({ result: 'not_met', detail: '已迁出（2025-09-01）' });
  });
});

describe('奖扶 reward_assistance', () => {
  it('an eligible rural couple aged 60 with one child is met on every condition', () => {
    const { e } = check('reward_assistance', input());
    expect(e.result).toBe('met');
    expect(e.conditions.map((c) => c.key)).toEqual(['beneficiary_alive', 'registered_here', 'hukou_woman', 'hukou_spouse', 'age', 'children', 'compliance']);
    expect(blockingReasons(e)).toEqual([]);
  });

  it('hukou of the woman: non-agricultural is not met, missing is unknown, resident follows the parameter', () => {
    expect(check('reward_assistance', input({ card: card({ hukouKind: 'non_agricultural' }) })).by.hukou_woman).toMatchObject({ result: 'not_met', detail: '本人户口性质：非农业' });
    expect(check('reward_assistance', input({ card: card({ hukouKind: null }) })).by.hukou_woman).toMatchObject({ result: 'unknown', detail: '本人户口性质未填写', field: 'hukou_kind' });
    expect(check('reward_assistance', input({ card: card({ hukouKind: 'resident' }) })).by.hukou_woman.result).toBe('met');
    expect(check('reward_assistance', input({ card: card({ hukouKind: 'resident' }) }), { resident_hukou_accepted: false }).by.hukou_woman.result).toBe('not_met');
  });

  it('hukou of the spouse: missing is unknown with the field to fix; non-agricultural not met; widowed uses her own', () => {
    const missing = check('reward_assistance', input({ card: card({ spouseHukouKind: null }) }));
    expect(missing.by.hukou_spouse).toMatchObject({ result: 'unknown', detail: '配偶户口性质未填写', field: 'spouse_hukou_kind' });
    expect(missing.e.result).toBe('unknown');
    expect(blockingReasons(missing.e)).toEqual(['配偶为农业户口：配偶户口性质未填写']);
    expect(check('reward_assistance', input({ card: card({ spouseHukouKind: 'non_agricultural' }) })).by.hukou_spouse.result).toBe('not_met');
    expect(check('reward_assistance', input({ card: card({ maritalStatus: 'widowed', spouseHukouKind: null }) })).by.hukou_spouse.result).toBe('met');
  });

  it('age: 60 reached within the year is met, 59 is not, born before 1933 is not; the spouse needs an ID number', () => {
    expect(check('reward_assistance', input({ card: card({ birthDate: '1966-12-31' }) })).by.age).toMatchObject({ result: 'met', detail: '本人至 2026-12-31 为 60 周岁' });
    expect(check('reward_assistance', input({ card: card({ birthDate: '1967-01-01' }) })).by.age).toMatchObject({ result: 'not_met' });
    expect(check('reward_assistance', input({ card: card({ birthDate: '1932-12-31' }) })).by.age.result).toBe('not_met');
    expect(check('reward_assistance', input({ card: card({ birthDate: '1970-01-01' }) }), { min_age: 55 }).by.age.result).toBe('met');
    expect(check('reward_assistance', input({ beneficiary: 'spouse' })).by.age).toMatchObject({ result: 'met', detail: '配偶至 2026-12-31 为 64 周岁' });
    expect(check('reward_assistance', input({ beneficiary: 'spouse', card: card({ spouseIdNumber: null }) })).by.age).toMatchObject({ result: 'unknown', field: 'spouse_id_number' });
    const young = makeIdNumber('990100', '1970-01-01', 13);
    expect(check('reward_assistance', input({ beneficiary: 'spouse', card: card({ spouseIdNumber: young }) })).by.age.result).toBe('not_met');
  });

  it('children: one living, two daughters, all deceased are met; two with a son, three, or none ever are not', () => {
    const r = (children: ChildFacts[]) => check('reward_assistance', input({ children })).by.children;
    expect(r([child()]).result).toBe('met');
    expect(r([child(), child({ birthDate: '1992-01-01' })]).detail).toBe('现存两个女孩');
    expect(r([child({ vitalStatus: 'deceased', deathDate: '2010-01-01' })]).result).toBe('met');
    expect(r([child({ vitalStatus: 'disabled', disabilityGrade: 2 })]).result).toBe('met');
    expect(r([child(), child({ sex: 'male', birthDate: '1992-01-01' })])).toMatchObject({ result: 'not_met', detail: '现存 2 个子女（非两个女孩）' });
    expect(r([child(), child({ birthDate: '1992-01-01' }), child({ birthDate: '1995-01-01' })]).result).toBe('not_met');
    expect(r([]).result).toBe('not_met');
  });

  it('compliance: a non-compliant birth since 1973 is not met, before 1973 is ignored', () => {
    const bad = check('reward_assistance', input({ children: [child({ policyStatus: 'non_compliant', name: '李二' })] })).by.compliance;
    expect(bad).toMatchObject({ result: 'not_met', detail: '不符合政策生育：李二（1988-06-01）' });
    expect(check('reward_assistance', input({ children: [child({ policyStatus: 'non_compliant', birthDate: '1970-01-01' })] })).by.compliance.result).toBe('met');
  });
});

describe('特扶 special_assistance_death', () => {
  const dead = child({ vitalStatus: 'deceased', deathDate: '2015-04-01' });

  it('the only child died, mother 49+: met', () => {
    const { e } = check('special_assistance_death', input({ children: [dead] }));
    expect(e.result).toBe('met');
    expect(e.conditions.map((c) => c.key)).toEqual(['beneficiary_alive', 'registered_here', 'only_one_child', 'child_deceased', 'no_living_child', 'mother_age', 'no_later_birth']);
  });

  it('only one child: two born is not met; none recorded is unknown unless a certificate is held', () => {
    expect(check('special_assistance_death', input({ children: [dead, child({ birthDate: '1990-01-01' })] })).by.only_one_child.result).toBe('not_met');
    expect(check('special_assistance_death', input({ children: [] })).by.only_one_child).toMatchObject({ result: 'unknown', field: 'children' });
    const cert = { kind: 'only_child_glory', number: 'GR-1', issuedOn: '1990-01-01', revokedOn: null };
    expect(check('special_assistance_death', input({ children: [], certificates: [cert] })).by.only_one_child.result).toBe('met');
  });

  it('child deceased: living is not met, none recorded unknown', () => {
    expect(check('special_assistance_death', input({ children: [child()] })).by.child_deceased.result).toBe('not_met');
    expect(check('special_assistance_death', input({ children: [] })).by.child_deceased.result).toBe('unknown');
    expect(check('special_assistance_death', input({ children: [dead] })).by.child_deceased.result).toBe('met');
  });

  it('no living child: a living child is not met; none recorded unknown', () => {
    expect(check('special_assistance_death', input({ children: [dead, child({ birthDate: '2017-01-01' })] })).by.no_living_child.result).toBe('not_met');
    expect(check('special_assistance_death', input({ children: [] })).by.no_living_child.result).toBe('unknown');
  });

  it('mother age: 48 is not met; the threshold is a parameter', () => {
    expect(check('special_assistance_death', input({ children: [dead], card: card({ birthDate: '1978-06-01' }) })).by.mother_age.result).toBe('not_met');
    expect(check('special_assistance_death', input({ children: [dead], card: card({ birthDate: '1978-06-01' }) }), { mother_min_age: 45 }).by.mother_age.result).toBe('met');
  });

  it('no later birth: a birth after the death is not met; no children unknown', () => {
    const later = check('special_assistance_death', input({ children: [dead, child({ birthDate: '2017-01-01' })] })).by.no_later_birth;
    expect(later).toMatchObject({ result: 'not_met', detail: '2015-04-01 后又生育 1 个子女' });
    expect(check('special_assistance_death', input({ children: [] })).by.no_later_birth.result).toBe('unknown');
    expect(check('special_assistance_death', input({ children: [dead] })).by.no_later_birth.result).toBe('met');
  });
});

describe('特扶 special_assistance_disability', () => {
  it('grade 1–3 met; grade 4 not met; no grade unknown; living or deceased not met', () => {
    const d = (over: Partial<ChildFacts>) => check('special_assistance_disability', input({ children: [child(over)] })).by.child_disabled;
    expect(d({ vitalStatus: 'disabled', disabilityGrade: 3 }).result).toBe('met');
    expect(d({ vitalStatus: 'disabled', disabilityGrade: 4 })).toMatchObject({ result: 'not_met', detail: '伤残等级为4级' });
    expect(d({ vitalStatus: 'disabled', disabilityGrade: null })).toMatchObject({ result: 'unknown', field: 'disability_grade' });
    expect(d({}).result).toBe('not_met');
    expect(d({ vitalStatus: 'deceased', deathDate: '2010-01-01' }).result).toBe('not_met');
    expect(check('special_assistance_disability', input({ children: [] })).by.child_disabled.result).toBe('unknown');
  });

  it('the whole program: met with an only disabled child and mother 49+, not met with a second child', () => {
    const ok = input({ children: [child({ vitalStatus: 'disabled', disabilityGrade: 1 })] });
    expect(check('special_assistance_disability', ok).e.result).toBe('met');
    const two = input({ children: [child({ vitalStatus: 'disabled', disabilityGrade: 1 }), child({ birthDate: '1999-01-01' })] });
    const r = check('special_assistance_disability', two);
    expect(r.by.only_one_child.result).toBe('not_met');
    expect(r.by.child_disabled.result).toBe('not_met');
    expect(check('special_assistance_disability', ok, { max_disability_grade: 2 }).e.result).toBe('met');
    expect(check('special_assistance_disability', input({ children: [child({ vitalStatus: 'disabled', disabilityGrade: 3 })] }), { max_disability_grade: 2 }).e.result).toBe('not_met');
  });
});

describe('独生子女父母奖励费 only_child_reward', () => {
  const cert = { kind: 'only_child_glory', number: 'GR-2', issuedOn: '1990-01-01', revokedOn: null };

  it('certificate: held is met, revoked is not met, missing is not met with the field', () => {
    expect(check('only_child_reward', input({ certificates: [cert] })).e.result).toBe('met');
    expect(check('only_child_reward', input({ certificates: [{ ...cert, revokedOn: '2017-03-01' }] })).by.certificate).toMatchObject({ result: 'not_met', detail: '光荣证 GR-2 已于 2017-03-01 收回' });
    expect(check('only_child_reward', input()).by.certificate).toMatchObject({ result: 'not_met', field: 'certificates' });
  });

  it('exactly one living child: two living not met, none recorded unknown, one of two deceased met', () => {
    const c = (children: ChildFacts[]) => check('only_child_reward', input({ certificates: [cert], children })).by.one_living_child;
    expect(c([child(), child({ birthDate: '1999-01-01' })]).result).toBe('not_met');
    expect(c([]).result).toBe('unknown');
    expect(c([child(), child({ birthDate: '1999-01-01', vitalStatus: 'deceased', deathDate: '2000-01-01' })]).result).toBe('met');
  });
});

describe('辅助生育 assisted_reproduction', () => {
  const dead = child({ vitalStatus: 'deceased', deathDate: '2020-01-01' });
  const a = (priorFen: number, requestedFen: number | null, capFen: number | null = 5_000_000) => ({ capFen, priorFen, requestedFen });

  it('失独 family under the cap: met', () => {
    const { e, by } = check('assisted_reproduction', input({ children: [dead], assisted: a(1_000_000, 2_000_000) }));
    expect(e.result).toBe('met');
    expect(by.cap.detail).toBe('已批准及在审 10000.00 元 + 本次 20000.00 元 = 30000.00 元，上限 50000.00 元');
  });

  it('shidu: a living child is not met, none recorded unknown', () => {
    expect(check('assisted_reproduction', input({ children: [child()], assisted: a(0, 100) })).by.shidu.result).toBe('not_met');
    expect(check('assisted_reproduction', input({ children: [], assisted: a(0, 100) })).by.shidu.result).toBe('unknown');
  });

  it('cap: exactly the cap is met, one fen over is not; no amount or no standard is unknown', () => {
    expect(check('assisted_reproduction', input({ children: [dead], assisted: a(3_000_000, 2_000_000) })).by.cap.result).toBe('met');
    expect(check('assisted_reproduction', input({ children: [dead], assisted: a(3_000_000, 2_000_001) })).by.cap.result).toBe('not_met');
    expect(check('assisted_reproduction', input({ children: [dead], assisted: a(0, null) })).by.cap).toMatchObject({ result: 'unknown', field: 'amount_requested' });
    expect(check('assisted_reproduction', input({ children: [dead], assisted: a(0, 100, null) })).by.cap.result).toBe('unknown');
  });
});
