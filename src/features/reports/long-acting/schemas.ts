/** The form of a new dated long-acting rule (长效节育措施落实规则), parsed once at the edge. */
import { z } from 'zod';
import { FIRST_RULE_DATE } from '../../../domain/long-acting-rules.ts';
import { field } from '../../../parse.ts';

export const LongActingRuleForm = z.object({
  effective_from: field.date('生效日期').refine((d) => d >= FIRST_RULE_DATE, `生效日期不能早于 ${FIRST_RULE_DATE}`),
  min_birth_order: field.int('孩次条件', 1, 9),
  within_days: field.int('落实期限（天）', 1, 1095),
  note: field.text('说明', 200),
  reason: field.text('调整原因', 200),
});
export type LongActingRuleInput = z.output<typeof LongActingRuleForm>;
