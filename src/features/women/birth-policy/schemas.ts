/** The form of /admin/birth-policy: which rule set the county decides births with, and why it changes. */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';

export const ChooseRuleSetForm = z.object({
  rule_set: z.preprocess(blank, z.string({ error: '请选择生育政策规则集' }).max(40, '生育政策规则集不是有效选项')),
  reason: field.text('变更原因', 200),
});
export type ChooseRuleSetValues = z.output<typeof ChooseRuleSetForm>;
