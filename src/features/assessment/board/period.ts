/** The 考核 pages' period from the query string: the key given (or this statistical year), or a Chinese 400. */
import { boardPeriod, defaultBoardPeriodKey, type BoardPeriod } from '../../../domain/assessment-periods.ts';
import { BadRequestError } from '../../../errors.ts';

export function periodOf(key: string | undefined, today: string): BoardPeriod {
  const p = boardPeriod(key ?? defaultBoardPeriodKey(today), today);
  if (!p) throw new BadRequestError('考核期格式应为统计年度（如 2026）、季度（如 2026-Q1）或月份（如 2026-03），且不能晚于今天。');
  return p;
}
