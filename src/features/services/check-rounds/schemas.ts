/** The double-check round forms (open, excuse, add) and the round pages' filters. */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';

export const RoundForm = z.object({
  year: field.int('年度', 2000, 2100),
  quarter: field.int('季度', 1, 4),
  /** 本轮含查病: the round is a 三查 (查环、查孕、查病). */
  includes_gyn_exam: field.checkbox(),
});
export type RoundValues = z.output<typeof RoundForm>;

export const ExcuseForm = z.object({
  woman_id: field.int('对象', 1),
  reason: field.text('免查原因', 200),
});
export type ExcuseValues = z.output<typeof ExcuseForm>;

export const AddToRoundForm = z.object({
  id_number: field.text('身份证号', 30),
});
export type AddToRoundValues = z.output<typeof AddToRoundForm>;

/** GET /check-rounds: one township's rounds (county), or the township of one village (its round pages then list that village). */
export const RoundListFilters = z.object({
  township: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{9}$/, '乡镇代码应为9位')
      .optional(),
  ),
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '村代码应为12位')
      .optional(),
  ),
});

export const RoundFilters = z.object({
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  ),
  status: z.preprocess(blank, z.enum(['due', 'done', 'excused', 'missed']).optional()),
  page: field.optionalInt('页码', 1),
  print: field.optionalText('打印', 2),
});
