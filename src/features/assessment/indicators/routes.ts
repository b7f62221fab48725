/**
 * The indicator catalogue (考核指标): what each indicator is, how it is computed, where its data comes from.
 *   GET /targets/indicators
 */
import type { Router } from 'express';
import { DIRECTION_LABEL, PENDING_TEXT, SOURCE_LABEL } from '../../../domain/assessment.ts';
import { guard } from '../../../http/route-kit.ts';
import type { FeatureContext } from '../../feature.ts';
import { listIndicators } from './service.ts';

export const INDICATORS_PATH = '/targets/indicators';

export function indicatorRoutes(router: Router, ctx: FeatureContext) {
  router.get(INDICATORS_PATH, ...guard('reports.read'), async (_req, res) => {
    const indicators = await listIndicators(ctx.db);
    res.render('assessment/indicators', { indicators, directionLabel: DIRECTION_LABEL, sourceLabel: SOURCE_LABEL, pendingText: PENDING_TEXT });
  });
}
