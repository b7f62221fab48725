/** The audit log viewer's filters. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

export const AuditFilters = z.object({
  username: field.optionalText('用户名', 50),
  action: field.optionalText('操作', 60),
  entity: field.optionalText('对象', 40),
  entity_id: field.optionalText('对象编号', 40),
  from: field.optionalDate('开始日期'),
  to: field.optionalDate('结束日期'),
  /** 包括登录记录 (sign-in rows are hidden otherwise). */
  logins: field.checkbox(),
  page: field.optionalInt('页码', 1),
});
