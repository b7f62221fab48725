/**
 * The 考核 board and the score sheet (issue 15):
 *   GET /targets?period=2026|2026-Q1|2026-03              townships × indicators against their targets
 *   GET /targets/score-sheet?region=CODE&period=…&print=1  one township's 考核评分表 (A4, signatures)
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { boardPeriod, boardPeriodChoices, defaultBoardPeriodKey, type BoardPeriod } from '../../../domain/assessment-periods.ts';
import { BadRequestError } from '../../../errors.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { BoardQuery, ScoreSheetQuery } from './schemas.ts';
import { assessmentBoard, scoreSheet } from './service.ts';

export const BOARD_PATH = '/targets';

export function boardRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;

  function periodOf(key: string | undefined, today: string): BoardPeriod {
    const p = boardPeriod(key ?? defaultBoardPeriodKey(today), today);
    if (!p) throw new BadRequestError('考核期格式应为统计年度（如 2026）、季度（如 2026-Q1）或月份（如 2026-03），且不能晚于今天。');
    return p;
  }

  router.get(BOARD_PATH, ...guard('reports.read'), async (req, res) => {
    const f = parseQuery(BoardQuery, req.query);
    const today = todayOf(ctx);
    const board = await assessmentBoard(db, actorOf(req), periodOf(f.period, today));
    res.render('assessment/board', { board, choices: boardPeriodChoices(today) });
  });

  router.get(`${BOARD_PATH}/score-sheet`, ...guard('reports.read'), async (req, res) => {
    const f = parseQuery(ScoreSheetQuery, req.query);
    const today = todayOf(ctx);
    const sheet = await scoreSheet(db, actorOf(req), f.region, periodOf(f.period, today));
    if (f.print) return res.render('assessment/score-sheet', { sheet, printMode: true, layout: 'print', backUrl: req.originalUrl.replace(/([?&])print=1&?/, '$1') });
    res.render('assessment/score-sheet', { sheet, printMode: false });
  });
}
