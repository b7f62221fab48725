/**
 * Regions admin (admin @ county, city or province): the tree under her region, create below it, rename, deactivate /
 * reactivate; a region outside her region is 404.
 *   GET /admin/regions · POST /admin/regions · POST /admin/regions/:id/rename · /deactivate · /activate
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import { NewRegionForm, RenameForm, VersionForm } from './schemas.ts';
import * as regions from './service.ts';

export function regionsRoutes(router: Router, ctx: AppContext) {
  const admin = guard('admin.regions');
  const db = ctx.db;
  const regionId = (req: Request) => idParam(req, 'id', '未找到该区划。');

  const treePage = formPage('regions/index', async (req) => ({
    tree: await regions.regionTree(db, actorOf(req).scope),
    editing: req.params.id ? Number(req.params.id) : undefined,
  }));

  /** GET /admin/regions — the tree under the admin's region (city → counties → townships → villages) with inline forms. */
  router.get('/admin/regions', ...admin, treePage, async (req, res) => {
    res.render('regions/index', { tree: await regions.regionTree(db, actorOf(req).scope), values: { code: req.query.parent ?? '' } });
  });

  router.post('/admin/regions', ...admin, treePage, async (req, res) => {
    const input = parseForm(NewRegionForm, req.body);
    const created = await regions.createRegionInScope(db, actorOf(req), input);
    flash(req, 'success', `已新增 ${created.name}（${created.code}）。`);
    res.redirect(303, `/admin/regions#r${created.id}`);
  });

  router.post('/admin/regions/:id/rename', ...admin, treePage, async (req, res) => {
    const id = regionId(req);
    await regions.getRegionInScope(db, actorOf(req).scope, id);
    const input = parseForm(RenameForm, req.body);
    const updated = await regions.renameRegion(db, actorOf(req), id, input);
    flash(req, 'success', `已改名为 ${updated.name}。`);
    res.redirect(303, `/admin/regions#r${id}`);
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    router.post(`/admin/regions/:id/${action}`, ...admin, treePage, async (req, res) => {
      const id = regionId(req);
      await regions.getRegionInScope(db, actorOf(req).scope, id);
      const { version } = parseForm(VersionForm, req.body);
      const updated = await regions.setRegionActive(db, actorOf(req), id, { active, version });
      flash(req, 'success', `${updated.name} 已${active ? '启用' : '停用'}。`);
      res.redirect(303, `/admin/regions#r${id}`);
    });
  }
}
