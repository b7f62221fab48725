/**
 * Structured logs (pino) that carry no personal data: a request line has method, route, a sanitised path,
 * status, time and user id — never the query string, the body, a name or an ID number. Paths keep only
 * plain segments (record ids, words); anything else (a percent-encoded name, a long digit run) becomes "…".
 * Every string that reaches the log is also passed through the ID-number mask, and errors keep their type,
 * code, message and stack but not PostgreSQL's `detail` (which quotes the row's values).
 */
import type { NextFunction, Request, Response } from 'express';
import { pino, type DestinationStream, type Logger } from 'pino';
import { maskIdNumbersInText } from '../domain/id-number.ts';

/** '/admin/users/12' stays; '/women/%E7%8E%8B…' → '/women/…'; '/x/110105199003150021' → '/x/…'. */
export function sanitizePath(path: string): string {
  return path
    .split('/')
    .map((seg) => (seg === '' || (/^[A-Za-z0-9_.-]{1,40}$/.test(seg) && !/\d{13,}/.test(seg)) ? seg : '…'))
    .join('/');
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskIdNumbersInText(value);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

function safeError(err: unknown) {
  if (!(err instanceof Error)) return scrub(err);
  const e = err as Error & { code?: string; status?: number };
  return {
    type: e.name,
    code: e.code,
    status: e.status,
    message: maskIdNumbersInText(e.message),
    stack: e.stack ? maskIdNumbersInText(e.stack) : undefined,
  };
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'fp-portal' },
      serializers: { err: safeError },
      formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskIdNumbersInText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    // A response that ends without finishing (the connection was cut under it) leaves a line too.
    res.on('close', () => {
      if (!res.writableFinished) logger.warn({ method: req.method, path: sanitizePath(req.path), headersSent: res.headersSent, user: req.user?.id }, 'response not finished');
    });
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const routePath = (req.route as { path?: unknown } | undefined)?.path;
      const route = routePath ? `${req.baseUrl ?? ''}${String(routePath)}` : undefined;
      logger.info({ method: req.method, route, path: sanitizePath(req.path), status: res.statusCode, ms: Math.round(ms * 10) / 10, user: req.user?.id }, 'request');
    });
    next();
  };
}
