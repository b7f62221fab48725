/**
 * The JSON API, v1 (issue 19 §3). Mounted before the session, the body parsers and the CSRF check: a call carries
 * `Authorization: Bearer <token>` and nothing else authorises it (a session cookie is never read here).
 *   GET  /api/v1/figures?region=&month= | &from=&to=      the report's rows and total
 *   GET  /api/v1/tables/:table?region=&month= | &year=&half=   月报表 / 统1表 / 统2表
 *   GET  /api/v1/month-close?month=                      each township's month-close status
 *   GET  /api/v1/exchange/packages?partner=              export a signed 协查 package (read)
 *   POST /api/v1/exchange/packages?dry_run=1             import one (write; 512 KB)
 * Order per call: token (401) → rate limit (429) → access (403) → parameters (400) → region (404). Every call,
 * refused or not, leaves a row in api_calls. Errors are `{ error: { code, message, fields? } }` in Chinese.
 */
import { raw, type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Options } from 'express-rate-limit';
import type { z } from 'zod';
import type { AppContext } from '../../../context.ts';
import { PgRateLimitStore } from '../../../db/rate-limit-store.ts';
import { AppError, BadRequestError, ForbiddenError, NotFoundError, ValidationError, isDatabaseUnavailable, type FieldErrors } from '../../../errors.ts';
import { constraintError } from '../../../http/constraint-messages.ts';
import { todayOf } from '../../../http/route-kit.ts';
import { API_ENDPOINTS, ExportQuery, FiguresQuery, ImportQuery, MonthCloseQuery, TableParams, TableQuery, type ApiEndpoint, type EndpointKey } from './schemas.ts';
import { authenticate, clientActor, countCall, defaultMonth, exportForPartner, figures, importPackage, logCall, monthClose, officialTable, type TokenClient } from './service.ts';

export const MAX_BODY = '512kb';

/** Bad parameters: 400 with a message per parameter (a service's refusal of a valid request is 422). */
export class ParamError extends ValidationError {}

const CJK = /[\u4e00-\u9fff]/;

/** Parse a query string or path parameters with an endpoint's schema; failures name each parameter in Chinese. */
export function parseParams<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: FieldErrors = {};
  for (const iss of r.error.issues) {
    if (iss.code === 'unrecognized_keys') for (const k of iss.keys) fields[k] ??= '不支持的参数';
    else fields[String(iss.path[0] ?? 'query')] ??= CJK.test(iss.message) ? iss.message : '参数格式有误';
  }
  throw new ParamError(fields);
}

const errorBody = (code: string, message: string, fields?: FieldErrors) => ({ error: { code, message, ...(fields && Object.keys(fields).length ? { fields } : {}) } });

function errorOf(err: unknown): { status: number; body: ReturnType<typeof errorBody> } | undefined {
  if (err instanceof ParamError) return { status: 400, body: errorBody('bad_request', '请求参数有误', err.fieldErrors) };
  if (err instanceof ValidationError) return { status: 422, body: errorBody('unprocessable', err.message, err.fieldErrors) };
  if (err instanceof NotFoundError) return { status: 404, body: errorBody('not_found', err.message) };
  if (err instanceof BadRequestError) return { status: 400, body: errorBody('bad_request', err.message) };
  if (err instanceof ForbiddenError) return { status: 403, body: errorBody('forbidden', err.message) };
  if (err instanceof AppError && err.status >= 500) return { status: 503, body: errorBody('unavailable', err.message) };
  if (isDatabaseUnavailable(err)) return { status: 503, body: errorBody('unavailable', '数据库暂时不可用，请稍后再试。') };
  const refused = constraintError(err);
  if (refused) return { status: 422, body: errorBody('unprocessable', refused.message) };
  const status = (err as { status?: number } | undefined)?.status;
  if (status === 413) return { status: 413, body: errorBody('payload_too_large', `请求体超过 ${MAX_BODY.replace('kb', ' KB')}，请分批导出交换包`) };
  if (typeof status === 'number' && status >= 400 && status < 500) return { status: 400, body: errorBody('bad_request', '请求体无法读取，请检查后重试') };
  return undefined;
}

