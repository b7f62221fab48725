/**
 * GET /outside-births?from=&to=   the three 出生信息 rates per township, with how each is computed
 */
import { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { BIRTH_RECORD_DAYS } from '../../../domain/birth-matching.ts';
import { BadRequestError } from '../../../errors.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { RatesQuery } from './schemas.ts';
import { birthInfoRates } from './service.ts';

export function rateRoutes(ctx: FeatureContext): Router {
  const router = Router();
  router.get('/outside-births', ...guard('cards.read'), async (req, res) => {
    const f = parseQuery(RatesQuery, req.query);
    const today = todayOf(ctx);
    const range = { from: f.from ?? `${today.slice(0, 4)}-01-01`, to: f.to ?? today };
    if (range.from > range.to) throw new BadRequestError('开始日期不能晚于结束日期');
    const rates = await birthInfoRates(ctx.db, actorOf(req), range);
    res.render('outside-births/index', { ...rates, range, days: BIRTH_RECORD_DAYS });
  });
  return router;
}
