/** The village worker's visit form (a follow-up done) and her page's month. */
import { z } from 'zod';
import { SATISFACTION } from '../../../domain/codes.ts';
import { field } from '../../../parse.ts';

/** The same fields as the services feature's follow-up form (its service checks them again). */
export const VisitForm = z.object({
  done_on: field.date('随访日期'),
  result: field.text('随访结果', 200),
  note: field.optionalText('备注', 200),
  satisfaction: field.optionalCode(SATISFACTION, '群众满意度'),
  satisfaction_note: field.optionalText('满意度说明', 200),
});
export type VisitValues = z.output<typeof VisitForm>;

export const VillageQuery = z.object({
  month: z.preprocess((v) => (v === '' ? undefined : v), field.month().optional()),
});
