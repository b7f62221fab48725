/**
 * Form and input schemas of the register (DESIGN §11 field names). The services parse their input with these
 * too, so imports and the state API get the same checks and the same Chinese messages as the forms.
 */
import { z } from 'zod';
import {
  CERTIFICATE_KIND,
  EPISODE_END_REASON,
  ETHNICITIES,
  EXIT_REASON,
  HUKOU_KIND,
  MARITAL_STATUS,
  METHOD,
  MIGRANT_STATUS,
  POLICY_STATUS,
  PREGNANCY_OUTCOME,
  SEX,
  VITAL_STATUS,
} from '../../domain/codes.ts';
import { ACCESS_REASON_MAX } from '../../domain/access-reasons.ts';
import { normalizeIdNumber } from '../../domain/id-number.ts';
import { blank, field } from '../../parse.ts';


const idNumber = (label: string) =>
  z.preprocess((v) => {
    const b = blank(v);
    return typeof b === 'string' ? normalizeIdNumber(b) : b;
  }, z.string({ error: `请填写${label}` }).max(30, `${label}应为18位`));

/**
 * Optional inside the preprocess: `.optional()` outside it only lets `undefined` through, so the empty string a
 * browser posts for a blank field would reach z.string() as undefined and fail with "请填写…".
 */
const optionalIdNumber = (label: string) =>
  z.preprocess((v) => {
    const b = blank(v);
    return typeof b === 'string' ? normalizeIdNumber(b) : b;
  }, z.string().max(30, `${label}应为18位`).optional());

const villageCode = (label: string) => z.preprocess(blank, z.string({ error: `请选择${label}` }).regex(/^\d{12}$/, `请选择${label}`));

const ethnicity = z.preprocess(
  (v) => blank(v) ?? '汉族',
  z.string().refine((e) => ETHNICITIES.includes(e), '民族不是有效选项'),
);

/** A checkbox (present = true) or a typed boolean from code (false stays false). */
const flag = z.preprocess((v) => v === true || (typeof v === 'string' && v !== '' && v !== '0' && v !== 'false'), z.boolean());

const phone = field.optionalPhone('联系电话');

export const CardFields = {
  id_number: idNumber('身份证号'),
  name: field.text('姓名', 50),
  village: villageCode('所在村(社区)'),
  ethnicity,
  hukou_kind: field.code(HUKOU_KIND, '户口性质'),
  hukou_place: field.optionalText('户籍地', 100),
  phone,
  address: field.optionalText('住址', 200),
  marital_status: field.code(MARITAL_STATUS, '婚姻状况'),
  marriage_date: field.optionalDate('结婚日期'),
  early_marriage_note: field.optionalText('早婚说明', 200),
  spouse_name: field.optionalText('配偶姓名', 50),
  spouse_id_number: optionalIdNumber('配偶身份证号'),
  spouse_hukou_kind: field.optionalCode(HUKOU_KIND, '配偶户口性质'),
  migrant_status: z.preprocess((v) => blank(v) ?? 'none', field.code(MIGRANT_STATUS, '流动状态')),
  migrant_place: field.optionalText('流入/流出地', 100),
  migrant_since: field.optionalDate('流动起始日期'),
  migrant_verified_on: field.optionalDate('最近核实日期'),
};

export const CardForm = z.object(CardFields);
export type CardValues = z.output<typeof CardForm>;

export const CardUpdateForm = z.object({ ...CardFields, version: field.int('版本', 1) });

/** The form fields of a card, in the order of the paper card (for labels, conflicts and audit). */
export const CARD_FIELD_LABELS: Record<string, string> = {
  id_number: '身份证号',
  name: '姓名',
  village: '所在村(社区)',
  ethnicity: '民族',
  hukou_kind: '户口性质',
  hukou_place: '户籍地',
  phone: '联系电话',
  address: '住址',
  marital_status: '婚姻状况',
  marriage_date: '结婚日期',
  early_marriage_note: '早婚说明',
  spouse_name: '配偶姓名',
  spouse_id_number: '配偶身份证号',
  spouse_hukou_kind: '配偶户口性质',
  migrant_status: '流动状态',
  migrant_place: '流入/流出地',
  migrant_since: '流动起始日期',
  migrant_verified_on: '最近核实日期',
};

const ChildFields = {
  name: field.optionalText('子女姓名', 50),
  sex: field.code(SEX, '性别'),
  birth_date: field.date('出生日期'),
  birth_order: field.optionalInt('孩次', 1, 20),
  policy_status: field.optionalCode(POLICY_STATUS, '政策属性'),
  permit_no: field.optionalText('生育证号', 50),
  policy_reason: field.optionalText('政策属性说明', 200),
  vital_status: z.preprocess((v) => blank(v) ?? 'living', field.code(VITAL_STATUS, '健康状况')),
  disability_grade: field.optionalInt('伤残等级', 1, 4),
  death_date: field.optionalDate('死亡日期'),
};
export const ChildForm = z.object(ChildFields);
export const ChildUpdateForm = z.object({ ...ChildFields, version: field.int('版本', 1) });

export const PregnancyOpenForm = z.object({
  found_on: field.date('发现日期'),
  lmp_date: field.optionalDate('末次月经日期'),
  contraceptive_failure: flag,
  notes: field.optionalText('备注', 200),
});

export const PregnancyCloseForm = z.object({
  outcome: field.code(PREGNANCY_OUTCOME, '妊娠结局'),
  outcome_date: field.date('结局日期'),
  notes: field.optionalText('备注', 200),
});

