/**
 * The small things every feature's routes need, written once: guards, ids from the URL, the business date,
 * safe "back" links, sortable headers and the page window. Routes import these; features keep no copies.
 */
import type { Request, RequestHandler } from 'express';
import { requireLogin, requirePermission } from '../auth/guards.ts';
import type { AppContext } from '../context.ts';
import { chinaDate, type IsoDate } from '../domain/dates.ts';
import type { Permission } from '../domain/permissions.ts';
import { NotFoundError } from '../errors.ts';
import { parseId } from '../parse.ts';

export { fetchPage, pageInfo, pageWindow, PAGE_SIZE, type PageInfo } from '../pagination.ts';

/** Signed in and holding any one of the permissions: `router.get('/x', ...guard('cards.read'), handler)`. */
export function guard(...permissions: Permission[]): RequestHandler[] {
  return [requireLogin, requirePermission(...permissions)];
}

/** A positive integer id from the URL; anything else is the same 404 as a record out of scope. */
export function idParam(req: Request, name = 'id', message = '未找到该记录，或您无权查看。'): number {
  const id = parseId(req.params[name]);
  if (!id) throw new NotFoundError(message);
  return id;
}

/** The business date (China time) from the app's clock, never the wall clock. */
export const todayOf = (ctx: Pick<AppContext, 'now'>): IsoDate => chinaDate(ctx.now());

/** The posted form's fields: Express types the body `any`; it is urlencoded fields, or undefined with no body. */
export function bodyOf(req: Request): Record<string, unknown> {
  return (req.body ?? {}) as Record<string, unknown>;
}

/** A page to return to after a form: a local path only (never another site, never `//host`). */
export function safeBack(value: unknown): string | undefined {
  const v: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.includes('\\') || v.length > 300) return undefined;
  return v;
}

/** Sortable header links: the same filters, this column, the other direction when it is already sorted. */
export function sortLinks(current: { sort?: string; dir?: string }, defaults: { sort: string; dir: 'asc' | 'desc' }) {
  const sort = current.sort ?? defaults.sort;
  const dir = current.dir ?? defaults.dir;
  return (column: string) => ({
    sort: column,
    dir: sort === column ? (dir === 'asc' ? 'desc' : 'asc') : 'asc',
    active: sort === column,
    arrow: sort === column ? (dir === 'asc' ? ' ▲' : ' ▼') : '',
    ariaSort: sort === column ? (dir === 'asc' ? 'ascending' : 'descending') : undefined,
  });
}
