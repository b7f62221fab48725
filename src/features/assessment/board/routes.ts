/**
 * The 考核 board and the score sheet (issue 15):
 *   GET /targets?period=2026|2026-Q1|2026-03              townships × indicators against their targets
 *   GET /targets/score-sheet?region=CODE&period=…[&print=1|&format=xlsx]  one township's 考核评分表 (A4, signatures)
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { boardPeriodChoices } from '../../../domain/assessment-periods.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { scoreSheetXlsx } from './export.ts';
import { periodOf } from './period.ts';
import { sparkline } from './sparkline.ts';
import { BoardQuery, ScoreSheetQuery } from './schemas.ts';
import { assessmentBoard, scoreSheet } from './service.ts';

export const BOARD_PATH = '/targets';

export function boardRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;

  router.get(BOARD_PATH, ...guard('reports.read'), async (req, res) => {
    const f = parseQuery(BoardQuery, req.query);
    const today = todayOf(ctx);
    const board = await assessmentBoard(db, actorOf(req), periodOf(f.period, today));
    res.render('assessment/board', { board, choices: boardPeriodChoices(today), sparkline });
  });

  router.get(`${BOARD_PATH}/score-sheet`, ...guard('reports.read'), async (req, res) => {
    const f = parseQuery(ScoreSheetQuery, req.query);
    const today = todayOf(ctx);
    const sheet = await scoreSheet(db, actorOf(req), f.region, periodOf(f.period, today));
    if (f.format === 'xlsx') {
      res.attachment(`考核评分表_${sheet.row.region.name}_${sheet.period.key}.xlsx`);
      return res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await scoreSheetXlsx(sheet.row, sheet.period, sheet.of));
    }
    if (f.print) return res.render('assessment/score-sheet', { sheet, printMode: true, layout: 'print', backUrl: req.originalUrl.replace(/([?&])print=1&?/, '$1') });
    res.render('assessment/score-sheet', { sheet, printMode: false });
  });
}
