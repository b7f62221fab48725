/** The certificate application's form and the list's query string, parsed once at the edge (DESIGN §13). */
import { z } from 'zod';
import { CERT_APPLICANT, CERT_APPLICATION_STATUS, CERT_EVIDENCE, CERTIFICATE_KIND } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

/** Ticked checkboxes: one value, several, or none. */
const evidenceSet = z.preprocess(
  (v): unknown => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(Object.keys(CERT_EVIDENCE) as [keyof typeof CERT_EVIDENCE, ...(keyof typeof CERT_EVIDENCE)[]], { error: '证明材料不是有效选项' })),
);

export const ApplicationForm = z.object({
  kind: field.code(CERTIFICATE_KIND, '证件类别'),
  child_order: field.optionalInt('登记孩次', 1, 3),
  applicant: field.code(CERT_APPLICANT, '申请方式'),
  agent_name: field.optionalText('代办员姓名', 50),
  evidence: evidenceSet,
  note: field.optionalText('备注', 500),
});
export type ApplicationInput = z.output<typeof ApplicationForm>;

export const EditApplicationForm = ApplicationForm.extend({ version: field.int('版本', 1) });
export type EditApplicationInput = z.output<typeof EditApplicationForm>;

export const NewApplicationQuery = z.object({ kind: field.optionalCode(CERTIFICATE_KIND, '证件类别') });

/** `status=overdue` is the overdue list: submitted and not decided by the kind's deadline. */
export const ApplicationFilters = z.object({
  kind: field.optionalCode(CERTIFICATE_KIND, '证件类别'),
  status: z.preprocess(blank, z.enum([...(Object.keys(CERT_APPLICATION_STATUS) as (keyof typeof CERT_APPLICATION_STATUS)[]), 'overdue'], { error: '状态不是有效选项' }).optional()),
  village: field.optionalText('村', 12),
  q: field.optionalText('姓名或身份证号', 40),
  page: field.optionalInt('页码', 1),
});
export type ApplicationFilterValues = z.output<typeof ApplicationFilters>;
