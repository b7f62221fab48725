/** The exchange forms: a partner county, an export, the commit of an imported package. */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';

export const PartnerForm = z.object({
  county_code: z.preprocess(blank, z.string({ error: '请填写县级代码' }).regex(/^\d{6}$/, '县级代码应为6位数字')),
  name: field.text('名称', 60),
  secret: z.preprocess(blank, z.string({ error: '请填写共享密钥' }).min(16, '共享密钥至少 16 个字符').max(200, '共享密钥不能超过 200 个字符')),
  active: field.checkbox(),
});
export type PartnerValues = z.output<typeof PartnerForm>;

export const ExportForm = z.object({
  county_code: z.preprocess(blank, z.string({ error: '请选择交换伙伴' }).regex(/^\d{6}$/, '请选择交换伙伴')),
});

export const CommitForm = z.object({
  package: z.preprocess(blank, z.string({ error: '缺少交换包内容，请重新上传' }).max(1024 * 1024, '交换包过大')),
});
