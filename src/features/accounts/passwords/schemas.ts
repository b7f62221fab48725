/** The change-my-password form. */
import { z } from 'zod';

export const ChangePasswordForm = z.object({
  current_password: z.string({ error: '请填写当前密码' }).min(1, '请填写当前密码'),
  new_password: z.string({ error: '请填写新密码' }).min(1, '请填写新密码'),
  confirm_password: z.string({ error: '请再次输入新密码' }).min(1, '请再次输入新密码'),
});
