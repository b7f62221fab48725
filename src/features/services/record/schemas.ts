/**
 * The service form and the services list's filters (DESIGN §11 field names: kind, performed_on, facility,
 * provider, findings, complication, notes; issue 15 adds satisfaction, satisfaction_note). Programmatic callers (imports, tests) pass the same shapes through
 * recordService, which parses them with ServiceForm; a checkbox may be a boolean there.
 */
import { z } from 'zod';
import { COMPLICATION, GYN_RESULT, IUD_RESULT, PREGNANCY_RESULT, SATISFACTION, SERVICE_KIND } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

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
  /** 查病结果 of a round that includes 查病 (三查); kept on the round's list. */
  gyn_result: field.optionalCode(GYN_RESULT, '查病结果'),
  gyn_note: field.optionalText('查病所见', 200),
  contraceptive_failure: flag,
  lmp_date: field.optionalDate('末次月经日期'),
  due_on: field.optionalDate('到期取出日期'),
  satisfaction: field.optionalCode(SATISFACTION, '群众满意度'),
  satisfaction_note: field.optionalText('满意度说明', 200),
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
  gyn_result?: string;
  gyn_note?: string;
  contraceptive_failure?: boolean | string;
  lmp_date?: string;
  due_on?: string;
  satisfaction?: string;
  satisfaction_note?: string;
}

export const ServiceListFilters = z.object({
  kind: field.optionalCode(SERVICE_KIND, '服务项目'),
  village: z.preprocess(
    blank,
    z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
  ),
  from: field.optionalDate('开始日期'),
  to: field.optionalDate('结束日期'),
  q: field.optionalText('姓名或身份证号', 30),
  sort: z.preprocess(blank, z.enum(['performed_on', 'name', 'kind']).optional()),
  dir: z.preprocess(blank, z.enum(['asc', 'desc']).optional()),
  page: field.optionalInt('页码', 1),
});
