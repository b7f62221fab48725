/**
 * Spreadsheet import (DESIGN §12) and export.
 *   GET  /imports                          upload form, blank templates, my recent imports
 *   GET  /imports/templates/:kind.csv|xlsx a blank template
 *   POST /imports?_csrf=…                  multipart (kind, file): store it and start the dry run → 303 status page
 *   GET  /imports/:id                      status: progress (refreshes itself), problems, counts, confirm
 *   GET  /imports/:id/problems.csv         every problem of a dry run as a file
 *   POST /imports/:id/confirm | discard    write a clean file (in the background) / abandon it
 *   POST /exports/women                    the card list with its filters (format=csv|xlsx, full_ids, reason)
 *   POST /exports/rosters/:roster          a roster with its filters
 * A filter outside the caller's scope answers 404; full_ids without a reason answers 422 (the export form again).
 * Exports are POST forms: they are audited, and a full-ID export must not be one click on a foreign link.
 */
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { requireLogin, requirePermission } from '../../auth/guards.ts';
import { actorOf } from '../../auth/principal.ts';
import { ACCESS_REASON_MAX } from '../../domain/access-reasons.ts';
import { can } from '../../domain/permissions.ts';
import { chinaDate } from '../../domain/dates.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { formPage } from '../../http/forms.ts';
import { field, parseForm, parseId, parseQuery } from '../../parse.ts';
import { pageInfo } from '../../pagination.ts';
import { helpers } from '../../http/view-helpers.ts';
import type { Feature } from '../feature.ts';
import { WomenFilters } from '../women/service.ts';
import { exportRoster, exportWomen, ROSTER_TITLES } from './export-service.ts';
import { IMPORT_KINDS, importKind } from './kinds.ts';
import { problemLine } from './read-table.ts';
import { confirmImport, connectionStringOf, discardImport, failOrphanedJobs, getJob, recentImports, startImport, type JobEnv } from './service.ts';
import { attachment, csvLine, sendCsv, sendXlsx, type ExportColumn } from './table-export.ts';
import { noteOf, optionalHeaders, templateCsv, templateHeaders, templateXlsx } from './templates.ts';

export const MAX_UPLOAD_MB = 30;

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const ExportForm = z.object({
  format: z.preprocess(blank, z.enum(['csv', 'xlsx']).default('xlsx')),
  full_ids: field.checkbox(),
  reason: field.optionalText('导出原因', ACCESS_REASON_MAX),
});
const RosterExportForm = ExportForm.extend({
  village: z.preprocess(blank, z.string().regex(/^\d{12}$/).optional()),
  month: z.preprocess(blank, field.month().optional()),
  round: field.optionalInt('轮次', 1),
  township: z.preprocess(blank, z.string().regex(/^\d{9}$/).optional()),
  level: z.preprocess(blank, z.enum(['E', 'W']).optional()),
  rule: field.optionalText('问题', 50),
  due: z.preprocess(blank, z.enum(['month', 'overdue'], { error: '到期情况应为“本月到期”或“未按期取出”' }).optional()),
});
const UploadForm = z.object({ kind: z.preprocess(blank, z.string({ error: '请选择导入类型' }).max(20)) });
const StatusQuery = z.object({ page: field.optionalInt('页码', 1) });

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

