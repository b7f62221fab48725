/** The proposal list's query string. */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';

export const ProposalQuery = z.object({
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '村代码应为12位')
      .optional(),
  ),
  page: field.optionalInt('页码', 1),
});
