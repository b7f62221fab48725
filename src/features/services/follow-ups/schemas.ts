/** The follow-up form (a visit done) and the follow-up list's filters. */
import { z } from 'zod';
import { FOLLOW_UP_LEVEL, SATISFACTION } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const FollowUpDoneForm = z.object({
  done_on: field.date('随访日期'),
  result: field.text('随访结果', 200),
  note: field.optionalText('备注', 200),
  satisfaction: field.optionalCode(SATISFACTION, '群众满意度'),
  satisfaction_note: field.optionalText('满意度说明', 200),
});
export type FollowUpDoneValues = z.output<typeof FollowUpDoneForm>;

export const FollowUpFilters = z.object({
  status: z.preprocess(blank, z.enum(['pending', 'overdue', 'due', 'upcoming', 'done', 'all']).optional()),
  level: field.optionalCode(FOLLOW_UP_LEVEL, '随访级别'),
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '村代码应为12位')
      .optional(),
  ),
  q: field.optionalText('姓名或身份证号', 30),
  sort: z.preprocess(blank, z.enum(['due_on', 'name', 'village']).optional()),
  dir: z.preprocess(blank, z.enum(['asc', 'desc']).optional()),
  page: field.optionalInt('页码', 1),
  print: field.optionalText('打印', 2),
});
export type FollowUpFilterValues = z.output<typeof FollowUpFilters>;
