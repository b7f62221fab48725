/**
 * Structured request logs (pino): method, path, status, time, user id. No query strings, bodies or names:
 * a query like ?q=王秀英 would put a person in the log.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      logger.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10, user: req.user?.id }, 'request');
    });
    next();
  };
}
