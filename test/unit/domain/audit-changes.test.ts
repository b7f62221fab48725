/** An audit row's before/after in Chinese: field names, code labels, 是/否, （空）, masked values kept masked. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditChanges, auditSummary, changeLine, describeAudit } from '../../../src/domain/audit-changes.ts';
import { HUKOU_KIND, METHOD } from '../../../src/domain/codes.ts';
import { redact } from '../../../src/domain/redact.ts';
import { SEED } from '../../helpers/generative.ts';

describe('audit changes', () => {
  it('names fields in Chinese and codes by their labels', () => {
    expect(auditChanges({ hukou_kind: 'agricultural' }, { hukou_kind: 'non_agricultural', version: 2 }, 'card.update')).toEqual([
      { field: '户口性质', from: HUKOU_KIND.agricultural, to: HUKOU_KIND.non_agricultural },
    ]);
    expect(changeLine(auditChanges({ marital_status: 'first_marriage' }, { marital_status: 'divorced' }, 'card.update')[0]!)).toBe('婚姻状况：初婚 → 离婚');
  });

  it('reads the same column by what the row is about: a card status, an application status, a certificate kind', () => {
    expect(auditChanges({ status: 'active' }, { status: 'exited' }, 'card.exit')[0]).toMatchObject({ from: '在册', to: '已出队' });
    expect(auditChanges({ status: 'submitted' }, { status: 'approved' }, 'subsidy_application.approve')[0]).toMatchObject({ from: '待乡镇审核', to: '已批准' });
    expect(auditChanges(null, { kind: 'iud_insertion' }, 'service.record')[0]).toMatchObject({ field: '类别', to: '放置宫内节育器(上环)' });
  });

  it('shows booleans as 是/否, nothing as （空）, dates as they are; lists joined', () => {
    const c = auditChanges({ active: true, note: null, marriage_date: '2020-01-01' }, { active: false, note: '补录', marriage_date: '2021-02-03' }, 'region.deactivate');
    // In the forms' order (jsonb does not keep the written order).
    expect(c.map(changeLine)).toEqual(['结婚日期：2020-01-01 → 2021-02-03', '备注：（空） → 补录', '启用：是 → 否']);
    expect(auditChanges(null, { evidence: ['id_card', 'hukou_booklet'] }, 'subsidy_application.create')[0]).toEqual({ field: '证明材料', from: '', to: '身份证、户口簿' });
  });

  it('leaves out unchanged fields when both sides are there, and lists every field of a creation', () => {
    expect(auditChanges({ name: '王秀英', phone: '1' }, { name: '王秀英', phone: '2' }, 'card.update').map((c) => c.field)).toEqual(['联系电话']);
    expect(auditChanges(null, { name: '王秀英', method: 'iud' }, 'card.create')).toEqual([
      { field: '姓名', from: '', to: '王秀英' },
      { field: '避孕方法', from: '', to: METHOD.iud },
    ]);
  });

  it('leaves out what reads the same on both sides and the blanks of a creation', () => {
    expect(auditChanges({ status: 'submitted' }, { status: 'approved', opinion: null }, 'subsidy_application.approve').map(changeLine)).toEqual(['状态：待乡镇审核 → 已批准']);
    expect(auditChanges(null, { year: 2026, note: null, bank_name: '' }, 'subsidy_application.create').map(changeLine)).toEqual(['年度：2026']);
  });

  it('reads a subsidy eligibility check as its conditions', () => {
    const eligibility = {
      program: 'reward_assistance',
      result: 'met',
      evaluatedOn: '2026-12-31',
      conditions: [
        { key: 'a', label: '本人健在', result: 'met', detail: '' },
        { key: 'b', label: '户籍在本地', result: 'unknown', detail: '' },
      ],
    };
    expect(auditChanges({ status: 'draft' }, { status: 'submitted', eligibility }, 'subsidy_application.submit').map(changeLine)).toEqual([
      '状态：草稿 → 待乡镇审核',
      '资格审核：（空） → 符合（2026-12-31）：本人健在 符合、户籍在本地 待核实',
    ]);
  });

  it('reads a list snapshot element by element: the population grid by village and month', () => {
    const before = [{ village: '990100001001', month: '2026-03', population_end: 1200, deaths: 2 }];
    const after = [
      { village: '990100001001', month: '2026-03', population_end: 1210, deaths: 2 },
      { village: '990100001002', month: '2026-03', population_end: 800, deaths: 1 },
    ];
    expect(auditChanges(before, after, 'population.save').map(changeLine)).toEqual([
      '990100001001 2026-03 期末人口：1200 → 1210',
      '990100001002 2026-03 期末人口：800',
      '990100001002 2026-03 死亡人数：1',
    ]);
  });

  it('shows an unknown field by its key and an unknown code as itself', () => {
    expect(auditChanges({ mystery_field: 'a' }, { mystery_field: 'b', hukou_kind: 'martian' }, 'x.y')).toEqual([
      { field: '户口性质', from: '（空）', to: 'martian' },
      { field: 'mystery_field', from: 'a', to: 'b' },
    ]);
  });

  it('keeps redacted values redacted (and masks a full ID number that slipped into an old row)', () => {
    const stored = redact({ id_number: '11010519491231002X', bank_account: '6222020200112233445' }) as Record<string, unknown>;
    const text = auditChanges(null, stored, 'subsidy_application.create').map(changeLine).join('\n');
    expect(text).toContain('110105***********X');
    expect(text).toContain('***************3445');
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(auditChanges(null, { note: '身份证 11010519491231002X' }, 'x.y')[0]!.to).toBe('身份证 110105***********X');
  });

  it('keeps the one-sentence events of a card and the reason; hides reference ids', () => {
    expect(describeAudit({ action: 'episode.close', before: null, after: { episode_id: 4, method: 'iud', ended_on: '2026-01-01', end_reason: 'removed' }, reason: null })).toEqual({
      summary: '宫内节育器，2026-01-01 止（取出）',
      changes: [],
      reason: '',
    });
    const d = describeAudit({ action: 'follow_up.done', before: null, after: { follow_up_id: 9, done_on: '2026-02-01' }, reason: '电话随访' });
    expect(d.changes).toEqual([{ field: '随访日期', from: '', to: '2026-02-01' }]);
    expect(d.reason).toBe('电话随访');
    expect(auditSummary('card.update', { hukou_kind: 'agricultural' }, { hukou_kind: 'resident', version: 3 }, '户口改革')).toBe('户口性质：农业 → 居民(统一户口)　原因：户口改革');
  });

  it('never throws on any JSON, and every output field is a string (fast-check)', () => {
    const key = fc.oneof(fc.constantFrom('hukou_kind', 'status', 'only_child', 'kind', 'evidence', 'children', 'events', 'constructor', '__proto__', 'toString', 'version', 'x_id'), fc.string());
    const json = fc.jsonValue({ maxDepth: 4 });
    const row = fc.oneof(fc.dictionary(key, json), json);
    const action = fc.constantFrom('card.update', 'card.exit', 'birth.record', 'history.record', 'history.date', 'card.transfer', 'service.record', 'constructor.x', '', 'x');
    fc.assert(
      fc.property(action, row, row, fc.option(fc.string(), { nil: null }), (a, before, after, reason) => {
        const d = describeAudit({ action: a, before, after, reason });
        expect(typeof d.summary).toBe('string');
        expect(typeof d.reason).toBe('string');
        for (const c of [...d.changes, ...auditChanges(before, after, a)]) {
          expect([typeof c.field, typeof c.from, typeof c.to]).toEqual(['string', 'string', 'string']);
        }
        expect(typeof auditSummary(a, before, after, reason)).toBe('string');
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
