/** Forms of leaving the register and coming back (出队, 重新激活). */
import { z } from 'zod';
import { EXIT_REASON } from '../../../domain/codes.ts';
import { field } from '../../../parse.ts';

export const ExitForm = z.object({
  exit_reason: field.code(EXIT_REASON, '出队原因'),
  exit_date: field.date('出队日期'),
  exit_note: field.optionalText('说明', 200),
  version: field.int('版本', 1),
});

export const ReactivateForm = z.object({
  reason: field.text('重新激活原因', 200),
  version: field.int('版本', 1),
});

type Num = number | string;

export interface ExitInput {
  exit_reason: string;
  exit_date: string;
  exit_note?: string;
  version: Num;
}
