/** The special-family file forms (建档, 修改, 结案) and the list's query string, parsed once at the edge. */
import { z } from 'zod';
import { SPECIAL_FAMILY_CLOSE_REASON, SPECIAL_FAMILY_CONTACT_ROLE, SPECIAL_FAMILY_HEALTH, SPECIAL_FAMILY_INCOME, SPECIAL_FAMILY_KIND } from '../../../domain/codes.ts';
import { blank, field } from '../../../parse.ts';

const fileFields = {
  kind: field.code(SPECIAL_FAMILY_KIND, '家庭类别'),
  husband_name: field.optionalText('丈夫姓名', 50),
  child_name: field.optionalText('子女姓名', 50),
  child_event_on: field.optionalDate('子女死亡或致残日期'),
  disability_grade: field.optionalInt('伤残等级', 1, 4),
  subsidy_application_id: field.optionalInt('特扶申请', 1, 2147483647),
  lives_alone: field.checkbox(),
  income_level: field.optionalCode(SPECIAL_FAMILY_INCOME, '收入水平'),
  health: field.optionalCode(SPECIAL_FAMILY_HEALTH, '健康状况'),
  household_note: field.optionalText('家庭情况说明', 500),
  opened_on: field.date('建档日期'),
  contact1_name: field.text('第一联系人姓名', 50),
  contact1_role: field.code(SPECIAL_FAMILY_CONTACT_ROLE, '第一联系人身份'),
  contact1_phone: field.optionalPhone('第一联系人电话'),
  contact2_name: field.text('第二联系人姓名', 50),
  contact2_role: field.code(SPECIAL_FAMILY_CONTACT_ROLE, '第二联系人身份'),
  contact2_phone: field.optionalPhone('第二联系人电话'),
};

export const FileForm = z.object(fileFields);
export type FileValues = z.output<typeof FileForm>;

export const NewFileForm = z.object({ woman: field.int('育龄妇女', 1, 2147483647), ...fileFields });
export type NewFileValues = z.output<typeof NewFileForm>;

export const EditFileForm = z.object({ ...fileFields, version: field.int('版本', 1, 2147483647) });
export type EditFileValues = z.output<typeof EditFileForm>;

export const CloseFileForm = z.object({
  closed_on: field.date('结案日期'),
  close_reason: field.code(SPECIAL_FAMILY_CLOSE_REASON, '结案原因'),
  close_note: field.optionalText('结案说明', 200),
  version: field.int('版本', 1, 2147483647),
});
export type CloseFileValues = z.output<typeof CloseFileForm>;

export const NewFileQuery = z.object({ woman: field.optionalInt('育龄妇女', 1, 2147483647) });

const regionCode = (digits: number, message: string) =>
  z.preprocess(
    blank,
    z
      .string()
      .regex(new RegExp(`^\\d{${digits}}$`), message)
      .optional(),
  );

export const FileListQuery = z.object({
  township: regionCode(9, '乡镇代码应为9位'),
  village: regionCode(12, '村代码应为12位'),
  status: z.preprocess((v) => blank(v) ?? 'open', z.enum(['open', 'due', 'closed', 'all'])),
  page: field.optionalInt('页码', 1),
  format: z.preprocess(blank, z.enum(['csv']).optional()),
});
export type FileListValues = z.output<typeof FileListQuery>;