export const EpisodeOpenForm = z.object({
  method: field.code(METHOD, '避孕方法'),
  started_on: field.date('开始日期'),
  due_on: field.optionalDate('到期日期'),
  notes: field.optionalText('备注', 200),
});

export const EpisodeCloseForm = z.object({
  ended_on: field.date('结束日期'),
  end_reason: field.code(EPISODE_END_REASON, '结束原因'),
  notes: field.optionalText('备注', 200),
});

export const CertificateForm = z.object({
  kind: field.code(CERTIFICATE_KIND, '证件类别'),
  number: field.text('证件编号', 50),
  issued_on: field.date('发证日期'),
  expires_on: field.optionalDate('有效期至'),
});

/** 查看完整身份证号: the reason is required by the service (after the scope check, so another township's card is a 404). */
export const RevealForm = z.object({ reason: field.optionalText('查看原因', ACCESS_REASON_MAX) });

export const RevokeForm = z.object({
  revoked_on: field.date('注销日期'),
  revoke_reason: field.text('注销原因', 200),
});

export const TransferForm = z.object({
  village: villageCode('迁入村(社区)'),
  moved_on: field.date('迁移日期'),
  reason: field.optionalText('迁移原因', 200),
});

export const TransferRequestForm = z.object({
  id_number: idNumber('身份证号'),
  village: villageCode('迁入本乡镇的村(社区)'),
  moved_on: field.date('迁入日期'),
  reason: field.optionalText('迁入原因', 200),
});

export const TransferDecisionForm = z.object({
  village: z.preprocess(blank, z.string().regex(/^\d{12}$/, '请选择村(社区)').optional()),
  note: field.optionalText('说明', 200),
});

export const ExitForm = z.object({
  exit_reason: field.code(EXIT_REASON, '出队原因'),
  exit_date: field.date('出队日期'),
  exit_note: field.optionalText('说明', 200),
  version: field.int('版本', 1),
});

export const ReactivateForm = z.object({
  reason: field.text('重新激活原因', 200),
  version: field.int('版本', 1),
});

export const SORTS = ['village', 'name', 'age', 'updated'] as const;
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(blank, z.enum(values as unknown as [T[number], ...T[number][]]).optional());

export const WomenFilters = z.object({
  q: field.optionalText('关键词', 50),
  village: z.preprocess(blank, z.string().regex(/^\d{12}$/).optional()),
  status: optionalEnum(['active', 'exited', 'transferring', 'all'] as const),
  marital: field.optionalCode(MARITAL_STATUS, '婚姻状况'),
  method: optionalEnum([...(Object.keys(METHOD) as [string, ...string[]]), 'none'] as [string, ...string[]]),
  migrant: field.optionalCode(MIGRANT_STATUS, '流动状态'),
  problems: optionalEnum(['E', 'W', 'any'] as const),
  sort: optionalEnum(SORTS),
  dir: optionalEnum(['asc', 'desc'] as const),
  page: field.optionalInt('页码', 1),
});
export type WomenFilterValues = z.output<typeof WomenFilters>;

export const ExceptionFilters = z.object({
  village: z.preprocess(blank, z.string().regex(/^\d{12}$/).optional()),
  township: z.preprocess(blank, z.string().regex(/^\d{9}$/).optional()),
  level: optionalEnum(['E', 'W'] as const),
  rule: z.preprocess(blank, z.string().max(50).optional()),
  print: field.checkbox(),
});

/*
 * Typed input of the write API (what code such as imports and the services feature passes). Values may be the
 * strings a form posts or typed values; the schemas above turn both into the same checked values.
 */
type Num = number | string;

export interface CardInput {
  id_number: string;
  name: string;
  village: string;
  ethnicity?: string;
  hukou_kind: string;
  hukou_place?: string;
  phone?: string;
  address?: string;
  marital_status: string;
  marriage_date?: string;
  early_marriage_note?: string;
  spouse_name?: string;
  spouse_id_number?: string;
  spouse_hukou_kind?: string;
  migrant_status?: string;
  migrant_place?: string;
  migrant_since?: string;
  migrant_verified_on?: string;
}
export interface CardUpdateInput extends CardInput {
  version: Num;
}

export interface ChildInput {
  name?: string;
  sex: string;
  birth_date: string;
  birth_order?: Num;
  policy_status?: string;
  permit_no?: string;
  policy_reason?: string;
  vital_status?: string;
  disability_grade?: Num;
  death_date?: string;
}
export interface ChildUpdateInput extends ChildInput {
  version: Num;
}

export interface PregnancyOpenInput {
  found_on: string;
  lmp_date?: string;
  contraceptive_failure?: boolean | string;
  notes?: string;
}
export interface PregnancyCloseInput {
  outcome: string;
  outcome_date: string;
  notes?: string;
}
export interface EpisodeOpenInput {
  method: string;
  started_on: string;
  due_on?: string;
  notes?: string;
}
export interface EpisodeCloseInput {
  ended_on: string;
  end_reason: string;
  notes?: string;
}
export interface CertificateInput {
  kind: string;
  number: string;
  issued_on: string;
  expires_on?: string;
}
export interface TransferInput {
  village: string;
  moved_on: string;
  reason?: string;
}
export interface TransferRequestInput extends TransferInput {
  id_number: string;
}
export interface ExitInput {
  exit_reason: string;
  exit_date: string;
  exit_note?: string;
  version: Num;
}
