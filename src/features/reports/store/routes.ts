/**
 * 指标库核对 (issue 19 §2): the county supervisor and admin see the nightly comparison of the figure store with the
 * live source SQL — the latest runs, and the differences of the latest run, 50 a page — in their own county's
 * villages; a city's or province's supervisor and admin in their region's.
 *   GET /admin/figure-check?page=
 */
import type { Router } from 'express';
import { FIGURE_LABEL } from '../../../domain/figure-labels.ts';
import { actorOf } from '../../../auth/principal.ts';
import { guard } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { pageInfo } from '../../../pagination.ts';
import type { FeatureContext } from '../../feature.ts';
import { FigureCheckQuery } from './schemas.ts';
import { figureChecksInScope } from './service.ts';

export const FIGURE_CHECK_PATH = '/admin/figure-check';

export function figureCheckRoutes(router: Router, ctx: FeatureContext) {
  router.get(FIGURE_CHECK_PATH, ...guard('reports.figure_check'), async (req, res) => {
    const { page } = parseQuery(FigureCheckQuery, req.query);
    const runs = await figureChecksInScope(ctx.db, actorOf(req).scope.code, 10);
    const latest = runs[0];
    const details = latest?.details ?? [];
    const info = pageInfo(details.length, page);
    res.render('reports/figure-check', { runs, latest, details: details.slice(info.offset, info.offset + info.limit), pageInfo: info, basePath: FIGURE_CHECK_PATH, keyLabel: FIGURE_LABEL });
  });
}
