/**
 * Small helpers shared by the register's routes: the woman id from the URL (anything odd is a 404), the
 * business date from the app clock, and form pages whose view always gets the card it is about.
 */
import type { Request, RequestHandler } from 'express';
import type { Knex } from 'knex';
import { requireLogin, requirePermission } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import { chinaDate } from '../../domain/dates.ts';
import type { Permission } from '../../domain/permissions.ts';
import { NotFoundError } from '../../errors.ts';
import { formPage } from '../../http/forms.ts';
import { parseId } from '../../parse.ts';
import type { AppContext } from '../../context.ts';
import { getCard } from './cards-service.ts';
import type { CardRow } from './rows.ts';

export function idParam(req: Request, name = 'id'): number {
  const id = parseId(req.params[name]);
  if (!id) throw new NotFoundError('未找到该记录，或您无权查看。');
  return id;
}

export function guard(...permissions: Permission[]): RequestHandler[] {
  return [requireLogin, requirePermission(...permissions)];
}

export function kit(ctx: AppContext) {
  const db: Knex = ctx.db;
  const today = () => chinaDate(ctx.now());
  const opts = () => ({ today: today() });
  const card = (req: Request): Promise<CardRow> => getCard(db, actorOf(req).scope, idParam(req));

  /** A form page about one card: GET renders it, and a failed POST re-renders it with the card loaded. */
  function cardForm(view: string, extra?: (req: Request, c: CardRow) => Promise<Record<string, unknown>> | Record<string, unknown>) {
    const load = async (req: Request) => {
      const c = await card(req);
      return { card: c, today: today(), ...(extra ? await extra(req, c) : {}) };
    };
    const page = formPage(view, load);
    const show: RequestHandler = async (req, res) => {
      const data: Record<string, unknown> = await load(req);
      res.render(view, { ...data, values: { ...((data.values as object) ?? {}) } });
    };
    return { page, show, load };
  }

  return { db, today, opts, card, cardForm };
}
