/**
 * The register's route helper for pages about one card: the db handle, the business date from the app clock,
 * the card from the URL (within the user's scope), and form pages whose view always gets the card it is about.
 */
import type { Request, RequestHandler } from 'express';
import type { Knex } from 'knex';
import { actorOf } from '../../../auth/principal.ts';
import { formPage } from '../../../http/forms.ts';
import { idParam, todayOf } from '../../../http/route-kit.ts';
import type { AppContext } from '../../../context.ts';
import { getCard } from './service.ts';
import type { CardRow } from './rows.ts';

export function kit(ctx: AppContext) {
  const db: Knex = ctx.db;
  const today = () => todayOf(ctx);
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
