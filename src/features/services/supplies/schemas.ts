/** The free-supply form (POST /women/:id/supplies) and the township list's filters (GET /supplies). */
import { z } from 'zod';
import { SUPPLY_CHANNEL, SUPPLY_ITEM } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const SupplyForm = z.object({
  item: field.code(SUPPLY_ITEM, '药具品种'),
  quantity: field.int('数量', 1, 1000),
  supplied_on: field.date('发放日期'),
  channel: field.code(SUPPLY_CHANNEL, '发放渠道'),
  note: field.optionalText('备注', 200),
});
export type SupplyValues = z.output<typeof SupplyForm>;

export const SupplyListFilters = z.object({
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/, '村代码应为12位')
      .optional(),
  ),
  item: field.optionalCode(SUPPLY_ITEM, '药具品种'),
  from: field.optionalDate('开始日期'),
  to: field.optionalDate('结束日期'),
  page: field.optionalInt('页码', 1),
  format: z.preprocess(blank, z.enum(['csv']).optional()),
});
export type SupplyListFilterValues = z.output<typeof SupplyListFilters>;
