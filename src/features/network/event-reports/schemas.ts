/** The village worker's report form (/village/reports/new) and the list's query string. */
import { z } from 'zod';
import { REPORTED_EVENT_KIND, REPORTED_EVENT_STATUS, SEX } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

export const ReportForm = z.object({
  kind: field.code(REPORTED_EVENT_KIND, '上报事项'),
  /** The woman, picked from the village's register (every kind but an arrival). */
  woman_id: z.preprocess(blank, z.coerce.number({ error: '请从本村花名册中选择妇女' }).int().positive().max(2147483647).optional()),
  /** An arrival: the newcomer typed from her ID card. */
  person_name: field.optionalText('姓名', 50),
  id_number: field.optionalText('身份证号', 30),
  event_date: field.date('发生日期'),
  lmp_date: field.optionalDate('末次月经日期'),
  child_sex: field.optionalCode(SEX, '婴儿性别'),
  destination: field.optionalText('去向', 100),
  note: field.optionalText('备注', 200),
});
export type ReportValues = z.output<typeof ReportForm>;

export const ReportFilters = z.object({
  status: field.optionalCode(REPORTED_EVENT_STATUS, '状态'),
  page: field.optionalInt('页码', 1),
});

/** The woman picker's search box on the report form. */
export const WomanSearch = z.object({
  q: field.optionalText('姓名', 30),
  kind: field.optionalCode(REPORTED_EVENT_KIND, '上报事项'),
});
