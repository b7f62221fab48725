/** Query strings of the report pages: region and period, plus the export format and print view. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

const Formats = { format: z.enum(['csv', 'xlsx', 'json']).optional(), print: field.checkbox() };
export const MonthlyQuery = z.object({ region: field.optionalText('地区', 12), month: field.optionalText('月份', 7), ...Formats });
export const SummaryQuery = z.object({ region: field.optionalText('地区', 12), from: field.optionalDate('开始日期'), to: field.optionalDate('结束日期'), ...Formats });
export const TableQuery = z.object({ region: field.optionalText('地区', 12), year: field.optionalInt('统计年度', 2000, 2100), half: field.checkbox(), ...Formats });
