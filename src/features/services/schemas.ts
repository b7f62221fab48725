/**
 * Form and filter schemas of the services feature (DESIGN §11 field names: kind, performed_on, facility,
 * provider, findings, complication, notes). Programmatic callers (imports, tests) pass the same shapes; a
 * checkbox may be a boolean there.
 */
import { z } from 'zod';
import { COMPLICATION, FOLLOW_UP_LEVEL, IUD_RESULT, PREGNANCY_RESULT, SERVICE_KIND } from '../../domain/codes.ts';
import { field } from '../../parse.ts';

const blank = (v: unknown) => {
  if (Array.isArray(v)) v = v[v.length - 1];
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return t === '' ? undefined : t;
};

/** A checkbox (present = true) or a typed boolean from code (false stays false). */
const flag = z.preprocess((v) => v === true || (typeof v === 'string' && v !== '' && v !== '0' && v !== 'false'), z.boolean());

export const ServiceForm = z.object({
  kind: field.code(SERVICE_KIND, '服务项目'),
  performed_on: field.date('服务日期'),
  facility: field.optionalText('服务机构', 100),
  provider: field.optionalText('服务人员', 50),
  findings: field.optionalText('检查所见/结果', 500),
  complication: z.preprocess((v) => blank(v) ?? 'none', field.code(COMPLICATION, '并发症')),
  complication_serious: flag,
  notes: field.optionalText('备注', 500),
  iud_result: field.optionalCode(IUD_RESULT, '查环结果'),
  pregnancy_result: field.optionalCode(PREGNANCY_RESULT, '查孕结果'),
  contraceptive_failure: flag,
  lmp_date: field.optionalDate('末次月经日期'),
  due_on: field.optionalDate('到期取出日期'),
});
export type ServiceValues = z.output<typeof ServiceForm>;

/** What callers pass (strings from a form, or typed values from code). */
export interface ServiceInput {
  kind: string;
  performed_on: string;
  facility?: string;
  provider?: string;
  findings?: string;
  complication?: string;
  complication_serious?: boolean | string;
  notes?: string;
  iud_result?: string;
  pregnancy_result?: string;
  contraceptive_failure?: boolean | string;
  lmp_date?: string;
  due_on?: string;
}

export const FollowUpDoneForm = z.object({
  done_on: field.date('随访日期'),
  result: field.text('随访结果', 200),
  note: field.optionalText('备注', 200),
});
export type FollowUpDoneInput = { done_on: string; result: string; note?: string };

export const FollowUpFilters = z.object({
  status: z.preprocess(blank, z.enum(['pending', 'overdue', 'due', 'upcoming', 'done', 'all']).optional()),
  level: field.optionalCode(FOLLOW_UP_LEVEL, '随访级别'),
  village: z.preprocess(blank, z.string().regex(/^\d{12}$/, '村代码应为12位').optional()),
  q: field.optionalText('姓名或身份证号', 30),
  sort: z.preprocess(blank, z.enum(['due_on', 'name', 'village']).optional()),
  dir: z.preprocess(blank, z.enum(['asc', 'desc']).optional()),
  page: field.optionalInt('页码', 1),
  print: field.optionalText('打印', 2),
});
export type FollowUpFilterValues = z.output<typeof FollowUpFilters>;

export const RoundForm = z.object({
  year: field.int('年度', 2000, 2100),
  quarter: field.int('季度', 1, 4),
});

export const ExcuseForm = z.object({
  woman_id: field.int('对象', 1),
  reason: field.text('免查原因', 200),
});

export const AddToRoundForm = z.object({
  id_number: field.text('身份证号', 30),
});

/** GET /check-rounds: one township's rounds (county), or the township of one village (its round pages then list that village). */
export const RoundListFilters = z.object({
  township: z.preprocess(blank, z.string().regex(/^\d{9}$/, '乡镇代码应为9位').optional()),
  village: z.preprocess(blank, z.string().regex(/^\d{12}$/, '村代码应为12位').optional()),
});

export const RoundFilters = z.object({
  village: z.preprocess(blank, z.string().regex(/^\d{12}$/).optional()),
  status: z.preprocess(blank, z.enum(['due', 'done', 'excused', 'missed']).optional()),
  page: field.optionalInt('页码', 1),
  print: field.optionalText('打印', 2),
});

export const ServiceListFilters = z.object({
  kind: field.optionalCode(SERVICE_KIND, '服务项目'),
  village: z.preprocess(blank, z.string().regex(/^\d{12}$/).optional()),
  from: field.optionalDate('开始日期'),
  to: field.optionalDate('结束日期'),
  q: field.optionalText('姓名或身份证号', 30),
  sort: z.preprocess(blank, z.enum(['performed_on', 'name', 'kind']).optional()),
  dir: z.preprocess(blank, z.enum(['asc', 'desc']).optional()),
  page: field.optionalInt('页码', 1),
});

export const RosterQuery = z.object({
  village: z.preprocess(blank, z.string().regex(/^\d{12}$/, '村代码应为12位').optional()),
  month: z.preprocess(blank, field.month().optional()),
  print: field.optionalText('打印', 2),
  page: field.optionalInt('页码', 1),
  round: field.optionalInt('轮次', 1),
  /** Removals roster only: due in the month, or overdue (未按期取出); blank: both. */
  due: z.preprocess(blank, z.enum(['month', 'overdue'], { error: '到期情况应为“本月到期”或“未按期取出”' }).optional()),
});
