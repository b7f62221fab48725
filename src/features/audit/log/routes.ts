/**
 * The audit log viewer, scoped by role: a township supervisor sees entries of their township, county staff
 * see all.   GET /audit?username=&action=&entity=&entity_id=&from=&to=&page=
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { guard, pageInfo } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { AuditFilters } from './schemas.ts';
import { distinctActions, searchAudit } from './service.ts';

export function auditRoutes(router: Router, ctx: AppContext) {
  router.get('/audit', ...guard('audit.read'), async (req, res) => {
    const f = parseQuery(AuditFilters, req.query);
    const size = 50;
    const page = Math.max(1, f.page ?? 1);
    const { rows, total } = await searchAudit(
      ctx.db,
      actorOf(req),
      { username: f.username, action: f.action, entity: f.entity, entityId: f.entity_id, from: f.from, to: f.to },
      { limit: size, offset: (page - 1) * size },
    );
    res.render('audit/index', { rows, filters: f, pageInfo: pageInfo(total, page, size), actions: await distinctActions(ctx.db) });
  });
}
