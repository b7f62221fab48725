/**
 * 婚育证明 check list.
 *   GET /floating/certificates?on=&village=&status=&page=&format=csv   floating women without a valid 流动人口婚育证明 on a date
 */
import { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { CERTIFICATE_PROBLEM } from '../../../domain/floating.ts';
import { guard, fetchPage, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { assertFilterInScope, villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { certificateCheckCsv } from './export.ts';
import { CertificateCheckFilters } from './schemas.ts';
import { certificateCheckList } from './service.ts';

export function certificateCheckRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  router.get('/floating/certificates', ...guard('cards.read'), async (req, res) => {
    const f = parseQuery(CertificateCheckFilters, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    const on = f.on ?? todayOf(ctx);
    const query = { on, village: f.village, status: f.status };
    if (f.format === 'csv') {
      const { rows } = await certificateCheckList(db, actor.scope, query, { limit: 100000, offset: 0 });
      res.attachment(`婚育证明核查_${actor.regionName}_${on}.csv`);
      return res.type('text/csv; charset=utf-8').send(certificateCheckCsv(`流动人口婚育证明核查（${actor.regionName}，${on}）`, rows));
    }
    const { rows, pageInfo } = await fetchPage(f.page, (w) => certificateCheckList(db, actor.scope, query, w));
    res.render('floating/certificates', {
      rows,
      pageInfo,
      filters: { ...f, on },
      query: { on, village: f.village, status: f.status },
      villages: await villageOptions(db, actor.scope, true),
      problems: CERTIFICATE_PROBLEM,
    });
  });

  return router;
}
