/**
 * The export forms: the file format, full ID numbers (with the reason they are needed), and for a roster the
 * filters of its page (village, month, round; township/level/rule for the exception list; 到期情况 for removals).
 */
import { z } from 'zod';
import { ACCESS_REASON_MAX } from '../../../domain/access-reasons.ts';
import { blank, field } from '../../../parse.ts';

export const ExportForm = z.object({
  format: z.preprocess(blank, z.enum(['csv', 'xlsx']).default('xlsx')),
  full_ids: field.checkbox(),
  reason: field.optionalText('导出原因', ACCESS_REASON_MAX),
});

export const RosterExportForm = ExportForm.extend({
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  ),
  month: z.preprocess(blank, field.month().optional()),
  round: field.optionalInt('轮次', 1),
  township: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
  ),
  level: z.preprocess(blank, z.enum(['E', 'W']).optional()),
  rule: field.optionalText('问题', 50),
  due: z.preprocess(blank, z.enum(['month', 'overdue'], { error: '到期情况应为“本月到期”或“未按期取出”' }).optional()),
});
