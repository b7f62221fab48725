/**
 * Every rule of DESIGN §5, failing and passing. A base card passes every rule; each test changes one thing.
 */
import { describe, expect, it } from 'vitest';
import { checkCard, mergeByRule, newErrors, RULES, type CardSnapshot, type RuleKey } from '../../../src/domain/consistency.ts';
import { makeIdNumber } from '../../../src/domain/id-number.ts';

const TODAY = '2026-03-15';
const ID = makeIdNumber('990100', '1990-05-12', 2);
const HUSBAND = makeIdNumber('990100', '1988-02-01', 11);

function base(): CardSnapshot {
  return {
    woman: {
      id_number: ID,
      name: '王秀英',
      birth_date: '1990-05-12',
      status: 'active',
      marital_status: 'first_marriage',
      marriage_date: '2013-10-01',
      spouse_name: '李建国',
      spouse_id_number: HUSBAND,
      migrant_status: 'none',
    },
    children: [{ id: 1, name: '李明', sex: 'male', birth_date: '2015-04-02', birth_order: 1, policy_status: 'compliant', policy_proposed: 'compliant', vital_status: 'living' }],
    pregnancies: [{ id: 1, lmp_date: '2014-07-01', found_on: '2014-08-20', outcome: 'live_birth', outcome_date: '2015-04-02', contraceptive_failure: false }],
    episodes: [{ id: 1, method: 'iud', started_on: '2015-07-01', due_on: '2030-07-01' }],
    certificates: [],
    services: [],
  };
}

function rules(s: CardSnapshot, today = TODAY): RuleKey[] {
  return checkCard(s, today).map((f) => f.rule);
}

function messagesOf(s: CardSnapshot, rule: RuleKey, today = TODAY): string[] {
  return checkCard(s, today)
    .filter((f) => f.rule === rule)
    .map((f) => f.message);
}

