import { describe, expect, it } from 'vitest';
import { amountInForce, annualAmount, eligibilityAccuracy, fenToYuan, parseYuanToFen, periodLabel, periodProblem, periodStart, standardsInForce } from '../../../src/domain/subsidy-money.ts';
import { cannedOpinions, missingForSubmission, transition, type ApplicationDraft } from '../../../src/domain/subsidy-workflow.ts';

describe('workflow transitions', () => {
  const both = ['township', 'county'] as const;
  const township = ['township'] as const;

  it('submit: draft and returned go to submitted; nothing else; only at the township', () => {
    expect(transition('draft', 'submit', 'township', both)).toEqual({ to: 'submitted' });
    expect(transition('returned', 'submit', 'township', both)).toEqual({ to: 'submitted' });
    expect(transition('submitted', 'submit', 'township', both)).toHaveProperty('error');
    expect(transition('approved', 'submit', 'township', both)).toHaveProperty('error');
    expect(transition('draft', 'submit', 'county', both)).toHaveProperty('error');
  });

  it('township review: approve goes to the county, or straight to approved for a township-only program', () => {
    expect(transition('submitted', 'approve', 'township', both)).toEqual({ to: 'township_approved' });
    expect(transition('submitted', 'approve', 'township', township)).toEqual({ to: 'approved' });
    expect(transition('submitted', 'return', 'township', both)).toEqual({ to: 'returned' });
    expect(transition('submitted', 'reject', 'township', both)).toEqual({ to: 'rejected' });
    expect(transition('draft', 'approve', 'township', both)).toEqual({ error: '该申请不在待乡镇审核状态。' });
    expect(transition('township_approved', 'approve', 'township', both)).toHaveProperty('error');
  });

  it('county: approves or rejects what the township approved; cannot return; not for township-only programs', () => {
    expect(transition('township_approved', 'approve', 'county', both)).toEqual({ to: 'approved' });
    expect(transition('township_approved', 'reject', 'county', both)).toEqual({ to: 'rejected' });
    expect(transition('township_approved', 'return', 'county', both)).toHaveProperty('error');
    expect(transition('submitted', 'approve', 'county', both)).toEqual({ error: '该申请不在待县级审批状态。' });
    expect(transition('submitted', 'approve', 'county', township)).toEqual({ error: '该项目由乡镇审批，不需要县级审批。' });
  });

  it('revoke: only an approved application, only by the final level', () => {
    expect(transition('approved', 'revoke', 'county', both)).toEqual({ to: 'revoked' });
    expect(transition('approved', 'revoke', 'township', both)).toHaveProperty('error');
    expect(transition('approved', 'revoke', 'township', township)).toEqual({ to: 'revoked' });
    expect(transition('rejected', 'revoke', 'county', both)).toHaveProperty('error');
  });

  it('offers the usual opinions', () => {
    expect(cannedOpinions('reward_assistance', 'approve', 'township', both)).toEqual(['情况属实，同意上报审核。']);
    expect(cannedOpinions('reward_assistance', 'approve', 'county', both)).toEqual(['准予享受计划生育家庭奖励扶助政策。']);
    expect(cannedOpinions('reward_assistance', 'return', 'township', both)).toContain('证明材料不全，通知申请人补充。');
    expect(cannedOpinions('reward_assistance', 'reject', 'county', both)).toEqual(['不符合相关规定。']);
  });
});

