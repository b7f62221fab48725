/** The query string of the roster pages and the work orders (village, month, print, page, round, due). */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';

export const RosterQuery = z.object({
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '村代码应为12位')
      .optional(),
  ),
  month: z.preprocess(blank, field.month().optional()),
  print: field.optionalText('打印', 2),
  page: field.optionalInt('页码', 1),
  round: field.optionalInt('轮次', 1),
  /** Removals roster only: due in the month, or overdue (未按期取出); blank: both. */
  due: z.preprocess(blank, z.enum(['month', 'overdue'], { error: '到期情况应为“本月到期”或“未按期取出”' }).optional()),
});
