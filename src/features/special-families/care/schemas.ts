/** The care-record form (登记关怀): date, who, kind, how, what was done, whether a follow-up is needed. */
import { z } from 'zod';
import { SPECIAL_FAMILY_CARE_KIND, SPECIAL_FAMILY_CARE_MODE } from '../../../domain/codes.ts';
import { field } from '../../../parse.ts';

export const CareForm = z.object({
  cared_on: field.date('关怀日期'),
  carer: field.text('关怀人', 50),
  kind: field.code(SPECIAL_FAMILY_CARE_KIND, '关怀类别'),
  mode: field.code(SPECIAL_FAMILY_CARE_MODE, '联系方式'),
  content: field.text('关怀内容', 500),
  follow_up_needed: field.checkbox(),
  follow_up_note: field.optionalText('后续事项', 200),
});
export type CareValues = z.output<typeof CareForm>;
