/** Query string of the drill-down: which count, where, over which period, which page. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

export const PeopleQuery = z.object({
  figure: field.text('统计项', 60),
  region: field.optionalText('地区', 12),
  from: field.date('开始日期'),
  to: field.date('结束日期'),
  page: field.optionalInt('页码', 1),
  residence: z.enum(['urban', 'rural'], { error: '城乡只能是城镇或农村' }).optional(),
});
