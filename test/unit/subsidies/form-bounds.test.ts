/**
 * Form rules that fire before a column's range: an amount of nine digits of yuan overflowed the int4 fen
 * column (a 500 with the form lost); now the form says the limit at the field.
 */
import { describe, expect, it } from 'vitest';
import { StandardForm, EditApplicationForm } from '../../../src/features/subsidies/service.ts';
import { ValidationError } from '../../../src/errors.ts';
import { parseForm } from '../../../src/parse.ts';

function fieldErrors(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.fieldErrors;
    throw err;
  }
  return {};
}

describe('amounts within the int4 fen column', () => {
  it('refuses 999,999,999 yuan and 21,474,837 yuan at the field, accepts 21,474,836 yuan', () => {
    const standard = { tier: 'national', effective_from: '2026-01-01', amount: '999999999' };
    expect(fieldErrors(() => parseForm(StandardForm, standard)).amount).toBe('金额不能超过 21474836 元');
    expect(fieldErrors(() => parseForm(StandardForm, { ...standard, amount: '21474837' })).amount).toBe('金额不能超过 21474836 元');
    const ok = parseForm(StandardForm, { ...standard, amount: '21474836' });
    expect(ok.amount).toBe(2_147_483_600);
    const application = { program: 'reward_assistance', year: '2026', beneficiary: 'woman', amount_requested: '123456789.99', version: '1' };
    expect(fieldErrors(() => parseForm(EditApplicationForm, application)).amount_requested).toBe('申请金额不能超过 21474836 元');
    // 0 fen fails subsidy_applications_amount_check (> 0): the form says so first.
    expect(fieldErrors(() => parseForm(EditApplicationForm, { ...application, amount_requested: '0' })).amount_requested).toBe('申请金额应大于 0；不申请金额时请留空');
    expect(parseForm(EditApplicationForm, { ...application, amount_requested: '' }).amount_requested).toBeUndefined();
  });
});
