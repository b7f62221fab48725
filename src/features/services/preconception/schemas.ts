/** The 孕前优生 forms (计划怀孕, 结束计划, 孕前优生健康检查) and the target-couple list's query string. */
import { z } from 'zod';
import { PRECONCEPTION_RESULT, PRECONCEPTION_WHOSE } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const PlanForm = z.object({
  planned_on: field.date('登记日期'),
  note: field.optionalText('备注', 200),
});
export type PlanValues = z.output<typeof PlanForm>;

export const PlanEndForm = z.object({
  ended_on: field.date('结束日期'),
  note: field.optionalText('结束原因', 200),
});
export type PlanEndValues = z.output<typeof PlanEndForm>;

export const CheckForm = z.object({
  whose: field.code(PRECONCEPTION_WHOSE, '受检人'),
  checked_on: field.date('检查日期'),
  result: field.code(PRECONCEPTION_RESULT, '评估结果'),
  risk_note: field.optionalText('风险因素', 200),
  referred: field.checkbox(),
  referred_to: field.optionalText('转诊机构', 100),
});
export type CheckValues = z.output<typeof CheckForm>;

export const TargetListQuery = z.object({
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '村代码应为12位')
      .optional(),
  ),
  status: z.preprocess((v) => blank(v) ?? 'unchecked', z.enum(['unchecked', 'checked', 'all'])),
  page: field.optionalInt('页码', 1),
  format: z.preprocess(blank, z.enum(['csv']).optional()),
});
export type TargetListValues = z.output<typeof TargetListQuery>;
