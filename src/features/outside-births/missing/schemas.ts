/** The 漏报 work list's filters and the explain form. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

export const MissingQuery = z.object({
  page: field.optionalInt('页码', 1, 100_000),
  village: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{9,12}$/, '村代码有误')
      .optional(),
  ),
  print: field.optionalText('打印', 5),
});

export const ExplainForm = z.object({ explanation: field.text('说明', 500) });
export type ExplainValues = z.output<typeof ExplainForm>;
