/**
 * The audit log viewer, scoped by role: a township supervisor sees entries of their township, county staff
 * see all.   GET /audit?username=&action=&entity=&entity_id=&from=&to=&page=
 */
import { Router } from 'express';
import { z } from 'zod';
import { requireLogin, requirePermission } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import { pageInfo } from '../../pagination.ts';
import { field, parseQuery } from '../../parse.ts';
import type { Feature } from '../feature.ts';
import { distinctActions, searchAudit } from './service.ts';

const AuditFilters = z.object({
  username: field.optionalText('用户名', 50),
  action: field.optionalText('操作', 60),
  entity: field.optionalText('对象', 40),
  entity_id: field.optionalText('对象编号', 40),
  from: field.optionalDate('开始日期'),
  to: field.optionalDate('结束日期'),
  page: field.optionalInt('页码', 1),
});

export const auditRoutes: Feature = (ctx) => {
  const router = Router();

  router.get('/audit', requireLogin, requirePermission('audit.read'), async (req, res) => {
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

  return { router, nav: [{ key: 'audit', label: '审计日志', href: '/audit', permissions: ['audit.read'], order: 100 }] };
};