export function v1Routes(router: Router, ctx: AppContext) {
  const db = ctx.db;
  const store = new PgRateLimitStore(db, 'api', () => ctx.now().getTime());
  store.init({ windowMs: 60_000 } as Options);

  /** The answer, after its row in the call log (so the log holds every call the moment the caller has its answer). */
  async function reply(req: Request, res: Response, status: number, send: () => void) {
    const client = res.locals.apiClient as TokenClient | undefined;
    const started = (res.locals.apiStarted as number | undefined) ?? performance.now();
    try {
      await logCall(db, { clientId: client?.id ?? null, method: req.method, path: req.originalUrl, status, ms: performance.now() - started }, ctx.now());
    } catch (err) {
      ctx.logger.warn({ err, path: req.path }, 'api call not logged');
    }
    res.status(status);
    send();
  }
  const json = (req: Request, res: Response, status: number, body: unknown) => reply(req, res, status, () => res.json(body));

  const authenticated: RequestHandler = async (req, res, next) => {
    res.locals.apiStarted = performance.now();
    const m = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/.exec(req.get('authorization') ?? '');
    const client = await authenticate(db, m?.[1]);
    if (!client) {
      res.set('WWW-Authenticate', 'Bearer realm="fp-portal"');
      return json(req, res, 401, errorBody('unauthorized', '令牌无效或已吊销'));
    }
    res.locals.apiClient = client;
    const counted = await countCall(store, client, ctx.now());
    if (!counted.ok) {
      res.set('Retry-After', String(counted.retryAfter));
      return json(req, res, 429, errorBody('rate_limited', `调用过于频繁：每分钟最多 ${client.rate_limit_per_minute} 次，请 ${counted.retryAfter} 秒后再试`));
    }
    next();
  };

  const access =
    (e: ApiEndpoint): RequestHandler =>
    (req, res, next) => {
      const client = res.locals.apiClient as TokenClient;
      if (e.access === 'write' && client.access !== 'write') return json(req, res, 403, errorBody('forbidden', '该令牌只有读取权限，不能写入'));
      next();
    };

  const actor = (req: Request, res: Response) => clientActor(res.locals.apiClient as TokenClient, req.ip);

  const handlers: Record<EndpointKey, (req: Request, res: Response) => Promise<void>> = {
    figures: async (req, res) => {
      const f = parseParams(FiguresQuery, req.query);
      await json(req, res, 200, await figures(ctx.reportsDb, actor(req, res), f));
    },
    table: async (req, res) => {
      const { table } = parseParams(TableParams, req.params);
      const f = parseParams(TableQuery, req.query);
      if (table === 'monthly' && (f.year || f.half)) throw new ParamError({ [f.year ? 'year' : 'half']: '月报表按月份（month）取数' });
      if (table !== 'monthly' && f.month) throw new ParamError({ month: '统1表/统2表按统计年度（year）取数' });
      await json(
        req,
        res,
        200,
        await officialTable(ctx.reportsDb, actor(req, res), table, { region: f.region, month: f.month, year: f.year ? Number(f.year) : undefined, half: f.half === '1' }, ctx.now()),
      );
    },
    monthClose: async (req, res) => {
      const f = parseParams(MonthCloseQuery, req.query);
      await json(req, res, 200, await monthClose(ctx.reportsDb, actor(req, res), f.month ?? defaultMonth(ctx.now()), ctx.now()));
    },
    exportPackage: async (req, res) => {
      const f = parseParams(ExportQuery, req.query);
      const { fileName, text } = await exportForPartner(db, actor(req, res), f.partner, todayOf(ctx));
      res.attachment(fileName);
      await reply(req, res, 200, () => res.type('application/json; charset=utf-8').send(text));
    },
    importPackage: async (req, res) => {
      const f = parseParams(ImportQuery, req.query);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (bytes.length === 0) throw new ParamError({ body: '请求体为空：请把交换包原文作为请求体发送' });
      const dryRun = f.dry_run === '1';
      await json(req, res, dryRun ? 200 : 201, await importPackage(db, actor(req, res), bytes, dryRun));
    },
  };

  const rawBody = raw({ type: () => true, limit: MAX_BODY });
  for (const e of API_ENDPOINTS) {
    const chain: RequestHandler[] = [authenticated, access(e), ...(e.method === 'post' ? [rawBody] : [])];
    router[e.method](e.path, ...chain, handlers[e.key]);
  }
  // Anything else under /api is a JSON 404, and every error of the API is JSON (never the HTML error page).
  router.use('/api', (_req: Request, _res: Response, next: NextFunction) => next(new NotFoundError('接口不存在。请查看 /api/docs。')));
  router.use('/api', (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const known = errorOf(err);
    if (!known) ctx.logger.error({ err, method: req.method, path: req.path }, 'unhandled api error');
    const { status, body } = known ?? { status: 500, body: errorBody('internal', '系统出现错误，已记录。请稍后重试。') };
    void json(req, res, status, body);
  });
}
