/**
 * Outside birth lists (issue 16 §3):
 *   GET  /outside-births/lists                       the lists in scope, the upload form, the templates
 *   GET  /outside-births/templates/births.csv|xlsx   blank templates
 *   POST /outside-births/lists?_csrf=…               multipart (source_kind, name, period, file): check → draft, or 422
 *   GET  /outside-births/lists/:id?status=&page=     the rows with their match; the correction list is status=differs
 *   POST /outside-births/lists/:id/confirm | discard | match
 */
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { actorOf } from '../../../auth/principal.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { fetchPage, guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { TEMPLATE_HEADERS } from './rows.ts';
import { ListQuery, ListUploadForm, ListsQuery } from './schemas.ts';
import { MAX_LIST_MB, confirmList, discardList, getList, importList, listRows, listsPage, rematchList } from './service.ts';
import { templateCsv, templateXlsx } from './template.ts';

function receiveFile(): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_LIST_MB * 1024 * 1024, files: 1, fields: 10 }, defParamCharset: 'utf8' }).single('file');
  return (req, res, next) =>
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      const tooBig = err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE';
      next(ValidationError.field('file', tooBig ? `文件超过 ${MAX_LIST_MB} MB：请分成几个文件导入` : '文件上传失败，请重新选择文件后再试'));
    });
}

const tally = (t: { matched: number; differs: number; not_recorded: number; unknown_mother: number }) =>
  `一致 ${t.matched} 条，信息不一致 ${t.differs} 条，未登记出生 ${t.not_recorded} 条，母亲不在册 ${t.unknown_mother} 条`;

export function listRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;
  const reader = guard('cards.read');
  const writer = guard('outside_births.import');

  const indexPage = async (req: Request) => {
    const f = parseQuery(ListsQuery, req.query);
    const result = await fetchPage(f.page, (w) => listsPage(db, actorOf(req), w));
    return { ...result, headers: TEMPLATE_HEADERS, maxMb: MAX_LIST_MB };
  };

  router.get('/outside-births/lists', ...reader, async (req, res) => res.render('outside-births/lists', await indexPage(req)));

  router.get('/outside-births/templates/:file', ...reader, async (req, res) => {
    const file = String(req.params.file);
    if (file === 'births.csv') return res.attachment('院外出生名单模板.csv').type('text/csv; charset=utf-8').send(templateCsv());
    if (file !== 'births.xlsx') throw new NotFoundError('没有该模板。');
    res
      .attachment('院外出生名单模板.xlsx')
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await templateXlsx());
  });

  router.post('/outside-births/lists', ...writer, formPage('outside-births/lists', indexPage), receiveFile(), async (req, res) => {
    const form = parseForm(ListUploadForm, req.body);
    if (!req.file) throw ValidationError.field('file', '请选择要导入的文件（CSV 或 XLSX）');
    const id = await importList(db, actorOf(req), { form, fileName: req.file.originalname, data: req.file.buffer, today: todayOf(ctx) }, ctx.now());
    flash(req, 'success', '文件检查通过，已比对；请核对后确认导入');
    res.redirect(303, `/outside-births/lists/${id}`);
  });

  router.get('/outside-births/lists/:id', ...reader, async (req, res) => {
    const f = parseQuery(ListQuery, req.query);
    const actor = actorOf(req);
    const list = await getList(db, actor, idParam(req, 'id', '未找到该出生名单，或您无权查看。'));
    const result = await fetchPage(f.page, (w) => listRows(db, actor, list.id, f.status, w));
    res.render('outside-births/list', { list, ...result, filters: { status: f.status ?? '' } });
  });

  const listId = (req: Request) => idParam(req, 'id', '未找到该出生名单，或您无权查看。');

  router.post('/outside-births/lists/:id/confirm', ...writer, async (req, res) => {
    const id = listId(req);
    const t = await confirmList(db, actorOf(req), id, ctx.now());
    flash(req, 'success', `已确认导入；${tally(t)}`);
    res.redirect(303, `/outside-births/lists/${id}`);
  });

  router.post('/outside-births/lists/:id/match', ...writer, async (req, res) => {
    const id = listId(req);
    const t = await rematchList(db, actorOf(req), id, ctx.now());
    flash(req, 'success', `已重新比对；${tally(t)}`);
    res.redirect(303, `/outside-births/lists/${id}`);
  });

  router.post('/outside-births/lists/:id/discard', ...writer, async (req, res) => {
    await discardList(db, actorOf(req), listId(req));
    flash(req, 'success', '已放弃该名单，未导入任何数据');
    res.redirect(303, '/outside-births/lists');
  });

  return router;
}
