/**
 * The one place that decides whether a request may reach a page: signed in, password current, role allowed.
 * Data scope (which records) is enforced in the queries; this decides which pages (403 for the wrong role).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { can, type Permission } from '../domain/permissions.ts';
import { ForbiddenError } from '../errors.ts';

const PASSWORD_PAGES = new Set(['/account/password', '/logout']);

export const requireLogin: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
  if (!req.user) {
    const nextUrl = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    res.redirect(303, `/login${nextUrl}`);
    return;
  }
  if (req.user.mustChangePassword && !PASSWORD_PAGES.has(req.path)) {
    res.redirect(303, '/account/password');
    return;
  }
  next();
};

export function requirePermission(...permissions: Permission[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) return next(new ForbiddenError());
    if (!permissions.some((p) => can(req.user!, p))) return next(new ForbiddenError());
    next();
  };
}

/** For views: may the signed-in user do this? */
export function userCan(req: Request, permission: Permission): boolean {
  return !!req.user && can(req.user, permission);
}
