/** The 婚育证明 check list's filters. */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';

export const CertificateCheckFilters = z.object({
  on: field.optionalDate('核查日期'),
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '村代码应为12位')
      .optional(),
  ),
  status: z.preprocess(blank, z.enum(['outflow', 'inflow'], { error: '流动状态不是有效选项' }).optional()),
  page: field.optionalInt('页码', 1),
  format: z.preprocess(blank, z.enum(['csv']).optional()),
});
export type CertificateCheckFilterValues = z.output<typeof CertificateCheckFilters>;
