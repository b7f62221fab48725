/**
 * Typed errors. Services throw these (they never see req/res); the one error handler maps them to pages.
 * Messages are Chinese: they are shown to the user as they are.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A record that does not exist or lies outside the caller's scope: the same answer for both. */
export class NotFoundError extends AppError {
  constructor(message = '未找到该记录，或您无权查看。') {
    super(404, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = '您的角色无权使用此页面。') {
    super(403, message);
  }
}

export class BadRequestError extends AppError {
  constructor(message = '请求参数有误。') {
    super(400, message);
  }
}

export type FieldErrors = Record<string, string>;

/**
 * Bad input: re-render the form with 422, the values kept and each message at its field. `formErrors` are
 * problems that belong to no single field (e.g. a rule between two fields or records).
 */
export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: FieldErrors,
    readonly formErrors: string[] = [],
  ) {
    super(422, [...Object.values(fieldErrors), ...formErrors].join('；') || '输入有误');
  }

  static field(field: string, message: string): ValidationError {
    return new ValidationError({ [field]: message });
  }

  static form(message: string): ValidationError {
    return new ValidationError({}, [message]);
  }
}

/**
 * A stale edit: someone saved the record after this form was opened. Nothing is overwritten; the page shows the
 * current values (`current`) beside the user's.
 */
export class ConflictError extends AppError {
  constructor(
    message = '该记录已被他人修改，您的更改未保存。请核对最新内容后重新提交。',
    readonly current?: Record<string, unknown>,
  ) {
    super(409, message);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message = '数据库暂时不可用，请稍后再试。') {
    super(503, message);
  }
}

/** Errors that mean "the database is not reachable right now" (restart, failover, pool timeout). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(code)) {
    return true;
  }
  return /Timeout acquiring a connection|Connection terminated|Connection ended unexpectedly|not queryable|connect ECONNREFUSED|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i.test(
    err.message,
  );
}
