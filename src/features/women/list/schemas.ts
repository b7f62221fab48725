/** The list's query string (filters, sort, page). */
import { z } from 'zod';
import { MARITAL_STATUS, METHOD, MIGRANT_STATUS } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const SORTS = ['village', 'name', 'age', 'updated'] as const;
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blank, z.enum(values as unknown as [T[number], ...T[number][]]).optional());

export const WomenFilters = z.object({
  q: field.optionalText('关键词', 50),
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  ),
  status: optionalEnum(['active', 'exited', 'transferring', 'all'] as const),
  marital: field.optionalCode(MARITAL_STATUS, '婚姻状况'),
  method: optionalEnum([...(Object.keys(METHOD) as [string, ...string[]]), 'none'] as [string, ...string[]]),
  migrant: field.optionalCode(MIGRANT_STATUS, '流动状态'),
  problems: optionalEnum(['E', 'W', 'any'] as const),
  sort: optionalEnum(SORTS),
  dir: optionalEnum(['asc', 'desc'] as const),
  page: field.optionalInt('页码', 1),
});
export type WomenFilterValues = z.output<typeof WomenFilters>;
