/** The verification form and the schedule's filters. */
import { z } from 'zod';
import { FLOATING_VERIFY_RESULT } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const VerificationForm = z.object({
  verified_on: field.date('核查日期'),
  result: field.code(FLOATING_VERIFY_RESULT, '核查结果'),
  note: field.optionalText('备注', 200),
});
export type VerificationValues = z.output<typeof VerificationForm>;

export const VerificationFilters = z.object({
  status: z.preprocess(blank, z.enum(['due', 'all'], { error: '状态不是有效选项' }).optional()),
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '村代码应为12位')
      .optional(),
  ),
  page: field.optionalInt('页码', 1),
});
