/**
 * Status histories:
 *   GET|POST /women/:id/histories/:eventKind/:eventId/date — 补填日期 of an event (eventKind marital | floating);
 *     the card's section posts here inline, and a refused date re-renders this page with the message.
 *   GET /rosters/exceptions/undated?page= — the data-quality group 未注明日期的状态变动, 50 a page, in the scope.
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { NotFoundError } from '../../../errors.ts';
import { flash } from '../../../http/flash.ts';
import { guard, idParam } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { AppContext } from '../../../context.ts';
import { kit } from '../cards/card-form.ts';
import { dateEvent, historiesOf, undatedRoster } from './service.ts';
import { EventDateForm, UndatedQuery } from './schemas.ts';

export function mountHistoryRoutes(router: Router, ctx: AppContext) {
  const { db, opts, cardForm } = kit(ctx);
  const write = guard('cards.write');

  const dateForm = cardForm('women/history-date', async (req, card) => {
    const history = String(req.params.eventKind);
    const all = await historiesOf(db, card.id);
    const list: { id: number; kind: string; effective_on: string; undated: boolean }[] = history === 'marital' ? all.marital : history === 'floating' ? all.floating : [];
    const event = list.find((e) => e.id === idParam(req, 'eventId'));
    if (!event) throw new NotFoundError('未找到该变更记录。');
    return { history, event, values: { effective_on: event.undated ? '' : event.effective_on } };
  });
  router.get('/women/:id/histories/:eventKind/:eventId/date', ...write, dateForm.page, dateForm.show);
  router.post('/women/:id/histories/:eventKind/:eventId/date', ...write, dateForm.page, async (req, res) => {
    const id = idParam(req);
    const v = parseForm(EventDateForm, req.body);
    await dateEvent(db, actorOf(req), id, String(req.params.eventKind), idParam(req, 'eventId'), v, opts());
    flash(req, 'success', `已补填变更日期 ${v.effective_on}`);
    res.redirect(303, `/women/${id}#histories`);
  });

  router.get('/rosters/exceptions/undated', ...guard('rosters.read', 'cards.read'), async (req, res) => {
    const f = parseQuery(UndatedQuery, req.query);
    const roster = await undatedRoster(db, actorOf(req).scope, f.page);
    res.render('women/undated-events', { ...roster, query: {} });
  });
}
