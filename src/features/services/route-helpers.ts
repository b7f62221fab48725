/** Small helpers shared by the services routes: the business date, safe "back" links, route ids. */
import type { Request } from 'express';
import type { AppContext } from '../../context.ts';
import { chinaDate, type IsoDate } from '../../domain/dates.ts';
import { NotFoundError } from '../../errors.ts';
import { parseId } from '../../parse.ts';

export const todayOf = (ctx: AppContext): IsoDate => chinaDate(ctx.now());

/** A page to return to after a form: a local path only (never another site, never `//host`). */
export function safeBack(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[value.length - 1] : value;
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.includes('\\') || v.length > 300) return undefined;
  return v;
}

export function idParam(req: Request, message = '未找到该记录，或您无权查看。'): number {
  const id = parseId(req.params.id);
  if (!id) throw new NotFoundError(message);
  return id;
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
