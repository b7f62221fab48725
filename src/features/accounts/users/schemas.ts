/** The admin's account forms and the user list's filters. */
import { z } from 'zod';
import { ROLE } from '../../../domain/codes.ts';
import { field } from '../../../parse.ts';

export const NewUserForm = z.object({
  username: field.text('用户名', 32),
  display_name: field.text('姓名', 30),
  role: field.code(ROLE, '角色'),
  region_id: field.int('所属区划', 1),
  password: z.string({ error: '请填写初始密码' }).min(1, '请填写初始密码'),
});

export const ResetPasswordForm = z.object({
  password: z.string({ error: '请填写新密码' }).min(1, '请填写新密码'),
  version: field.int('版本', 1),
});

export const VersionForm = z.object({ version: field.int('版本', 1) });

export const UserFilters = z.object({
  q: field.optionalText('关键词', 50),
  role: field.optionalCode(ROLE, '角色'),
  region: field.optionalInt('区划', 1),
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['active', 'disabled', 'locked']).optional()),
  page: field.optionalInt('页码', 1),
});