describe('completeness before submission', () => {
  const full: ApplicationDraft = {
    program: 'reward_assistance',
    beneficiary_name: '王秀英',
    beneficiary_id_number: '990100196405010028',
    bank_name: '农村信用社',
    bank_account: '6217 0000 1234 5678',
    account_holder: '王秀英',
    amount_requested_fen: null,
    evidence: ['hukou_booklet', 'id_card', 'bank_account'],
  };
  const required = ['hukou_booklet', 'id_card', 'bank_account'];

  it('a complete application has nothing missing', () => {
    expect(missingForSubmission(full, required)).toEqual([]);
  });

  it('lists each missing field and evidence item', () => {
    const m = missingForSubmission({ ...full, bank_name: null, bank_account: null, account_holder: null, evidence: ['id_card'] }, required);
    expect(m.map((x) => x.message)).toEqual(['开户银行未填写', '银行账号未填写', '账户户名未填写', '缺少证明材料：户口簿', '缺少证明材料：银行账户(存折/银行卡)']);
  });

  it('refuses a payee who is not the beneficiary, a malformed account, and a missing amount for assisted reproduction', () => {
    expect(missingForSubmission({ ...full, account_holder: '李建国' }, required)[0].message).toMatch(/与享受对象“王秀英”不一致/);
    expect(missingForSubmission({ ...full, bank_account: '12ab' }, required)[0].message).toBe('银行账号应为 8–30 位数字');
    expect(missingForSubmission({ ...full, program: 'assisted_reproduction' }, required)[0].message).toBe('申请金额未填写');
    expect(missingForSubmission({ ...full, beneficiary_id_number: null }, required)[0].field).toBe('beneficiary');
  });
});

describe('money, periods and standards', () => {
  it('parses yuan into integer fen and formats back', () => {
    expect(parseYuanToFen('960')).toBe(96000);
    expect(parseYuanToFen('960.5')).toBe(96050);
    expect(parseYuanToFen('1,234.56元')).toBe(123456);
    expect(parseYuanToFen('0.1')).toBe(10);
    expect(parseYuanToFen('9.999')).toBeUndefined();
    expect(parseYuanToFen('-5')).toBeUndefined();
    expect(parseYuanToFen('abc')).toBeUndefined();
    expect(fenToYuan(97000)).toBe('970.00');
    expect(fenToYuan(5)).toBe('0.05');
  });

  const rows = [
    { tier: 'national' as const, effective_from: '2012-01-01', amount_fen: 72000 },
    { tier: 'national' as const, effective_from: '2016-01-01', amount_fen: 96000 },
    { tier: 'local' as const, effective_from: '2018-01-01', amount_fen: 1000 },
    { tier: 'local' as const, effective_from: '2027-01-01', amount_fen: 0 },
  ];

  it('sums each tier latest standard on the date; history stays; a zero row ends a top-up', () => {
    expect(amountInForce(rows, '2011-12-31')).toBeUndefined();
    expect(amountInForce(rows, '2015-06-01')).toBe(72000);
    expect(amountInForce(rows, '2016-01-01')).toBe(96000);
    expect(amountInForce(rows, '2026-01-01')).toBe(97000);
    expect(amountInForce(rows, '2027-01-01')).toBe(96000);
    expect(
      standardsInForce(rows, '2026-01-01')
        .map((r) => r.tier)
        .sort(),
    ).toEqual(['local', 'national']);
    expect(annualAmount('per_month', 59000)).toBe(708000);
    expect(annualAmount('per_year', 96000)).toBe(96000);
  });

  it('periods follow the program unit', () => {
    expect(periodProblem('per_year', '2025')).toBeUndefined();
    expect(periodProblem('per_year', '2025-03')).toBeDefined();
    expect(periodProblem('per_month', '2025-03')).toBeUndefined();
    expect(periodProblem('per_month', '2025-13')).toBeDefined();
    expect(periodStart('2025')).toBe('2025-01-01');
    expect(periodStart('2025-03')).toBe('2025-03-01');
    expect(periodLabel('2025-03')).toBe('2025年3月');
  });

  it('eligibility accuracy keeps numerator and denominator; zero approved is no value', () => {
    expect(eligibilityAccuracy(2, 3)).toEqual({ numerator: 2, denominator: 3, value: 66.67, unit: '%' });
    expect(eligibilityAccuracy(0, 0).value).toBeNull();
    expect(eligibilityAccuracy(5, 5).value).toBe(100);
  });
});
