/**
 * The JSON API's query strings and the list of its endpoints. The router registers exactly these endpoints and the
 * OpenAPI document is generated from the same zod schemas (z.toJSONSchema), so parameters are written once.
 * Unknown parameters are refused (a typo should not silently give the county's figures).
 */
import { z } from 'zod';
import { isIsoDate, isMonth } from '../../../domain/dates.ts';

const month = z
  .string({ error: '月份格式应为 2026-03' })
  .regex(/^\d{4}-\d{2}$/, '月份格式应为 2026-03')
  .refine(isMonth, '月份格式应为 2026-03')
  .describe('月份，YYYY-MM');
const date = (label: string) =>
  z
    .string({ error: `${label}格式应为 2026-03-15` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}格式应为 2026-03-15`)
    .refine(isIsoDate, `${label}不是有效日期`)
    .describe(`${label}，YYYY-MM-DD`);
const regionCode = z
  .string({ error: '地区代码应为 2 位（省）、4 位（市）、6 位（县）或 9 位（乡镇）数字' })
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/, '地区代码应为 2 位（省）、4 位（市）、6 位（县）或 9 位（乡镇）数字')
  .describe('省（2 位）、市（4 位）、县（6 位）或乡镇（9 位）代码，在令牌的区划之内；缺省为令牌的区划');
const strict = { error: (iss: { code?: string }) => (iss.code === 'unrecognized_keys' ? '不支持的参数' : undefined) };

export const FiguresQuery = z
  .strictObject({ region: regionCode.optional(), month: month.optional(), from: date('开始日期').optional(), to: date('结束日期').optional() }, strict)
  .superRefine((v, ctx) => {
    if (v.month && (v.from || v.to)) ctx.addIssue({ code: 'custom', path: ['month'], message: '月份与开始/结束日期只能选一种' });
    if (!v.month && (!v.from || !v.to)) ctx.addIssue({ code: 'custom', path: [v.from ? 'to' : 'from'], message: '请给出月份（month），或开始日期（from）和结束日期（to）' });
    if (v.from && v.to && v.from > v.to) ctx.addIssue({ code: 'custom', path: ['from'], message: '开始日期不能晚于结束日期' });
    if (v.from && v.to && v.from < v.to && Number(v.to.slice(0, 4)) - Number(v.from.slice(0, 4)) > 10) ctx.addIssue({ code: 'custom', path: ['from'], message: '期间不能超过 10 年' });
  });

export const TABLE_KEYS = ['monthly', 'table1', 'table2'] as const;
export const TableParams = z.object({
  table: z.enum(TABLE_KEYS, { error: '报表应为 monthly（月报表）、table1（统1表）或 table2（统2表）' }).describe('monthly 月报表 · table1 国人口统1表 · table2 国人口统2表'),
});
export const TableQuery = z.strictObject(
  {
    region: regionCode.optional(),
    month: month.optional().describe('月报表的月份，YYYY-MM；缺省为上月'),
    year: z
      .string({ error: '统计年度应为 4 位数字' })
      .regex(/^(20\d\d|2100)$/, '统计年度应为 2000–2100')
      .optional()
      .describe('统1表/统2表的统计年度（上年10月1日至当年9月30日）；缺省为上月所在的统计年度'),
    half: z.enum(['0', '1'], { error: 'half 应为 0 或 1' }).optional().describe('1：半年度（统计年度的前 6 个月）'),
  },
  strict,
);

export const MonthCloseQuery = z.strictObject({ month: month.optional().describe('月份，YYYY-MM；缺省为上月') }, strict);

export const ExportQuery = z.strictObject(
  {
    partner: z
      .string({ error: '请给出交换伙伴的 6 位县级代码（partner）' })
      .regex(/^\d{6}$/, '交换伙伴应为 6 位县级代码')
      .describe('交换伙伴的县级代码（6 位）'),
  },
  strict,
);

export const ImportQuery = z.strictObject({ dry_run: z.enum(['0', '1'], { error: 'dry_run 应为 0 或 1' }).optional().describe('1：只检查，说明导入会做什么，不写入') }, strict);

/** The error body of every refusal. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(['unauthorized', 'forbidden', 'not_found', 'bad_request', 'unprocessable', 'payload_too_large', 'rate_limited', 'unavailable', 'internal']),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional().describe('参数名 → 错误说明'),
  }),
});

export type EndpointKey = 'figures' | 'table' | 'monthClose' | 'exportPackage' | 'importPackage';

export interface ApiEndpoint {
  key: EndpointKey;
  method: 'get' | 'post';
  /** Express path (`:name` parameters). */
  path: string;
  summary: string;
  description: string;
  access: 'read' | 'write';
  query: z.ZodType;
  params?: z.ZodObject;
  /** A request body (the exchange package, as exported). */
  body?: string;
  /** What an example call adds to the path. */
  example: string;
  /** Statuses besides 200 and the common 401/429. */
  refusals: number[];
}

export const API_ENDPOINTS: ApiEndpoint[] = [
  {
    key: 'figures',
    method: 'get',
    path: '/api/v1/figures',
    summary: '报表数字',
    description: '省（各市为行）、市（各县为行）、县（各乡镇为行）或乡镇（各村为行）在一个月或任意期间的全部统计数字和比率，与统计报表页面同一口径；labels 给出每个指标的中文名。',
    access: 'read',
    query: FiguresQuery,
    example: '/api/v1/figures?month=2026-10',
    refusals: [400, 404],
  },
  {
    key: 'table',
    method: 'get',
    path: '/api/v1/tables/:table',
    summary: '正式报表',
    description: '计划生育月报表（monthly）、国人口统1表（table1）、国人口统2表（table2）：列的顺序和名称与正式报表一致；统1/统2表另附城镇、农村两部分。',
    access: 'read',
    query: TableQuery,
    params: TableParams,
    example: '/api/v1/tables/table1?year=2026',
    refusals: [400, 404],
  },
  {
    key: 'monthClose',
    method: 'get',
    path: '/api/v1/month-close',
    summary: '月报上报状态',
    description: '令牌区划内每个乡镇该月的上报、审核状态和及时性；县级令牌另给全县汇总（是否全部审核锁定）。',
    access: 'read',
    query: MonthCloseQuery,
    example: '/api/v1/month-close?month=2026-10',
    refusals: [400],
  },
  {
    key: 'exportPackage',
    method: 'get',
    path: '/api/v1/exchange/packages',
    summary: '导出协查交换包',
    description: '把发往该伙伴县、尚未打包的协查和反馈导出为签名交换包（原样即可交给对方导入），并标记为已导出。需县级令牌；只读令牌即可。',
    access: 'read',
    query: ExportQuery,
    example: '/api/v1/exchange/packages?partner=990200',
    refusals: [400, 404, 422],
  },
  {
    key: 'importPackage',
    method: 'post',
    path: '/api/v1/exchange/packages',
    summary: '导入协查交换包',
    description: '请求体为对方导出的交换包原文（application/json，不超过 512 KB）。dry_run=1 只检查并说明导入会做什么；否则全部导入或全部不导入。需县级、读写令牌。',
    access: 'write',
    query: ImportQuery,
    body: '对方导出的签名交换包原文（fp-portal.floating-exchange）',
    example: '/api/v1/exchange/packages?dry_run=1',
    refusals: [400, 403, 404, 413, 422],
  },
];
