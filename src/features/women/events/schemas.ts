/** Forms of the events on a card: children, pregnancies, contraception, certificates (DESIGN §11 field names). */
import { z } from 'zod';
import { CERTIFICATE_KIND, EPISODE_END_REASON, METHOD, POLICY_STATUS, PREGNANCY_OUTCOME, SEX, VITAL_STATUS } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

/** A checkbox (present = true) or a typed boolean from code (false stays false). */
const flag = z.preprocess((v) => v === true || (typeof v === 'string' && v !== '' && v !== '0' && v !== 'false'), z.boolean());

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

export const RevokeForm = z.object({
  revoked_on: field.date('注销日期'),
  revoke_reason: field.text('注销原因', 200),
});

/*
 * Typed input of the write API (what code such as imports and the services feature passes). Values may be the
 * strings a form posts or typed values; the schemas above turn both into the same checked values.
 */
type Num = number | string;

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
