/**
 * The audit log viewer, scoped by role: a township supervisor sees entries of their township, county staff
 * see all. Sign-in rows only with 包括登录记录 (logins=1) or when a sign-in action is chosen.
 *   GET /audit?username=&action=&entity=&entity_id=&from=&to=&logins=&page=
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { fetchPage, guard } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { AuditFilters } from './schemas.ts';
import { distinctActions, searchAudit } from './service.ts';

export function auditRoutes(router: Router, ctx: AppContext) {
  router.get('/audit', ...guard('audit.read'), async (req, res) => {
    const f = parseQuery(AuditFilters, req.query);
    const filters = { username: f.username, action: f.action, entity: f.entity, entityId: f.entity_id, from: f.from, to: f.to, includeLogins: f.logins };
    const { rows, pageInfo } = await fetchPage(f.page, (window) => searchAudit(ctx.db, actorOf(req), filters, window));
    // The pages' links keep the filters; the checkbox travels as logins=1, and only when ticked.
    const query = { ...f, logins: f.logins ? 1 : undefined, page: undefined };
    res.render('audit/index', { rows, filters: f, query, pageInfo, actions: await distinctActions(ctx.db) });
  });
}
