/** The targets page's query string and its two forms: save a target (all townships or one), remove an override. */
import { z } from 'zod';
import { SCORE_RULES } from '../../../domain/assessment.ts';
import { blank, field } from '../../../parse.ts';

export const TARGET_LIMIT = 1000;
export const WEIGHT_LIMIT = 100;

/** A number with up to two decimals (any more are rounded), between min and max, each refusal in Chinese. */
const decimal = (label: string, min: number, max: number) =>
  z.preprocess(
    blank,
    z
      .number({ error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}应为数字`) })
      .min(min, `${label}不能小于 ${min}`)
      .max(max, `${label}不能大于 ${max}`)
      .transform((n) => Math.round(n * 100) / 100),
  );
const toNumber = (v: unknown) => (typeof v === 'string' && v !== '' ? (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(v) ? Number(v) : v) : v);
const number = (label: string, min: number, max: number) => z.preprocess((v) => toNumber(blank(v)), decimal(label, min, max));

export const TargetsQuery = z.object({ year: field.optionalInt('年度', 2000, 2100) });

export const TargetForm = z.object({
  year: field.int('年度', 2000, 2100),
  indicator: field.text('考核指标', 60),
  /** A township's code for an override; empty for the row of every township. */
  region: field.optionalText('乡镇', 12),
  target: number('目标值', -TARGET_LIMIT, TARGET_LIMIT),
  near: z.preprocess((v) => toNumber(blank(v)), decimal('接近幅度', 0, TARGET_LIMIT).optional()),
  weight: number('分值', 0, WEIGHT_LIMIT),
  score_rule: z.enum(SCORE_RULES, { error: '请选择计分规则' }),
  /** Set when editing a row; absent when adding one. */
  version: field.optionalInt('版本', 1),
  reason: field.text('调整原因', 200),
  /** Which form of the page was posted ('override': the add-a-township form), to re-render it with its values. */
  form: field.optionalText('表单', 20),
});
export type TargetInput = z.output<typeof TargetForm>;

export const RemoveForm = z.object({ id: field.int('目标', 1, 2147483647), version: field.int('版本', 1), reason: field.text('删除原因', 200) });
export type RemoveInput = z.output<typeof RemoveForm>;
