/** Query strings of the complications report (region, period, export) and of the list behind each count. */
import { z } from 'zod';
import { COMPLICATION, PROCEDURE_KIND } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const ComplicationsQuery = z.object({
  region: field.optionalText('地区', 12),
  from: field.optionalDate('开始日期'),
  to: field.optionalDate('结束日期'),
  format: z.enum(['csv', 'xlsx'], { error: '导出格式只能是 csv 或 xlsx' }).optional(),
  print: field.checkbox(),
});

/** `complication`: one kind (not 'none'), or 'any' for every procedure with a complication; absent = every procedure. */
const COMPLICATION_FILTER = ['any', ...Object.keys(COMPLICATION).filter((k) => k !== 'none')] as [string, ...string[]];

export const ComplicationPeopleQuery = z.object({
  region: field.optionalText('地区', 12),
  from: field.date('开始日期'),
  to: field.date('结束日期'),
  kind: field.optionalCode(PROCEDURE_KIND, '手术'),
  complication: z.preprocess(blank, z.enum(COMPLICATION_FILTER, { error: '并发症不是有效选项' }).optional()),
  serious: field.checkbox(),
  page: field.optionalInt('页码', 1),
});

export type ComplicationFilter = { kind?: string; complication?: string; serious: boolean };
