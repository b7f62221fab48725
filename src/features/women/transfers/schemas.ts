/** Forms of moves between villages and townships (DESIGN §11 field names). */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';
import { idNumber, villageCode } from '../cards/schemas.ts';

export const TransferForm = z.object({
  village: villageCode('迁入村(社区)'),
  moved_on: field.date('迁移日期'),
  reason: field.optionalText('迁移原因', 200),
});

export const TransferRequestForm = z.object({
  id_number: idNumber('身份证号'),
  village: villageCode('迁入本乡镇的村(社区)'),
  moved_on: field.date('迁入日期'),
  reason: field.optionalText('迁入原因', 200),
});

export const TransferDecisionForm = z.object({
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '请选择村(社区)')
      .optional(),
  ),
  note: field.optionalText('说明', 200),
});

export interface TransferInput {
  village: string;
  moved_on: string;
  reason?: string;
}
export interface TransferRequestInput extends TransferInput {
  id_number: string;
}
