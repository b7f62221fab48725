/**
 * Form pages: a route names the view of its form, and how to load what that view needs (select options, the
 * record). When the service throws a ValidationError (422) or ConflictError (409), the error handler renders
 * that same view with the user's values kept and each message at its field.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export type FormLoader = (req: Request, res: Response) => Promise<Record<string, unknown>> | Record<string, unknown>;

export function formPage(view: string, load?: FormLoader): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.formView = view;
    res.locals.formLoader = load;
    // Route parameters are gone by the time the error handler runs; keep them for the loader.
    res.locals.formParams = { ...req.params };
    next();
  };
}
