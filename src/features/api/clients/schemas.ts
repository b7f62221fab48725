/** The admin forms of the API clients: a new client (with the reason for it), a revocation, the list's page. */
import { z } from 'zod';
import { blank, field } from '../../../parse.ts';

export const ACCESS_LABEL = { read: '只读', write: '读写' } as const;
export type ApiAccess = keyof typeof ACCESS_LABEL;

export const ClientForm = z.object({
  name: field.text('名称', 60),
  purpose: field.text('用途', 200),
  region_id: field.int('可访问的区划', 1, 2_000_000_000),
  access: z.preprocess(blank, z.enum(['read', 'write'], { error: '请选择访问权限' })),
  rate_limit_per_minute: field.optionalInt('每分钟调用上限', 1, 6000),
  reason: field.text('创建原因', 200),
});
export type ClientValues = z.output<typeof ClientForm>;

export const RevokeForm = z.object({ reason: field.text('吊销原因', 200) });

export const ClientListQuery = z.object({ page: field.optionalInt('页码', 1, 1_000_000) });