export const importsRoutes: Feature = (ctx) => {
  const router = Router();
  const db = ctx.db;
  const env: JobEnv = { db, dbUrl: connectionStringOf(db), now: ctx.now, logError: (err, id) => ctx.logger.error({ err, importJob: id }, 'import job failed') };
  // Jobs a killed or crashed process left running are failed now (their pages say so and nothing was written).
  void failOrphanedJobs(db)
    .then((n) => n && ctx.logger.warn({ importJobs: n }, 'interrupted import jobs marked failed'))
    .catch((err) => ctx.logger.error({ err }, 'could not check for interrupted import jobs'));
  const guard = [requireLogin, requirePermission('imports.write', 'admin.regions')];
  const today = () => chinaDate(ctx.now());

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

  router.get('/imports', ...guard, async (req, res) => res.render('imports/index', await indexPage(req)));

  router.get('/imports/templates/:file', ...guard, async (req, res) => {
    const m = /^([a-z]+)\.(csv|xlsx)$/.exec(String(req.params.file));
    const kind = m ? importKind(m[1]) : undefined;
    if (!m || !kind || !can(actorOf(req), kind.permission)) throw new NotFoundError('没有该导入模板。');
    res.setHeader('Content-Disposition', attachment(`${kind.label}导入模板.${m[2]}`, `${kind.key}-template.${m[2]}`));
    if (m[2] === 'csv') return res.type('text/csv; charset=utf-8').send(templateCsv(kind));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await templateXlsx(kind));
  });

  router.post('/imports', ...guard, uploadForm, receiveFile(), async (req, res) => {
    const form = parseForm(UploadForm, req.body);
    if (!req.file) throw ValidationError.field('file', '请选择要导入的文件（CSV 或 XLSX）');
    const id = await startImport(env, actorOf(req), { kind: form.kind, fileName: req.file.originalname, data: req.file.buffer });
    res.redirect(303, `/imports/${id}`);
  });

  const jobId = (req: Request) => {
    const id = parseId(req.params.id);
    if (!id) throw new NotFoundError('未找到该导入记录。');
    return id;
  };

  router.get('/imports/:id', ...guard, async (req, res) => {
    const { page } = parseQuery(StatusQuery, req.query);
    const job = await getJob(env, actorOf(req), jobId(req), true);
    const kind = importKind(job.kind)!;
    const info = pageInfo(job.problems.length, page, 100);
    const busy = ['queued', 'checking', 'writing'].includes(job.status);
    res.render('imports/show', { job, kind: { key: kind.key, label: kind.label, listHref: kind.listHref }, busy, problems: job.problems.slice(info.offset, info.offset + info.limit), pageInfo: info, refreshSeconds: busy ? 2 : undefined });
  });

  router.get('/imports/:id/problems.csv', ...guard, async (req, res) => {
    const job = await getJob(env, actorOf(req), jobId(req), true);
    res.setHeader('Content-Disposition', attachment(`导入问题-${job.file_name}.csv`, `import-${job.id}-problems.csv`));
    const lines = job.problems.map((p) => csvLine([p.row, p.column, p.value, p.message, problemLine(p)]));
    res.type('text/csv; charset=utf-8').send(`\ufeff${csvLine(['行号', '列', '内容', '问题', '说明'])}${lines.join('')}`);
  });

  router.post('/imports/:id/confirm', ...guard, async (req, res) => {
    const id = jobId(req);
    await confirmImport(env, actorOf(req), id);
    res.redirect(303, `/imports/${id}`);
  });

  router.post('/imports/:id/discard', ...guard, async (req, res) => {
    await discardImport(env, actorOf(req), jobId(req));
    res.redirect(303, '/imports');
  });

  // ---- exports ----------------------------------------------------------------------------------------------

  async function send<T>(res: Parameters<RequestHandler>[1], format: string, file: { name: { file: string; ascii: string; sheet: string; title?: string }; columns: ExportColumn<T>[]; batches: AsyncIterable<T[]> }) {
    if (format === 'csv') await sendCsv(res, file.name, file.columns, file.batches);
    else await sendXlsx(res, file.name, file.columns, file.batches);
  }

  // Full ID numbers without a reason: the export form again (422), its filters kept, asking for the reason.
  const reasonForm = (back: (req: Request) => string) => formPage('imports/export-reason', (req) => ({ action: req.originalUrl, back: back(req) }));
  const listBack = (path: string) => (req: Request) => helpers.url(path, { ...(req.body ?? {}), _csrf: undefined, full_ids: undefined, reason: undefined, format: undefined });
  const fullIds = (req: Request, form: { full_ids: boolean; reason?: string }) => ({ full: form.full_ids && can(actorOf(req), 'cards.reveal_id'), reason: form.reason });

  router.post('/exports/women', requireLogin, requirePermission('cards.read'), reasonForm(listBack('/women')), async (req, res) => {
    const form = parseForm(ExportForm, req.body);
    const filters = parseQuery(WomenFilters, req.body);
    await send(res, form.format, await exportWomen(db, actorOf(req), filters, fullIds(req, form), today(), form.format));
  });

  router.post('/exports/rosters/:roster', requireLogin, requirePermission('rosters.read'), reasonForm((req) => listBack(`/rosters/${String(req.params.roster)}`)(req)), async (req, res) => {
    const roster = String(req.params.roster);
    if (!(roster in ROSTER_TITLES)) throw new NotFoundError('没有该花名册。');
    const form = parseForm(RosterExportForm, req.body);
    await send(res, form.format, await exportRoster(db, actorOf(req), roster, form, fullIds(req, form), today(), form.format));
  });

  return {
    router,
    nav: [{ key: 'imports', label: '数据导入', href: '/imports', permissions: ['imports.write', 'admin.regions'], order: 85 }],
  };
};
