/** The payment forms and filters, parsed once at the edge (DESIGN §13: empty strings are missing). */
import { z } from 'zod';
import { PAYMENT_STATUS, SUBSIDY_PROGRAM } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const BatchForm = z.object({
  program: field.code(SUBSIDY_PROGRAM, '补助项目'),
  period: z.preprocess(blank, z.string({ error: '请填写发放期间' }).max(7, '发放期间格式应为 2026 或 2026-03')),
});
export type BatchInput = z.output<typeof BatchForm>;

export const PaymentMarkForm = z.object({
  status: z.preprocess(blank, z.enum(['paid', 'failed'], { error: '请选择发放结果' })),
  note: field.optionalText('说明', 200),
  version: field.int('版本', 1),
});
export type PaymentMarkInput = z.output<typeof PaymentMarkForm>;

/** A full bank account (bank file or application page) is given out only with a reason, kept in the audit row. */
export const RevealReasonForm = z.object({ reason: field.optionalText('理由', 200) });

export const BatchFilters = z.object({ program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目'), status: field.optionalCode(PAYMENT_STATUS, '发放状态') });
