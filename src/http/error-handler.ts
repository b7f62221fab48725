/**
 * The one error handler: typed errors become the right status and a Chinese page (or JSON for API callers);
 * invalid form input re-renders its form (422/409); an unreachable database is a 503; anything else is a 500
 * that is logged with its stack and shown without one.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { constraintError } from './constraint-messages.ts';
import { AppError, BadRequestError, ConflictError, NotFoundError, ServiceUnavailableError, ValidationError, isDatabaseUnavailable } from '../errors.ts';
import type { FormLoader } from './forms.ts';

export function notFound(_req: Request, _res: Response, next: NextFunction) {
  next(new NotFoundError('页面不存在。请检查地址，或从导航重新进入。'));
}

function normalise(err: unknown, hasForm: boolean): AppError | undefined {
  if (err instanceof AppError) return err;
  if (isDatabaseUnavailable(err)) return new ServiceUnavailableError();
  // The database refused the input (a constraint, a value out of range, a NUL): the input's fault, never a 500.
  // A form post gets its form back (422, values kept, the message from the one mapping); a request with no
  // form to re-render (a link, a sign-in, a button) is a bad request (400) with the same message.
  const refused = constraintError(err);
  if (refused) return hasForm ? refused : new BadRequestError(refused.message);
  const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = status === 413 ? '提交的内容过大。' : '请求无法处理，请检查后重试。';
    return new AppError(status, message);
  }
  return undefined;
}

export function errorHandler(logger: Logger) {
  return async (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      // express-session reports a failed session save after it has sent the response (the database went away
      // between the write and the save): the answer is complete, so log it rather than cut the connection.
      if (res.writableEnded) {
        logger.warn({ path: req.path, err }, 'error after the response was sent');
        return;
      }
      return next(err);
    }
    const known = normalise(err, !!res.locals.formView && req.method === 'POST');
    if (known && !(err instanceof AppError) && constraintError(err)) logger.warn({ err, path: req.path }, 'database refused input past the form rules');
    if (!known) logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    else if (known.status >= 500) logger.warn({ status: known.status, path: req.path, msg: known.message }, 'service unavailable');
    let error: AppError = known ?? new AppError(500, '系统出现错误，已记录。请稍后重试；如果问题持续，请联系县级管理员。');

    const formView = res.locals.formView as string | undefined;
    if (formView && (error instanceof ValidationError || error instanceof ConflictError)) {
      try {
        const loader = res.locals.formLoader as FormLoader | undefined;
        if (res.locals.formParams) req.params = res.locals.formParams as typeof req.params;
        const extra = loader ? await loader(req, res) : {};
        return res.status(error.status).render(formView, {
          ...extra,
          values: { ...((extra.values as object) ?? {}), ...((req.body ?? {}) as Record<string, unknown>) },
          errors: error instanceof ValidationError ? error.fieldErrors : {},
          formErrors: error instanceof ValidationError ? error.formErrors : [error.message],
          conflict: error instanceof ConflictError ? (error.current ?? {}) : undefined,
        });
      } catch (renderErr) {
        // The form could not be re-rendered: its loader needs the database that just went away (a 503 page), or it
        // refused the request itself (a GET form page whose link it cannot read) — that refusal's own page, not
        // Express's bare 500.
        if (isDatabaseUnavailable(renderErr)) error = new ServiceUnavailableError();
        else if (renderErr instanceof AppError) error = renderErr;
        else return next(renderErr);
      }
    }

    res.status(error.status);
    if (req.accepts(['html', 'json']) === 'json') return res.json({ error: error.message, status: error.status });
    const messages = error instanceof ValidationError ? [...Object.values(error.fieldErrors), ...error.formErrors] : [];
    res.render('errors/error', { status: error.status, message: error.message, messages, layout: req.user ? 'main' : 'bare' }, (renderErr, html) => {
      if (renderErr) {
        logger.error({ err: renderErr }, 'error page failed to render');
        return res.type('text/plain; charset=utf-8').send(error.message);
      }
      res.send(html);
    });
  };
}
