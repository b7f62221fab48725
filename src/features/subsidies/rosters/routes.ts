/**
 * The annual roster and the eligibility audit, within the caller's scope.
 *   GET /subsidies/roster?program=&year=&village=[&print=1]     (print: the 公示 list per village, A4 portrait)
 *   GET /subsidies/audit?program=                               (the live audit, and the saved reviews: reviews/routes.ts)
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import { assertFilterInScope } from '../../regions/service.ts';
import { regionsInScopeList } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { listPrograms } from '../programs/service.ts';
import { auditPage } from '../reviews/routes.ts';
import { annualRoster, publicitySheets } from './service.ts';
import { AuditQuery, RosterQuery } from './schemas.ts';

export function rosterRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const read = guard('subsidies.read');

  router.get('/subsidies/roster', ...read, async (req, res) => {
    const f = parseQuery(RosterQuery, req.query);
    const actor = actorOf(req);
    await assertFilterInScope(db, actor.scope, f.village, 'village');
    const today = todayOf(ctx);
    const program = f.program ?? 'reward_assistance';
    const year = f.year ?? Number(today.slice(0, 4));
    const roster = await annualRoster(db, actor.scope, program, year, f.village);
    const query = { program, year, village: f.village };
    if (f.print) {
      res.render('subsidies/roster-print', {
        roster,
        sheets: publicitySheets(roster),
        today,
        layout: 'print',
        backUrl: `/subsidies/roster?program=${program}&year=${year}${f.village ? `&village=${f.village}` : ''}`,
      });
      return;
    }
    res.render('subsidies/roster', {
      roster,
      filters: query,
      programs: await listPrograms(db),
      villages: await regionsInScopeList(db, actor.scope, 'village', true),
    });
  });

  router.get('/subsidies/audit', ...read, async (req, res) => {
    const f = parseQuery(AuditQuery, req.query);
    res.render('subsidies/audit', await auditPage(ctx, req, f.program));
  });
}
