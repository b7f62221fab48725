/**
 * Regions admin (admin @ county): the tree, create, rename, deactivate / reactivate.
 *   GET /admin/regions · POST /admin/regions · POST /admin/regions/:id/rename · /deactivate · /activate
 */
import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { requireLogin, requirePermission } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import { NotFoundError } from '../../errors.ts';
import { flash } from '../../http/flash.ts';
import { formPage } from '../../http/forms.ts';
import { field, parseForm, parseId } from '../../parse.ts';
import type { Feature } from '../feature.ts';
import * as regions from './service.ts';

const NewRegionForm = z.object({ code: field.text('区划代码', 12), name: field.text('名称', 50) });
const RenameForm = z.object({ name: field.text('名称', 50), version: field.int('版本', 1) });
const VersionForm = z.object({ version: field.int('版本', 1) });

export const regionsRoutes: Feature = (ctx) => {
  const router = Router();
  const guard: RequestHandler[] = [requireLogin, requirePermission('admin.regions')];
  const db = ctx.db;

  function regionId(req: Request): number {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError('未找到该区划。');
    return id;
  }

  const treePage = formPage('regions/index', async (req) => ({
    tree: await regions.regionTree(db),
    editing: req.params.id ? Number(req.params.id) : undefined,
  }));

  /** GET /admin/regions — the county → townships → villages tree with inline forms. */
  router.get('/admin/regions', ...guard, treePage, async (req, res) => {
    res.render('regions/index', { tree: await regions.regionTree(db), values: { code: req.query.parent ?? '' } });
  });

  router.post('/admin/regions', ...guard, treePage, async (req, res) => {
    const input = parseForm(NewRegionForm, req.body);
    const created = await regions.createRegion(db, actorOf(req), input);
    flash(req, 'success', `已新增 ${created.name}（${created.code}）。`);
    res.redirect(303, `/admin/regions#r${created.id}`);
  });

  router.post('/admin/regions/:id/rename', ...guard, treePage, async (req, res) => {
    const id = regionId(req);
    const input = parseForm(RenameForm, req.body);
    const updated = await regions.renameRegion(db, actorOf(req), id, input);
    flash(req, 'success', `已改名为 ${updated.name}。`);
    res.redirect(303, `/admin/regions#r${id}`);
  });

  for (const [action, active] of [['deactivate', false], ['activate', true]] as const) {
    router.post(`/admin/regions/:id/${action}`, ...guard, treePage, async (req, res) => {
      const id = regionId(req);
      const { version } = parseForm(VersionForm, req.body);
      const updated = await regions.setRegionActive(db, actorOf(req), id, { active, version });
      flash(req, 'success', `${updated.name} 已${active ? '启用' : '停用'}。`);
      res.redirect(303, `/admin/regions#r${id}`);
    });
  }

  return { router };
};
