/** The decision forms (submit, approve / return / refuse, hand over, revoke), parsed once at the edge. */
import { z } from 'zod';
import { COLLECTOR_RELATION } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const VersionForm = z.object({ version: field.int('版本', 1) });

/** Approve: an optional opinion. Return and refuse: the reason is required (the service says so). */
export const DecisionForm = z.object({
  reason: field.optionalText('理由', 500),
  version: field.int('版本', 1),
});
export type DecisionInput = z.output<typeof DecisionForm>;

export const HandOverForm = z.object({
  handed_over_on: field.date('领取日期'),
  collector_name: field.text('领取人姓名', 50),
  collector_relation: field.code(COLLECTOR_RELATION, '与申请人关系'),
  collector_id_last4: z.preprocess(
    (v) => (typeof blank(v) === 'string' ? (v as string).trim().toUpperCase() : blank(v)),
    z
      .string({ error: '身份证后四位格式有误' })
      .regex(/^[0-9]{3}[0-9X]$/, '身份证后四位应为 4 位（前三位数字，最后一位数字或 X）')
      .optional(),
  ),
  version: field.int('版本', 1),
});
export type HandOverInput = z.output<typeof HandOverForm>;

export const CertRevokeForm = z.object({
  revoked_on: field.date('注销日期'),
  revoke_reason: field.text('注销原因', 200),
  version: field.int('版本', 1),
});
export type CertRevokeInput = z.output<typeof CertRevokeForm>;
