/** Cross-cutting view data for every page: the user, the CSRF token, flash messages, navigation. */
import type { NextFunction, Request, Response } from 'express';
import { can, type Permission } from '../domain/permissions.ts';
import { navFor, type NavItem } from './nav.ts';

export function viewLocals(generateToken: (req: Request) => string, navItems: NavItem[]) {
  // The navigation depends on the role and its level only: worked out once per pair, not on every page.
  const navByGrant = new Map<string, NavItem[]>();
  const navOf = (user: Express.User) => {
    const key = `${user.role}@${user.level}`;
    let items = navByGrant.get(key);
    if (!items) navByGrant.set(key, (items = navFor(user, navItems)));
    return items;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.user = req.user ?? null;
    res.locals.csrfToken = req.session ? generateToken(req) : '';
    // Consumed when a page renders, not before: a message set while this request is redirected (the idle
    // timeout's "登录已超时") must survive to the page after the redirect.
    let shown: { type: string; text: string }[] | undefined;
    Object.defineProperty(res.locals, 'flash', {
      enumerable: true,
      configurable: true,
      get() {
        // A 404 is often a request the browser makes on its own beside the page (an icon, a source map): it
        // must not take the message meant for the page after a form's redirect.
        if (res.statusCode === 404) return [];
        if (!shown) {
          shown = req.session?.flash ?? [];
          if (req.session?.flash) delete req.session.flash;
        }
        return shown;
      },
    });
    res.locals.nav = req.user ? navOf(req.user) : [];
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
