/** Cross-cutting view data for every page: the user, the CSRF token, flash messages, navigation. */
import type { NextFunction, Request, Response } from 'express';
import { can, type Permission } from '../domain/permissions.ts';
import { navFor, type NavItem } from './nav.ts';

export function viewLocals(generateToken: (req: Request) => string, navItems: NavItem[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.user = req.user ?? null;
    res.locals.csrfToken = req.session ? generateToken(req) : '';
    res.locals.flash = req.session?.flash ?? [];
    if (req.session?.flash) delete req.session.flash;
    res.locals.nav = req.user ? navFor(req.user, navItems) : [];
    res.locals.currentPath = req.path;
    res.locals.can = (p: Permission) => !!req.user && can(req.user, p);
    res.locals.values = {};
    res.locals.errors = {};
    res.locals.formErrors = [];
    res.locals.breadcrumbs = [];
    // Pages about people are not to be kept by shared browsers or proxies.
    if (req.user) res.set('Cache-Control', 'no-store');
    next();
  };
}
