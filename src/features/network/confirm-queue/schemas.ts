/**
 * The township's confirm page: the fields of the register's own forms (pregnancy, birth, exit, marriage), posted
 * as strings and handed to the women feature's services, which parse and check them; and the return form.
 * Field names are the register forms' names, so a refusal shows at the same field.
 */
import { z } from 'zod';
import { field } from '../../../parse.ts';

export const ConfirmForm = z.object({
  version: field.int('版本', 1),
  // 孕情
  found_on: field.optionalText('发现日期', 30),
  lmp_date: field.optionalText('末次月经日期', 30),
  contraceptive_failure: field.checkbox(),
  notes: field.optionalText('备注', 200),
  // 出生
  birth_date: field.optionalText('出生日期', 30),
  name: field.optionalText('子女姓名', 50),
  sex: field.optionalText('性别', 10),
  // 迁出 / 死亡
  exit_date: field.optionalText('出队日期', 30),
  exit_note: field.optionalText('说明', 200),
  // 结婚
  marital_changed_on: field.optionalText('结婚日期', 30),
  spouse_name: field.optionalText('配偶姓名', 50),
  // 迁入: the card the clerk made from the pre-filled form, by its ID number
  id_number: field.optionalText('身份证号', 30),
});
export type ConfirmValues = z.output<typeof ConfirmForm>;

export const ReturnForm = z.object({
  version: field.int('版本', 1),
  return_reason: field.text('退回原因', 200),
});
export type ReturnValues = z.output<typeof ReturnForm>;

export const QueueFilters = z.object({
  page: field.optionalInt('页码', 1),
});
