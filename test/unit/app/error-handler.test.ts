/**
 * The error handler's form path (src/http/error-handler.ts): a ValidationError re-renders the route's form view
 * through its loader. When the loader itself refuses the request (a GET form page whose link it cannot read), the
 * answer is that refusal's own page and status — not a second pass to Express's bare 500.
 */
import type { NextFunction, Request, Response } from 'express';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { BadRequestError, ValidationError } from '../../../src/errors.ts';
import { errorHandler } from '../../../src/http/error-handler.ts';

interface Answer {
  status?: number;
  view?: string;
  data?: Record<string, unknown>;
  passedOn?: unknown;
}

async function handle(err: unknown, loader: () => Record<string, unknown>, method = 'GET'): Promise<Answer> {
  const answer: Answer = {};
  const res = {
    headersSent: false,
    locals: { formView: 'women/exit', formLoader: loader, formParams: { id: '1' } },
    status(s: number) {
      answer.status = s;
      return this;
    },
    render(view: string, data: Record<string, unknown>, cb?: (e: Error | null, html?: string) => void) {
      answer.view = view;
      answer.data = data;
      cb?.(null, '<html></html>');
    },
    send() {},
  } as unknown as Response;
  const req = { method, path: '/women/1/exit', params: {}, body: method === 'POST' ? { exit_date: '2026-13-01' } : undefined, accepts: () => 'html', user: { id: 1 } } as unknown as Request;
  const next: NextFunction = (e?: unknown) => void (answer.passedOn = e ?? 'next');
  await errorHandler(pino({ level: 'silent' }))(err, req, res, next);
  return answer;
}

describe('the error handler re-rendering a form', () => {
  it('re-renders the form with the values kept when its loader works', async () => {
    const a = await handle(ValidationError.field('exit_date', '日期无效'), () => ({ woman: { id: 1 } }), 'POST');
    expect(a).toMatchObject({ status: 422, view: 'women/exit' });
    expect(a.data).toMatchObject({ errors: { exit_date: '日期无效' }, values: { exit_date: '2026-13-01' }, woman: { id: 1 } });
  });

  it('answers with the loader’s own refusal when the loader throws one (no bare 500)', async () => {
    const loader = () => {
      throw new BadRequestError('链接中的县代码无效。');
    };
    const a = await handle(ValidationError.field('county', '县代码无效'), loader);
    expect(a.passedOn).toBeUndefined();
    expect(a).toMatchObject({ status: 400, view: 'errors/error' });
    expect(a.data).toMatchObject({ status: 400, message: '链接中的县代码无效。' });
  });

  it('answers 422 with the messages when the loader throws a ValidationError again', async () => {
    const loader = () => {
      throw ValidationError.field('month', '月份无效');
    };
    const a = await handle(ValidationError.field('month', '月份无效'), loader);
    expect(a.passedOn).toBeUndefined();
    expect(a).toMatchObject({ status: 422, view: 'errors/error' });
    expect(a.data).toMatchObject({ messages: ['月份无效'] });
  });

  it('still passes on a loader’s programming error (logged and answered by the final handler)', async () => {
    const bug = new TypeError('x is undefined');
    const a = await handle(ValidationError.field('month', '月份无效'), () => {
      throw bug;
    });
    expect(a.passedOn).toBe(bug);
  });
});
