/**
 * Spreadsheet import (DESIGN §12): the upload page and the jobs it starts.
 *   GET  /imports                          upload form, blank templates, my recent imports
 *   POST /imports?_csrf=…                  multipart (kind, file): store it and start the dry run → 303 status page
 *   GET  /imports/:id                      status: progress (refreshes itself), problems, counts, confirm
 *   GET  /imports/:id/problems.csv         every problem of a dry run as a file
 *   POST /imports/:id/confirm | discard    write a clean file (in the background) / abandon it
 */
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { actorOf } from '../../../auth/principal.ts';
import { can } from '../../../domain/permissions.ts';
import { ValidationError } from '../../../errors.ts';
import { CSV_BOM, csvLines } from '../../../files/csv.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam } from '../../../http/route-kit.ts';
import { pageInfo } from '../../../pagination.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { problemLine } from '../files/read-table.ts';
import { IMPORT_KINDS, importKind } from '../kinds/kinds.ts';
import { noteOf, optionalHeaders, templateHeaders } from '../kinds/templates.ts';
import { StatusQuery, UploadForm } from './schemas.ts';
import { confirmImport, connectionStringOf, discardImport, failOrphanedJobs, getJob, recentImports, startImport, type JobEnv } from './service.ts';

export const MAX_UPLOAD_MB = 30;

/** multer with the size limit; its refusals become a message at the file field (the page re-renders, 422). */
function receiveFile(): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 10 }, defParamCharset: 'utf8' }).single('file');
  return (req, res, next) =>
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      const tooBig = err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE';
      next(ValidationError.field('file', tooBig ? `文件超过 ${MAX_UPLOAD_MB} MB：请分成几个文件导入` : '文件上传失败，请重新选择文件后再试'));
    });
}

const jobId = (req: Request) => idParam(req, 'id', '未找到该导入记录。');

export function jobRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;
  const env: JobEnv = { db, dbUrl: connectionStringOf(db), now: ctx.now, logError: (err, id) => ctx.logger.error({ err, importJob: id }, 'import job failed') };
  // Jobs a killed or crashed process left running are failed now (their pages say so and nothing was written).
  void failOrphanedJobs(db)
    .then((n) => n && ctx.logger.warn({ importJobs: n }, 'interrupted import jobs marked failed'))
    .catch((err) => ctx.logger.error({ err }, 'could not check for interrupted import jobs'));
  const writer = guard('imports.write', 'admin.regions');

  const indexPage = async (req: Request) => {
    const actor = actorOf(req);
    const kinds = IMPORT_KINDS.filter((k) => can(actor, k.permission)).map((k) => ({
      key: k.key,
      label: k.label,
      hint: k.hint,
      headers: templateHeaders(k),
      required: k.columns.filter((c) => c.required !== false && !c.omittable).map((c) => c.header),
      optional: optionalHeaders(k).map((h) => ({ header: h, note: noteOf(h) })),
    }));
    return { kinds, jobs: await recentImports(db, actor), maxMb: MAX_UPLOAD_MB, kindLabel: (k: string) => importKind(k)?.label ?? k };
  };
  const uploadForm = formPage('imports/index', indexPage);

  router.get('/imports', ...writer, async (req, res) => res.render('imports/index', await indexPage(req)));

  router.post('/imports', ...writer, uploadForm, receiveFile(), async (req, res) => {
    const form = parseForm(UploadForm, req.body);
    if (!req.file) throw ValidationError.field('file', '请选择要导入的文件（CSV 或 XLSX）');
    const id = await startImport(env, actorOf(req), { kind: form.kind, fileName: req.file.originalname, data: req.file.buffer });
    res.redirect(303, `/imports/${id}`);
  });

  router.get('/imports/:id', ...writer, async (req, res) => {
    const { page } = parseQuery(StatusQuery, req.query);
    const job = await getJob(env, actorOf(req), jobId(req), true);
    const kind = importKind(job.kind)!;
    const info = pageInfo(job.problems.length, page, 100);
    const busy = ['queued', 'checking', 'writing'].includes(job.status);
    res.render('imports/show', {
      job,
      kind: { key: kind.key, label: kind.label, listHref: kind.listHref },
      busy,
      problems: job.problems.slice(info.offset, info.offset + info.limit),
      pageInfo: info,
      refreshSeconds: busy ? 2 : undefined,
    });
  });

  router.get('/imports/:id/problems.csv', ...writer, async (req, res) => {
    const job = await getJob(env, actorOf(req), jobId(req), true);
    res.attachment(`导入问题-${job.file_name}.csv`);
    const rows = job.problems.map((p) => [p.row, p.column, p.value, p.message, problemLine(p)]);
    res.type('text/csv; charset=utf-8').send(`${CSV_BOM}${csvLines([['行号', '列', '内容', '问题', '说明'], ...rows])}`);
  });

  router.post('/imports/:id/confirm', ...writer, async (req, res) => {
    const id = jobId(req);
    await confirmImport(env, actorOf(req), id);
    res.redirect(303, `/imports/${id}`);
  });

  router.post('/imports/:id/discard', ...writer, async (req, res) => {
    await discardImport(env, actorOf(req), jobId(req));
    res.redirect(303, '/imports');
  });

  return router;
}