describe('the base card', () => {
  it('passes every rule', () => {
    expect(checkCard(base(), TODAY)).toEqual([]);
  });

  it('every rule in the catalogue has a level and a Chinese label', () => {
    for (const [key, r] of Object.entries(RULES)) {
      expect(['E', 'W'], key).toContain(r.level);
      expect(r.label, key).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('identity (E)', () => {
  it('id_number_invalid: 18 characters with a valid check digit', () => {
    const s = base();
    s.woman.id_number = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
    expect(messagesOf(s, 'id_number_invalid')[0]).toBe('身份证号校验不通过，请逐位核对证件');
    s.woman.id_number = '12345';
    expect(messagesOf(s, 'id_number_invalid')[0]).toMatch(/18位/);
    s.woman.id_number = makeIdNumber('990100', '2026-03-16', 2);
    expect(messagesOf(s, 'id_number_invalid')[0]).toBe('身份证号中的出生日期在今天之后，请核对证件');
    expect(rules(base())).not.toContain('id_number_invalid');
  });

  it('id_birth_date_mismatch: the birth date agrees with the ID number', () => {
    const s = base();
    s.woman.birth_date = '1990-05-13';
    expect(messagesOf(s, 'id_birth_date_mismatch')[0]).toBe('出生日期 1990-05-13 与身份证号中的 1990-05-12 不符');
  });

  it('id_not_female: a woman has an even sequence digit', () => {
    const s = base();
    s.woman.id_number = makeIdNumber('990100', '1990-05-12', 3);
    expect(messagesOf(s, 'id_not_female')[0]).toMatch(/男性/);
  });

  it('duplicate_active_card: one active card per ID number, naming where the other one is', () => {
    const s = base();
    s.duplicates = [{ woman_id: 9, township_name: '东山镇', village_name: '上河村' }];
    expect(messagesOf(s, 'duplicate_active_card')[0]).toContain('东山镇 上河村');
    expect(rules(base())).not.toContain('duplicate_active_card');
  });

  it('spouse_id_invalid: the husband’s ID is valid, male and not hers', () => {
    const s = base();
    s.woman.spouse_id_number = makeIdNumber('990100', '1988-02-01', 12);
    expect(messagesOf(s, 'spouse_id_invalid')[0]).toMatch(/不是男性/);
    s.woman.spouse_id_number = ID;
    expect(messagesOf(s, 'spouse_id_invalid')[0]).toMatch(/与本人相同/);
    s.woman.spouse_id_number = HUSBAND.slice(0, 17) + (HUSBAND[17] === '0' ? '1' : '0');
    expect(messagesOf(s, 'spouse_id_invalid')[0]).toBe('配偶身份证号校验不通过，请逐位核对证件');
    s.woman.spouse_id_number = makeIdNumber('990100', '2030-01-01', 13);
    expect(messagesOf(s, 'spouse_id_invalid')[0]).toBe('配偶身份证号中的出生日期在今天之后，请核对证件');
  });
});

describe('marriage', () => {
  it('marriage_dates (E): married needs a date, unmarried has none, not in the future', () => {
    const s = base();
    s.woman.marriage_date = null;
    expect(messagesOf(s, 'marriage_dates')[0]).toMatch(/须填写结婚日期/);
    s.woman.marital_status = 'unmarried';
    s.woman.marriage_date = '2013-10-01';
    s.woman.spouse_name = null;
    expect(messagesOf(s, 'marriage_dates')[0]).toMatch(/未婚，但填写了结婚日期/);
    const f = base();
    f.woman.marriage_date = '2026-04-01';
    expect(messagesOf(f, 'marriage_dates')[0]).toMatch(/晚于今天/);
  });

  it('marriage_age (E): not before 20; with a recorded legal exception it is only a W (early_marriage)', () => {
    const s = base();
    s.woman.marriage_date = '2009-05-11';
    const e = checkCard(s, TODAY).find((f) => f.rule === 'marriage_age');
    expect(e).toMatchObject({ level: 'E', field: 'marriage_date' });
    expect(e!.message).toContain('年仅 18 周岁');
    s.woman.early_marriage_note = '民族自治地方婚姻条例规定女18周岁';
    expect(rules(s)).not.toContain('marriage_age');
    expect(checkCard(s, TODAY).find((f) => f.rule === 'early_marriage')).toMatchObject({ level: 'W' });
    const ok = base();
    ok.woman.marriage_date = '2010-05-12';
    expect(rules(ok)).not.toContain('marriage_age');
  });

  it('spouse_missing (W): a married woman’s husband is named', () => {
    const s = base();
    s.woman.spouse_name = '';
    expect(checkCard(s, TODAY).find((f) => f.rule === 'spouse_missing')?.level).toBe('W');
    s.woman.marital_status = 'divorced';
    expect(rules(s)).not.toContain('spouse_missing');
  });
});

describe('children (E)', () => {
  it('child_birth_date: after the mother is 14 and not in the future', () => {
    const s = base();
    s.children[0].birth_date = '2004-05-11';
    s.pregnancies = [];
    expect(messagesOf(s, 'child_birth_date')[0]).toMatch(/母亲未满 14 周岁/);
    // Before the mother's own birth: said as such, not as "the mother was under 14".
    s.children[0].birth_date = '1989-01-01';
    const before = messagesOf(s, 'child_birth_date')[0];
    expect(before).toContain('早于母亲本人的出生日期 1990-05-12');
    expect(before).not.toMatch(/未满|周岁/);
    s.children[0].birth_date = '1990-05-12';
    expect(messagesOf(s, 'child_birth_date')[0]).toContain('与母亲本人的出生日期 1990-05-12相同');
    s.children[0].birth_date = '2026-03-16';
    expect(messagesOf(s, 'child_birth_date')[0]).toMatch(/晚于今天/);
  });

  it('child_vital_dates: a death date lies between birth and today', () => {
    const s = base();
    s.children[0].vital_status = 'deceased';
    s.children[0].death_date = '2015-04-01';
    expect(messagesOf(s, 'child_vital_dates')[0]).toContain('2015-04-01');
    s.children[0].death_date = '2016-01-01';
    expect(rules(s)).not.toContain('child_vital_dates');
  });

  it('birth_order_sequence: orders run 1..n by birth date, twins share one', () => {
    const s = base();
    s.children.push({ name: '李华', sex: 'female', birth_date: '2019-06-01', birth_order: 3, policy_status: 'compliant', vital_status: 'living' });
    expect(messagesOf(s, 'birth_order_sequence')[0]).toContain('应为第 2 孩');
    s.children[1].birth_order = 2;
    expect(rules(s)).not.toContain('birth_order_sequence');
    s.children.push({ name: '李丽', sex: 'female', birth_date: '2019-06-01', birth_order: 2, policy_status: 'compliant', vital_status: 'living' });
    expect(rules(s)).not.toContain('birth_order_sequence');
  });

  it('birth_spacing: two deliveries at least six months apart unless twins', () => {
    const s = base();
    s.children.push({ sex: 'female', birth_date: '2015-09-01', birth_order: 2, policy_status: 'non_compliant', vital_status: 'living' });
    expect(messagesOf(s, 'birth_spacing')[0]).toMatch(/间隔不足 6 个月/);
    s.children[1].birth_date = '2015-04-03';
    s.children[1].birth_order = 1;
    expect(rules(s)).not.toContain('birth_spacing');
  });

  it('policy_override_unexplained: overriding the proposal needs a permit number or a reason', () => {
    const s = base();
    s.children[0].policy_proposed = 'non_compliant';
    expect(checkCard(s, TODAY).find((f) => f.rule === 'policy_override_unexplained')).toMatchObject({ level: 'E', field: 'policy_reason' });
    s.children[0].permit_no = '再生育证 2014-031';
    expect(rules(s)).not.toContain('policy_override_unexplained');
  });

  it('policy_permit_unexplained: 不符合政策 beside a permit number needs a reason', () => {
    const s = base();
    s.children[0].policy_status = 'non_compliant';
    s.children[0].policy_proposed = 'non_compliant';
    expect(rules(s)).not.toContain('policy_permit_unexplained');
    s.children[0].permit_no = '再生育证 2014-031';
    expect(checkCard(s, TODAY).find((f) => f.rule === 'policy_permit_unexplained')).toMatchObject({
      level: 'E',
      field: 'policy_reason',
      message: '第1孩 李明（2015-04-02出生）登记了生育证号 再生育证 2014-031，政策属性却为“不符合政策”；持证生育应为“符合政策”，否则须说明理由',
    });
    s.children[0].policy_reason = '证件系伪造，已注销';
    expect(rules(s)).not.toContain('policy_permit_unexplained');
  });
});

describe('pregnancies', () => {
  const ongoing = { lmp_date: '2026-01-01', found_on: '2026-02-10', outcome: 'ongoing', contraceptive_failure: false };

  it('pregnancy_multiple_ongoing (E): at most one', () => {
    const s = base();
    s.episodes[0].ended_on = '2025-12-01';
    s.episodes[0].end_reason = 'removed';
    s.pregnancies.push({ ...ongoing }, { found_on: '2026-03-01', outcome: 'ongoing', contraceptive_failure: false });
    expect(messagesOf(s, 'pregnancy_multiple_ongoing')[0]).toMatch(/同时有 2 个妊娠中的孕情/);
    s.pregnancies.pop();
    expect(rules(s)).toEqual([]);
  });

  it('pregnancy_dates (E): LMP before the finding, outcome after it, nothing in the future', () => {
    const s = base();
    s.pregnancies[0].lmp_date = '2014-09-01';
    expect(messagesOf(s, 'pregnancy_dates')[0]).toMatch(/晚于发现日期/);
    s.pregnancies[0].lmp_date = '2014-07-01';
    s.pregnancies[0].outcome_date = '2014-08-01';
    expect(messagesOf(s, 'pregnancy_dates').join()).toMatch(/早于发现日期/);
  });

  it('pregnancy_overlap (E): found only after the previous one ended', () => {
    const s = base();
    s.pregnancies.push({ found_on: '2015-03-01', outcome: 'miscarriage', outcome_date: '2015-03-10', contraceptive_failure: false });
    expect(rules(s)).toContain('pregnancy_overlap');
  });

  it('birth_during_open_pregnancy (E): a live birth closes the ongoing pregnancy', () => {
    const s = base();
    s.pregnancies[0].outcome = 'ongoing';
    s.pregnancies[0].outcome_date = null;
    s.episodes = [];
    expect(messagesOf(s, 'birth_during_open_pregnancy')[0]).toMatch(/仍为妊娠中/);
  });

  it('live_birth_without_child (E): a live birth has its child on the card', () => {
    const s = base();
    s.children = [];
    expect(messagesOf(s, 'live_birth_without_child')[0]).toContain('2015-04-02');
    const stillbirth = base();
    stillbirth.children = [];
    stillbirth.pregnancies[0].outcome = 'stillbirth';
    expect(rules(stillbirth)).not.toContain('live_birth_without_child');
  });

  it('abortion_pregnancy_open (E): an abortion closes the pregnancy', () => {
    const s = base();
    s.episodes[0].ended_on = '2025-12-01';
    s.episodes[0].end_reason = 'removed';
    s.pregnancies.push({ ...ongoing });
    s.services = [{ kind: 'surgical_abortion', performed_on: '2026-02-20' }];
    expect(messagesOf(s, 'abortion_pregnancy_open')[0]).toMatch(/人工流产/);
    s.pregnancies[1] = { ...ongoing, outcome: 'surgical_abortion', outcome_date: '2026-02-20' };
    expect(rules(s)).not.toContain('abortion_pregnancy_open');
  });

  it('pregnancy_overdue (W): ongoing for more than 43 weeks', () => {
    const s = base();
    s.episodes[0].ended_on = '2025-01-01';
    s.episodes[0].end_reason = 'removed';
    s.pregnancies.push({ lmp_date: '2025-04-01', found_on: '2025-05-20', outcome: 'ongoing', contraceptive_failure: false });
    const w = checkCard(s, TODAY).find((f) => f.rule === 'pregnancy_overdue');
    expect(w?.level).toBe('W');
    expect(rules(s, '2026-01-20')).not.toContain('pregnancy_overdue');
  });
});

describe('contraception', () => {
  it('removal_without_method (E): an IUD removal needs an open IUD episode, and closes it', () => {
    const s = base();
    s.episodes = [];
    s.services = [{ kind: 'iud_removal', performed_on: '2020-01-01' }];
    expect(messagesOf(s, 'removal_without_method')[0]).toMatch(/没有在用的宫内节育器/);
    const open = base();
    open.services = [{ kind: 'iud_removal', performed_on: '2020-01-01' }];
    expect(messagesOf(open, 'removal_without_method')[0]).toMatch(/仍为在用/);
    const ok = base();
    ok.episodes[0].ended_on = '2020-01-01';
    ok.episodes[0].end_reason = 'removed';
    ok.episodes.push({ method: 'condom', started_on: '2020-01-01' });
    ok.services = [{ kind: 'iud_removal', performed_on: '2020-01-01' }];
    expect(rules(ok)).toEqual([]);
  });

  it('method_overlap (E): one current method at a time', () => {
    const s = base();
    s.episodes.push({ method: 'condom', started_on: '2020-01-01' });
    expect(messagesOf(s, 'method_overlap')[0]).toMatch(/时间重叠/);
  });

  it('episode_dates (E): nothing in the future', () => {
    const s = base();
    s.episodes[0].started_on = '2026-04-01';
    expect(rules(s)).toContain('episode_dates');
  });

  it('after_sterilization (E): nothing after a sterilisation except a recorded reversal', () => {
    const s = base();
    s.episodes[0].ended_on = '2018-01-01';
    s.episodes[0].end_reason = 'switched';
    s.episodes.push({ method: 'female_sterilization', started_on: '2018-01-01', ended_on: '2021-01-01', end_reason: 'stopped' });
    s.episodes.push({ method: 'iud', started_on: '2022-01-01' });
    expect(messagesOf(s, 'after_sterilization')[0]).toMatch(/绝育后须先登记复通/);
    s.episodes[1].end_reason = 'reversal';
    expect(rules(s)).toEqual([]);
  });

  it('pregnancy_method_unmarked (E): a pregnancy while a long-acting method is open is a contraceptive failure', () => {
    const s = base();
    s.episodes[0].ended_on = '2026-02-10';
    s.episodes[0].end_reason = 'failure';
    s.pregnancies.push({ found_on: '2026-02-10', outcome: 'ongoing', contraceptive_failure: false });
    expect(messagesOf(s, 'pregnancy_method_unmarked')[0]).toMatch(/须标记为避孕失败/);
    s.pregnancies[1].contraceptive_failure = true;
    expect(rules(s)).toEqual([]);
  });

  it('pregnant_with_method (E): no method in use while pregnant', () => {
    const s = base();
    s.episodes[0].ended_on = '2025-06-01';
    s.episodes[0].end_reason = 'removed';
    s.episodes.push({ method: 'condom', started_on: '2025-06-01' });
    s.pregnancies.push({ found_on: '2026-02-10', outcome: 'ongoing', contraceptive_failure: false });
    expect(messagesOf(s, 'pregnant_with_method')[0]).toMatch(/避孕套/);
  });

  it('should_adopt (W): married, not pregnant, no method, no recent birth, no birth registration', () => {
    const s = base();
    s.episodes[0].ended_on = '2025-06-01';
    s.episodes[0].end_reason = 'removed';
    expect(checkCard(s, TODAY).find((f) => f.rule === 'should_adopt')?.level).toBe('W');
    s.certificates.push({ kind: 'birth_registration', number: 'DJ-1', issued_on: '2025-05-01' });
    expect(rules(s)).not.toContain('should_adopt');
    const recent = base();
    recent.episodes = [];
    recent.children[0].birth_date = '2026-01-01';
    recent.pregnancies = [];
    expect(rules(recent)).not.toContain('should_adopt');
    const single = base();
    single.episodes = [];
    single.woman.marital_status = 'divorced';
    expect(rules(single)).not.toContain('should_adopt');
  });

  it('iud_overdue (W): an IUD past its due date', () => {
    const s = base();
    s.episodes[0].due_on = '2026-01-01';
    expect(checkCard(s, TODAY).find((f) => f.rule === 'iud_overdue')?.message).toContain('2026-01-01');
  });

  it('sterilized_no_children (W)', () => {
    const s = base();
    s.children = [];
    s.pregnancies = [];
    s.episodes = [{ method: 'female_sterilization', started_on: '2016-01-01' }];
    expect(rules(s)).toEqual(['sterilized_no_children']);
  });
});

describe('certificates, floating and age (W)', () => {
  it('glory_certificate_children: a 光荣证 with two living children', () => {
    const s = base();
    s.certificates.push({ kind: 'only_child_glory', number: 'GR-001', issued_on: '2016-01-01' });
    expect(rules(s)).toEqual([]);
    s.children.push({ sex: 'female', birth_date: '2018-06-01', birth_order: 2, policy_status: 'compliant', vital_status: 'living' });
    expect(messagesOf(s, 'glory_certificate_children')[0]).toContain('GR-001');
    s.certificates[0].revoked_on = '2018-07-01';
    expect(rules(s)).not.toContain('glory_certificate_children');
  });

  it('outflow_unverified: an outflow not verified for six months', () => {
    const s = base();
    s.woman.migrant_status = 'outflow';
    s.woman.migrant_since = '2025-01-01';
    expect(rules(s)).toContain('outflow_unverified');
    s.woman.migrant_verified_on = '2025-12-01';
    expect(rules(s)).not.toContain('outflow_unverified');
  });

  it('over_age: 50 or older and still active; an exited card only keeps its identity rules', () => {
    const s = base();
    expect(rules(s, '2040-05-12')).toContain('over_age');
    expect(rules(s, '2040-05-11')).not.toContain('over_age');
    s.woman.status = 'exited';
    s.children[0].birth_date = '2030-01-01';
    expect(rules(s, '2041-01-01')).toEqual([]);
  });
});

describe('comparing before and after a save', () => {
  it('only E findings that were not there before are new; W never blocks', () => {
    const s = base();
    s.woman.marriage_date = '2009-05-11';
    const before = checkCard(s, TODAY);
    expect(newErrors(before, before)).toEqual([]);
    const after = [...before, { rule: 'birth_spacing' as const, level: 'E' as const, message: 'x' }, { rule: 'over_age' as const, level: 'W' as const, message: 'y' }];
    expect(newErrors(before, after).map((f) => f.rule)).toEqual(['birth_spacing']);
  });

  it('merges findings of one rule into one row', () => {
    const merged = mergeByRule([
      { rule: 'birth_spacing', level: 'E', message: 'a' },
      { rule: 'birth_spacing', level: 'E', message: 'b' },
      { rule: 'over_age', level: 'W', message: 'c' },
    ]);
    expect(merged).toEqual([
      { rule: 'birth_spacing', level: 'E', message: 'a；b' },
      { rule: 'over_age', level: 'W', message: 'c' },
    ]);
  });
});
