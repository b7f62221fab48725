/**
 * Blank templates of the import kinds (DESIGN §12):
 *   GET  /imports/templates/:kind.csv|xlsx   a blank template of a kind the user may import
 */
import { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { can } from '../../../domain/permissions.ts';
import { NotFoundError } from '../../../errors.ts';
import { guard } from '../../../http/route-kit.ts';
import type { FeatureContext } from '../../feature.ts';
import { importKind } from './kinds.ts';
import { templateCsv, templateXlsx } from './templates.ts';

export function templateRoutes(_ctx: FeatureContext): Router {
  const router = Router();

  router.get('/imports/templates/:file', ...guard('imports.write', 'admin.regions'), async (req, res) => {
    const m = /^([a-z]+)\.(csv|xlsx)$/.exec(String(req.params.file));
    const kind = m ? importKind(m[1]) : undefined;
    if (!m || !kind || !can(actorOf(req), kind.permission)) throw new NotFoundError('没有该导入模板。');
    res.attachment(`${kind.label}导入模板.${m[2]}`);
    if (m[2] === 'csv') return res.type('text/csv; charset=utf-8').send(templateCsv(kind));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await templateXlsx(kind));
  });

  return router;
}
