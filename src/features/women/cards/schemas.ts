/**
 * The card's form and input schemas (DESIGN §11 field names), and the field builders the other subjects' forms
 * share (ID number, village code). Imports parse raw rows with CardForm too, so they get the forms' messages.
 */
import { z } from 'zod';
import { ETHNICITIES, HUKOU_KIND, MARITAL_STATUS, MIGRANT_STATUS } from '../../../domain/codes.ts';
import { ACCESS_REASON_MAX } from '../../../domain/access-reasons.ts';
import { normalizeIdNumber } from '../../../domain/id-number.ts';
import { blank, field } from '../../../parse.ts';
import { ChangeDateFields } from '../histories/schemas.ts';

export const idNumber = (label: string) =>
  z.preprocess(
    (v) => {
      const b = blank(v);
      return typeof b === 'string' ? normalizeIdNumber(b) : b;
    },
    z.string({ error: `请填写${label}` }).max(30, `${label}应为18位`),
  );

/**
 * Optional inside the preprocess: `.optional()` outside it only lets `undefined` through, so the empty string a
 * browser posts for a blank field would reach z.string() as undefined and fail with "请填写…".
 */
const optionalIdNumber = (label: string) =>
  z.preprocess(
    (v) => {
      const b = blank(v);
      return typeof b === 'string' ? normalizeIdNumber(b) : b;
    },
    z.string().max(30, `${label}应为18位`).optional(),
  );

export const villageCode = (label: string) => z.preprocess(blank, z.string({ error: `请选择${label}` }).regex(/^\d{12}$/, `请选择${label}`));

const ethnicity = z.preprocess(
  (v) => blank(v) ?? '汉族',
  z.string().refine((e) => ETHNICITIES.includes(e), '民族不是有效选项'),
);

const phone = field.optionalPhone('联系电话');

/** 是 / 否 / 不详 (blank): the couple facts the birth-policy rules read (src/domain/birth-policy.ts). */
const YES_NO: Record<string, boolean> = { true: true, false: false, 是: true, 否: false };
const optionalYesNo = (label: string) =>
  z.preprocess(
    (v) => {
      const b = blank(v);
      if (b === '不详') return undefined;
      return typeof b === 'string' && Object.hasOwn(YES_NO, b) ? YES_NO[b] : b;
    },
    z.boolean({ error: `${label}应为“是”“否”或“不详”` }).optional(),
  );

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
  registered_on: field.optionalDate('建卡/迁入日期'),
  only_child: optionalYesNo('本人是否独生子女'),
  spouse_only_child: optionalYesNo('配偶是否独生子女'),
};

/** The card's fields, and the dates of a status change (not columns of the card: they date its events). */
export const CardForm = z.object({ ...CardFields, ...ChangeDateFields });
export type CardValues = z.output<typeof CardForm>;

export const CardUpdateForm = z.object({ ...CardFields, ...ChangeDateFields, version: field.int('版本', 1) });

/** The form fields of a card, in the order of the paper card (for labels, conflicts and audit): one list, in src/domain. */
export { CARD_FIELD_LABELS } from '../../../domain/field-labels.ts';

/** 查看完整身份证号: the reason is required by the service (after the scope check, so another township's card is a 404). */
export const RevealForm = z.object({ reason: field.optionalText('查看原因', ACCESS_REASON_MAX) });

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
  /** 建卡/迁入日期: a new card defaults to today (an import: the day she turned 15); an edit keeps the saved one. */
  registered_on?: string;
  marital_changed_on?: string;
  migrant_changed_on?: string;
  hukou_changed_on?: string;
  only_child?: boolean | string;
  spouse_only_child?: boolean | string;
}
export interface CardUpdateInput extends CardInput {
  version: Num;
}
