/** The 自查报告's query string. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

export const SelfCheckQuery = z.object({
  region: field.optionalText('地区', 12),
  period: field.optionalText('考核期', 10),
  print: field.checkbox(),
  format: z.enum(['docx'], { error: '下载格式只能是 docx' }).optional(),
});
