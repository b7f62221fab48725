/** The board's and the score sheet's query strings. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

export const BoardQuery = z.object({ period: field.optionalText('考核期', 10) });

export const ScoreSheetQuery = z.object({
  region: field.text('乡镇', 12),
  period: field.optionalText('考核期', 10),
  print: field.checkbox(),
  format: z.enum(['xlsx'], { error: '下载格式只能是 xlsx' }).optional(),
});
