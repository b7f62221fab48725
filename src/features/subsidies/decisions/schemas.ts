/** The decision forms (submit, approve / return / reject, revoke), parsed once at the edge (DESIGN §13). */
import { z } from 'zod';
import { REVOKE_REASON } from '../../../domain/codes.ts';
import { field } from '../../../parse.ts';

export const VersionForm = z.object({ version: field.int('版本', 1) });

/** A decision: the opinion typed, or one of the usual opinions clicked (`preset`). */
export const DecisionForm = z.object({
  opinion: field.optionalText('审核意见', 500),
  preset: field.optionalText('常用意见', 500),
  version: field.int('版本', 1),
});
export type DecisionInput = z.output<typeof DecisionForm>;

export const RevokeForm = DecisionForm.extend({
  reason: field.code(REVOKE_REASON, '终止原因'),
  revoked_on: field.date('终止日期'),
});
export type RevokeInput = z.output<typeof RevokeForm>;
