/**
 * 关怀记录 (issue 17 §2).
 *   GET /special-families/:id/care/new     POST /special-families/:id/care    date, who, kind, visit or call, what was done, follow-up
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { SPECIAL_FAMILY_CARE_KIND, SPECIAL_FAMILY_CARE_MODE, options } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { getFile, womanForFile } from '../files/service.ts';
import { CareForm } from './schemas.ts';
import { recordCare } from './service.ts';

export function careRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const write = guard('special_families.write');
  const fileId = (req: Request) => idParam(req, 'id', '未找到该特殊家庭档案，或不在您的管辖范围内。');

  const load = async (req: Request) => {
    const scope = actorOf(req).scope;
    const file = await getFile(db, scope, fileId(req));
    return { file, woman: await womanForFile(db, scope, file.woman_id), today: todayOf(ctx), kindOptions: options(SPECIAL_FAMILY_CARE_KIND), modeOptions: options(SPECIAL_FAMILY_CARE_MODE) };
  };
  const page = formPage('special-families/care', load);
  router.get('/special-families/:id/care/new', ...write, page, async (req, res) => {
    const data = await load(req);
    if (data.file.closed_on) {
      flash(req, 'error', `该档案已于 ${data.file.closed_on} 结案，不能再登记关怀。`);
      return res.redirect(303, `/special-families/${data.file.id}`);
    }
    res.render('special-families/care', { ...data, values: { cared_on: data.today, carer: actorOf(req).displayName, kind: 'emotional', mode: 'visit' } });
  });
  router.post('/special-families/:id/care', ...write, page, async (req, res) => {
    const { file, woman } = await recordCare(db, actorOf(req), fileId(req), parseForm(CareForm, req.body), { today: todayOf(ctx) });
    flash(req, 'success', `已登记对 ${woman.name} 家庭的关怀`);
    res.redirect(303, `/special-families/${file.id}#care`);
  });
}
