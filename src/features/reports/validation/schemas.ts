/** The validation page's query string, the acknowledgement form and the rule admin form. */
import { z } from 'zod';
import { MAX_MIN_BASE, MAX_TOLERANCE, RULE_LEVELS } from '../../../domain/validation-rules.ts';
import { field } from '../../../parse.ts';

export const ValidationQuery = z.object({
  region: field.optionalText('地区', 12),
  month: field.optionalText('月份', 7),
  print: field.checkbox(),
  format: z.enum(['csv'], { error: '导出格式只能是 csv' }).optional(),
});

export const PeopleQuery = z.object({ rule: field.text('校验规则', 60), village: field.text('村(社区)', 12), month: field.month(), page: field.optionalInt('页码', 1) });

export const AcknowledgeForm = z.object({
  rule: field.text('校验规则', 60),
  village: field.text('村(社区)', 12),
  month: field.month(),
  comment: field.text('确认说明', 500),
  /** The region of the page to return to (county or township). */
  region: field.optionalText('地区', 12),
});
export type AcknowledgeValues = z.output<typeof AcknowledgeForm>;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const RuleForm = z.object({
  code: field.text('校验规则', 60),
  level: z.enum(RULE_LEVELS, { error: '请选择级别' }),
  active: field.checkbox(),
  tolerance: field.optionalInt('允许差异（人）', 0, MAX_TOLERANCE),
  share: z.preprocess(blank, z.coerce.number({ error: '下降比例应为数字' }).gt(0, '下降比例应大于 0').max(1, '下降比例不能大于 1（如 0.5 表示 50%）').optional()),
  min_base: field.optionalInt('最低基数', 0, MAX_MIN_BASE),
  margin: z.preprocess(blank, z.coerce.number({ error: '放宽比例应为数字' }).min(0, '放宽比例不能小于 0').max(1, '放宽比例不能大于 1（如 0.02 表示 2%）').optional()),
  version: field.int('版本', 1),
});
export type RuleValues = z.output<typeof RuleForm>;
