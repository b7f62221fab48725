/** The data-quality list's query string. */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blank, z.enum(values as unknown as [T[number], ...T[number][]]).optional());

export const ExceptionFilters = z.object({
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  ),
  township: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{9}$/)
      .optional(),
  ),
  level: optionalEnum(['E', 'W'] as const),
  rule: z.preprocess(blank, z.string().max(50).optional()),
  print: field.checkbox(),
  page: field.optionalInt('页码', 1),
});
