/**
 * 计划生育特殊家庭档案 (issue 17 §2).
 *   GET  /special-families?township=&village=&status=open|due|closed|all&page=&format=csv   the county list with contact persons
 *   GET  /special-families/new?woman=ID     POST /special-families            建档 (filled from the card when proposed)
 *   GET  /special-families/:id              the file: couple, child, 特扶, household, contacts, care, schedule
 *   GET  /special-families/:id/edit         POST /special-families/:id        修改 (version; stale → 409)
 *   GET  /special-families/:id/close        POST /special-families/:id/close  结案 (date, reason)
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { SPECIAL_FAMILY_CLOSE_REASON, SPECIAL_FAMILY_CONTACT_ROLE, SPECIAL_FAMILY_HEALTH, SPECIAL_FAMILY_INCOME, SPECIAL_FAMILY_KIND, options } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { bodyOf, fetchPage, guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseId, parseQuery } from '../../../parse.ts';
import { assertFilterInScope, townshipOptions, villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { dueFiles } from '../care/service.ts';
import { prefillFrom } from '../proposals/service.ts';
import { filesCsv } from './export.ts';
import { filePage } from './file-page.ts';
import { CloseFileForm, EditFileForm, FileListQuery, NewFileForm, NewFileQuery } from './schemas.ts';
import * as files from './service.ts';

const formOptions = {
  kindOptions: options(SPECIAL_FAMILY_KIND),
  incomeOptions: options(SPECIAL_FAMILY_INCOME),
  healthOptions: options(SPECIAL_FAMILY_HEALTH),
  roleOptions: options(SPECIAL_FAMILY_CONTACT_ROLE),
  gradeOptions: [1, 2, 3, 4].map((g) => ({ value: String(g), label: `${'一二三四'[g - 1]}级` })),
};

export function fileRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const read = guard('special_families.read');
  const write = guard('special_families.write');
  const fileId = (req: Request) => idParam(req, 'id', '未找到该特殊家庭档案，或不在您的管辖范围内。');

  router.get('/special-families', ...read, async (req, res) => {
    const actor = actorOf(req);
    const today = todayOf(ctx);
    const f = parseQuery(FileListQuery, req.query);
    const township = await assertFilterInScope(db, actor.scope, f.township, 'township');
    const village = await assertFilterInScope(db, actor.scope, f.village, 'village');
    const prefix = village?.code ?? township?.code ?? actor.scope.code;
    const due = f.status === 'due' ? await dueFiles(db, actor.scope, prefix, today) : undefined;
    const filter = { prefix, status: f.status === 'due' ? ('open' as const) : f.status, ids: due ? [...due.keys()] : undefined };
    if (f.format === 'csv') {
      const { rows } = await files.listFiles(db, actor.scope, filter);
      res.attachment(`计划生育特殊家庭-${today}.csv`).send(filesCsv(rows));
      return;
    }
    const page = await fetchPage(f.page, (window) => files.listFiles(db, actor.scope, filter, window));
    res.render('special-families/index', {
      ...page,
      due: due ?? new Map<number, string[]>(),
      today,
      filters: { township: f.township ?? '', village: f.village ?? '', status: f.status },
      townships: await townshipOptions(db, actor.scope),
      villages: await villageOptions(db, actor.scope, true),
    });
  });

  const newLoad = async (req: Request) => {
    const womanId = parseId(bodyOf(req).woman ?? req.query.woman);
    const actor = actorOf(req);
    const woman = womanId ? await files.womanForFile(db, actor.scope, womanId) : undefined;
    return { ...formOptions, woman, applications: woman ? await files.specialApplicationsOf(db, woman.id) : [], today: todayOf(ctx) };
  };
  const newPage = formPage('special-families/new', newLoad);
  router.get('/special-families/new', ...write, newPage, async (req, res) => {
    const { woman: womanId } = parseQuery(NewFileQuery, req.query);
    const data = await newLoad(req);
    if (!womanId || !data.woman) return res.redirect(303, '/special-families/proposals');
    const today = todayOf(ctx);
    const prefill = await prefillFrom(db, actorOf(req).scope, data.woman.id, `${today.slice(0, 4)}-12-31`, today);
    res.render('special-families/new', {
      ...data,
      values: {
        woman: data.woman.id,
        kind: 'loss',
        husband_name: data.woman.spouse_name ?? '',
        opened_on: today,
        contact1_role: 'township_cadre',
        contact2_role: 'village_doctor',
        ...prefill,
      },
    });
  });
  router.post('/special-families', ...write, newPage, async (req, res) => {
    const v = parseForm(NewFileForm, req.body);
    const { file, woman } = await files.createFile(db, actorOf(req), v.woman, v, { today: todayOf(ctx) });
    flash(req, 'success', `已为 ${woman.name} 家庭建立特殊家庭档案`);
    res.redirect(303, `/special-families/${file.id}`);
  });

  router.get('/special-families/:id', ...read, async (req, res) => {
    res.render('special-families/show', await filePage(db, actorOf(req).scope, fileId(req), todayOf(ctx)));
  });

  const editLoad = async (req: Request) => {
    const page = await filePage(db, actorOf(req).scope, fileId(req), todayOf(ctx));
    return { ...formOptions, ...page };
  };
  const editPage = formPage('special-families/edit', editLoad);
  router.get('/special-families/:id/edit', ...write, editPage, async (req, res) => {
    const data = await editLoad(req);
    if (data.file.closed_on) {
      flash(req, 'error', `该档案已于 ${data.file.closed_on} 结案，不能修改。`);
      return res.redirect(303, `/special-families/${data.file.id}`);
    }
    res.render('special-families/edit', { ...data, values: files.formValuesOf(data.file, data.contacts) });
  });
  router.post('/special-families/:id', ...write, editPage, async (req, res) => {
    const { file, woman } = await files.updateFile(db, actorOf(req), fileId(req), parseForm(EditFileForm, req.body), { today: todayOf(ctx) });
    flash(req, 'success', `已保存 ${woman.name} 家庭的特殊家庭档案`);
    res.redirect(303, `/special-families/${file.id}`);
  });

  const closeLoad = async (req: Request) => ({ ...(await filePage(db, actorOf(req).scope, fileId(req), todayOf(ctx))), reasonOptions: options(SPECIAL_FAMILY_CLOSE_REASON) });
  const closePage = formPage('special-families/close', closeLoad);
  router.get('/special-families/:id/close', ...write, closePage, async (req, res) => {
    const data = await closeLoad(req);
    res.render('special-families/close', { ...data, values: { closed_on: data.today, version: data.file.version } });
  });
  router.post('/special-families/:id/close', ...write, closePage, async (req, res) => {
    const { file, woman } = await files.closeFile(db, actorOf(req), fileId(req), parseForm(CloseFileForm, req.body), { today: todayOf(ctx) });
    flash(req, 'success', `${woman.name} 家庭的特殊家庭档案已结案`);
    res.redirect(303, `/special-families/${file.id}`);
  });
}
