/**
 * The 自查报告 (self-check report) of a county or township and period:
 *   GET /targets/self-check?region=CODE&period=2026|2026-Q1|2026-03[&print=1|&format=docx]
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { periodOf } from '../board/period.ts';
import { selfCheckDocx } from './docx.ts';
import { SelfCheckQuery } from './schemas.ts';
import { indicatorLine, selfCheckReport } from './service.ts';

export function selfCheckRoutes(router: Router, ctx: FeatureContext) {
  router.get('/targets/self-check', ...guard('reports.read'), async (req, res) => {
    const f = parseQuery(SelfCheckQuery, req.query);
    const today = todayOf(ctx);
    const sc = await selfCheckReport(ctx.db, actorOf(req), f.region, periodOf(f.period, today));
    if (f.format === 'docx') {
      res.attachment(`自查报告_${sc.region.name}_${sc.period.key}.docx`);
      return res.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').send(await selfCheckDocx(sc, today));
    }
    const view = { sc, indicatorLine, today };
    if (f.print) return res.render('assessment/self-check', { ...view, printMode: true, layout: 'print', backUrl: req.originalUrl.replace(/([?&])print=1&?/, '$1') });
    res.render('assessment/self-check', { ...view, printMode: false });
  });
}
