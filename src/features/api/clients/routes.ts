/**
 * The API clients (admin @ county, or @ city / province for her own region, read only). The views get the client as `apiClient` (`client` is an EJS option).
 *   GET  /admin/api-clients                 the clients, 50 a page
 *   GET  /admin/api-clients/new             the form (name, purpose, region, access, rate limit, reason)
 *   POST /admin/api-clients                 create: the token is shown on this one answer, never again
 *   GET  /admin/api-clients/:id             one client with its calls, 50 a page, and the revoke form
 *   POST /admin/api-clients/:id/revoke      revoke with a reason
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { fetchPage, guard, idParam } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { ACCESS_LABEL, ClientForm, ClientListQuery, RevokeForm } from './schemas.ts';
import { clientCalls, clientRegionOptions, createClient, DEFAULT_RATE_LIMIT, getClient, listClients, revokeClient } from './service.ts';

export function clientsRoutes(router: Router, ctx: AppContext) {
  const admin = guard('admin.api_clients');
  const db = ctx.db;
  const clientId = (req: Request) => idParam(req, 'id', '未找到该接口客户端。');

  router.get('/admin/api-clients', ...admin, async (req, res) => {
    const f = parseQuery(ClientListQuery, req.query);
    const actor = actorOf(req);
    const { rows, pageInfo } = await fetchPage(f.page, (w) => listClients(db, actor, w));
    res.render('api/clients', { rows, pageInfo, accessLabel: ACCESS_LABEL, now: ctx.now() });
  });

  const newForm = formPage('api/client-new', async (req) => ({ regions: await clientRegionOptions(db, actorOf(req)), accessLabel: ACCESS_LABEL }));

  router.get('/admin/api-clients/new', ...admin, newForm, async (req, res) => {
    res.render('api/client-new', { regions: await clientRegionOptions(db, actorOf(req)), accessLabel: ACCESS_LABEL, values: { access: 'read', rate_limit_per_minute: String(DEFAULT_RATE_LIMIT) } });
  });

  router.post('/admin/api-clients', ...admin, newForm, async (req, res) => {
    const v = parseForm(ClientForm, req.body);
    const { client, token } = await createClient(db, actorOf(req), v, ctx.now());
    // The token is on this page only: not in a flash message (the session is stored), not cached by the browser.
    res.set('Cache-Control', 'no-store');
    res.status(201).render('api/client-created', { apiClient: client, token, accessLabel: ACCESS_LABEL });
  });

  const showForm = formPage('api/client-show', async (req) => {
    const client = await getClient(db, actorOf(req), clientId(req));
    return { apiClient: client, ...(await fetchPage(1, (w) => clientCalls(db, client.id, w))), accessLabel: ACCESS_LABEL };
  });

  router.get('/admin/api-clients/:id', ...admin, showForm, async (req, res) => {
    const f = parseQuery(ClientListQuery, req.query);
    const client = await getClient(db, actorOf(req), clientId(req));
    const { rows, pageInfo } = await fetchPage(f.page, (w) => clientCalls(db, client.id, w));
    res.render('api/client-show', { apiClient: client, rows, pageInfo, accessLabel: ACCESS_LABEL, values: {} });
  });

  router.post('/admin/api-clients/:id/revoke', ...admin, showForm, async (req, res) => {
    const id = clientId(req);
    const { reason } = parseForm(RevokeForm, req.body);
    const client = await revokeClient(db, actorOf(req), id, reason, ctx.now());
    flash(req, 'success', `已吊销接口客户端 ${client.name} 的令牌（${client.token_prefix}…），此后用它的调用一律拒绝。`);
    res.redirect(303, `/admin/api-clients/${id}`);
  });
}
