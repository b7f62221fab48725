/**
 * Exchange packages with partner counties.
 *   GET  /floating/exchange                           partners, export form, import form, recent packages
 *   POST /floating/exchange/partners (county_code, name, secret, active)   add or change a partner (admin)
 *   POST /floating/exchange/export (county_code)      download the signed package for a partner
 *   POST /floating/exchange/import?_csrf= (file)      dry run: what the package would do (nothing written)
 *   POST /floating/exchange/import/commit (package)   import it, all or nothing
 */
import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { actorOf } from '../../../auth/principal.ts';
import { ValidationError } from '../../../errors.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { MAX_PACKAGE_BYTES } from './package.ts';
import { CommitForm, ExportForm, PartnerForm } from './schemas.ts';
import { commitImport, exportPackage, listPartners, planImport, recentPackages, savePartner } from './service.ts';

function receivePackage(): RequestHandler {
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_PACKAGE_BYTES, files: 1, fields: 5 } }).single('file');
  return (req, res, next) =>
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      const tooBig = err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE';
      next(ValidationError.field('file', tooBig ? `交换包超过 ${MAX_PACKAGE_BYTES / 1024} KB，请对方分批导出` : '文件上传失败，请重新选择文件后再试'));
    });
}

export function exchangeRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;
  const load = async (req: Request) => ({ partners: await listPartners(db, actorOf(req)), packages: await recentPackages(db, actorOf(req)) });
  const page = formPage('floating/exchange', load);

  router.get('/floating/exchange', ...guard('floating.exchange'), async (req, res) => {
    res.render('floating/exchange', { ...(await load(req)), values: {} });
  });

  router.post('/floating/exchange/partners', ...guard('admin.exchange_partners'), page, async (req, res) => {
    const v = parseForm(PartnerForm, req.body);
    await savePartner(db, actorOf(req), v);
    flash(req, 'success', `已保存交换伙伴 ${v.name}`);
    res.redirect(303, '/floating/exchange');
  });

  router.post('/floating/exchange/export', ...guard('floating.exchange'), page, async (req, res) => {
    const v = parseForm(ExportForm, req.body);
    const { fileName, text } = await exportPackage(db, actorOf(req), v.county_code, todayOf(ctx));
    res.attachment(fileName);
    res.type('application/json; charset=utf-8').send(text);
  });

  router.post('/floating/exchange/import', ...guard('floating.exchange'), page, receivePackage(), async (req, res) => {
    if (!req.file) throw ValidationError.field('file', '请选择交换包文件');
    const plan = await planImport(db, actorOf(req), req.file.buffer);
    res.render('floating/exchange-preview', { plan, packageText: req.file.buffer.toString('utf8') });
  });

  router.post('/floating/exchange/import/commit', ...guard('floating.exchange'), page, async (req, res) => {
    const v = parseForm(CommitForm, req.body);
    const plan = await commitImport(db, actorOf(req), Buffer.from(v.package, 'utf8'));
    flash(req, 'success', `已导入 ${plan.partnerName} 的交换包：协查 ${plan.queries.length} 条，反馈 ${plan.answers.filter((a) => !a.already).length} 条`);
    res.redirect(303, '/floating/exchange');
  });

  return router;
}
