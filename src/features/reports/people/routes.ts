/**
 * The records behind a count (drill-down):
 *   GET /reports/people?figure=KEY&region=CODE&from=&to=&page=
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { FIGURE_LABEL, FIGURE_MEANING } from '../../../domain/figure-labels.ts';
import { periodWords } from '../../../domain/report-periods.ts';
import { BadRequestError } from '../../../errors.ts';
import { withReportsDb } from '../../../http/reports-db.ts';
import { guard, pageInfo } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { RESIDENCE_LABEL } from '../engine/residence.ts';
import { describeRecord } from './describe.ts';
import { PeopleQuery } from './schemas.ts';
import { drillDown } from './service.ts';

export function peopleRoutes(router: Router, ctx: AppContext) {
  router.get('/reports/people', ...guard('reports.read'), async (req, res) => {
    const f = parseQuery(PeopleQuery, req.query);
    // from/to arrive as ISO dates (field.date parses every typed spelling): only their order is left to check.
    if (f.from > f.to) throw new BadRequestError('报告期有误。');
    const size = 50;
    const pageNo = Math.max(1, f.page ?? 1);
    const d = await withReportsDb(ctx, res, (db) =>
      drillDown(db, actorOf(req), {
        figure: f.figure,
        region: f.region,
        period: { from: f.from, to: f.to },
        residence: f.residence,
        page: { limit: size, offset: (pageNo - 1) * size },
      }),
    );
    res.render('reports/people', {
      d,
      rows: d.rows.map((r) => ({ ...r, detail: describeRecord(d.source, r) })),
      periodText: periodWords(d.period),
      meaning: FIGURE_MEANING[d.key] ?? '',
      label: d.residence ? `${FIGURE_LABEL[d.key]}（${RESIDENCE_LABEL[d.residence]}）` : FIGURE_LABEL[d.key],
      filters: { figure: f.figure, region: d.region.code, from: f.from, to: f.to, ...(d.residence ? { residence: d.residence } : {}) },
      pageInfo: pageInfo(d.total, pageNo, size),
    });
  });
}
