/**
 * CSRF (DESIGN §8): a synchronizer token bound to the session in every form (field `_csrf`), plus a
 * Sec-Fetch-Site / Origin check so a cross-site POST is refused even before the token is looked at.
 * File uploads (multipart) carry the token in the form's action URL, since the body is parsed later.
 */
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class CsrfError extends AppError {
  constructor() {
    super(403, '请求来源无法验证（页面可能已过期）。请返回上一页，刷新后重新提交。');
  }
}

export function createCsrf() {
  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => {
      const fromBody = (req.body as Record<string, unknown> | undefined)?._csrf;
      if (typeof fromBody === 'string') return fromBody;
      const header = req.get('x-csrf-token');
      if (header) return header;
      if (req.is('multipart/form-data') && typeof req.query._csrf === 'string') return req.query._csrf;
      return undefined;
    },
  });

  /** Refuse cross-site state changes by the browser's own declaration of where the request came from. */
  function sameOrigin(req: Request, _res: Response, next: NextFunction) {
    if (!UNSAFE.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') return next(new CsrfError());
    const origin = req.get('origin');
    if (origin && origin !== 'null') {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        return next(new CsrfError());
      }
      if (host !== req.get('host')) return next(new CsrfError());
    }
    next();
  }

  function protect(req: Request, res: Response, next: NextFunction) {
    csrfSynchronisedProtection(req, res, (err?: unknown) => next(err ? new CsrfError() : undefined));
  }

  return { sameOrigin, protect, generateToken };
}
