/** Saving an eligibility audit: which program (all when empty) and why (the audit row's reason). */
import { z } from 'zod';
import { SUBSIDY_PROGRAM } from '../../../domain/codes.ts';
import { field } from '../../../parse.ts';

export const SaveReviewForm = z.object({
  program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目'),
  reason: field.text('核查说明', 200),
});
export type SaveReviewValues = z.infer<typeof SaveReviewForm>;
