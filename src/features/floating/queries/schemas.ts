/** The 协查 forms (send, answer) and the queue's filters. */
import { z } from 'zod';
import { FLOATING_QUERY_KIND, FLOATING_QUERY_RESULT } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const QuerySendForm = z.object({
  id_number: z.preprocess(
    blank,
    z
      .string({ error: '请填写身份证号' })
      .transform((s) => s.trim().toUpperCase())
      .pipe(z.string().regex(/^\d{17}[\dX]$/, '身份证号应为18位（前17位数字，最后一位数字或 X）')),
  ),
  kind: field.code(FLOATING_QUERY_KIND, '协查类别'),
  to_region: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '请选择接收的村(社区)')
      .optional(),
  ),
  to_county: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{6}$/, '请选择接收的外县')
      .optional(),
  ),
  to_region_code: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{6,12}$/, '外县地区代码应为 6–12 位数字')
      .optional(),
  ),
  body: field.text('协查内容', 500),
});
export type QuerySendValues = z.output<typeof QuerySendForm>;

export const QueryAnswerForm = z.object({
  answer: field.text('反馈内容', 500),
  result_code: field.optionalCode(FLOATING_QUERY_RESULT, '核实结果'),
});
export type QueryAnswerValues = z.output<typeof QueryAnswerForm>;

export const QueryFilters = z.object({
  box: z.preprocess(blank, z.enum(['inbox', 'sent'], { error: '收发不是有效选项' }).optional()),
  state: z.preprocess(blank, z.enum(['open', 'pending', 'overdue', 'answered', 'all'], { error: '状态不是有效选项' }).optional()),
  page: field.optionalInt('页码', 1),
});

/** The send form's page: the woman (from her card) and the county whose villages the form offers (default: one's own). */
export const NewQueryQuery = z.object({
  woman: z.preprocess(blank, field.id().optional()),
  county: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{6}$/, '县（区）代码应为6位数字')
      .optional(),
  ),
});

/** The village a sent-back send form named, if any (its county's villages are listed again). */
export const PostedVillage = z.object({
  to_region: z
    .string()
    .regex(/^\d{12}$/)
    .optional()
    .catch(undefined),
});
