/**
 * The 协查 queue.
 *   GET  /floating/queries?box=inbox|sent&state=open|pending|overdue|answered|all&page=   my received or sent queries
 *   GET  /floating/queries/new?woman=&county=               the send form (from her card: her ID number filled in; county: whose villages it lists)
 *   POST /floating/queries (id_number, kind, to_region | to_county, to_region_code, body)   send a query
 *   GET  /floating/queries/:id                              one query (either side), with the answer form for the receiver
 *   POST /floating/queries/:id/answer (answer, result_code) answer it (the receiving township, once)
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { FLOATING_QUERY_KIND, FLOATING_QUERY_RESULT, options } from '../../../domain/codes.ts';
import { QUERY_STATE } from '../../../domain/floating.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { fetchPage, guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { NewQueryQuery, PostedVillage, QueryAnswerForm, QueryFilters, QuerySendForm } from './schemas.ts';
import { QUERY_NOT_FOUND, answerQuery, boxCounts, getQuery, queryList, sendFormChoices, sendQuery } from './service.ts';

export function queryRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  router.get('/floating/queries', ...guard('cards.read'), async (req, res) => {
    const f = parseQuery(QueryFilters, req.query);
    const actor = actorOf(req);
    const today = todayOf(ctx);
    const box = f.box ?? 'inbox';
    const state = f.state ?? 'open';
    const { rows, pageInfo } = await fetchPage(f.page, (w) => queryList(db, actor.scope, { box, state, today }, w));
    res.render('floating/queries', {
      rows,
      pageInfo,
      box,
      state,
      today,
      query: { box, state },
      counts: { inbox: await boxCounts(db, actor.scope, 'inbox', today), sent: await boxCounts(db, actor.scope, 'sent', today) },
      states: QUERY_STATE,
    });
  });

  const loadNew = async (req: Request) => {
    const { woman, county } = parseQuery(NewQueryQuery, req.query);
    const postedVillage = PostedVillage.safeParse(req.body ?? {}).data?.to_region;
    return { ...(await sendFormChoices(db, actorOf(req), { womanId: woman, county, postedVillage })), kinds: options(FLOATING_QUERY_KIND) };
  };
  const newPage = formPage('floating/query-new', loadNew);

  router.get('/floating/queries/new', ...guard('services.write'), newPage, async (req, res) => {
    const data = await loadNew(req);
    res.render('floating/query-new', { ...data, values: { id_number: data.woman?.id_number ?? '' } });
  });

  router.post('/floating/queries', ...guard('services.write'), newPage, async (req, res) => {
    const values = parseForm(QuerySendForm, req.body);
    const row = await sendQuery(db, actorOf(req), values, todayOf(ctx));
    flash(req, 'success', `已发出关于 ${row.woman_name} 的协查，反馈期限 ${row.due_on}`);
    res.redirect(303, `/floating/queries/${row.id}`);
  });

  const loadOne = async (req: Request) => ({
    q: await getQuery(db, actorOf(req).scope, idParam(req, 'id', QUERY_NOT_FOUND), todayOf(ctx)),
    results: options(FLOATING_QUERY_RESULT),
    states: QUERY_STATE,
  });
  const onePage = formPage('floating/query', loadOne);

  router.get('/floating/queries/:id', ...guard('cards.read'), onePage, async (req, res) => {
    res.render('floating/query', { ...(await loadOne(req)), values: {} });
  });

  router.post('/floating/queries/:id/answer', ...guard('services.write'), onePage, async (req, res) => {
    const id = idParam(req, 'id', QUERY_NOT_FOUND);
    const values = parseForm(QueryAnswerForm, req.body);
    const row = await answerQuery(db, actorOf(req), id, values, todayOf(ctx));
    flash(req, 'success', `已反馈关于 ${row.woman_name} 的协查`);
    res.redirect(303, `/floating/queries/${id}`);
  });

  return router;
}
