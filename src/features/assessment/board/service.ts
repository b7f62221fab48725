/**
 * The 考核 board and score sheet: every township of the county (a township sees its own row) with each active
 * indicator's live value against its target, the judgement, the score by the target's weight, the total and
 * the rank; the county's own figures above them. Every figure is `indicatorValues` of the region — the same
 * numbers as the monthly report and the drill-down behind them.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { BoardPeriod } from '../../../domain/assessment-periods.ts';
import { addMonthsToMonth, monthOf } from '../../../domain/dates.ts';
import { NotFoundError } from '../../../errors.ts';
import { submittedMonthFigures } from '../../reports/service.ts';
import { listIndicators, storedValue, townshipIndicatorValues, type IndicatorRow, type IndicatorValue, type IndicatorValues } from '../indicators/service.ts';

export interface BoardRow {
  region: { code: string; name: string; level: string };
  values: IndicatorValue[];
  /** The sum of the scores; out of `possible` (the weights of the indicators with a target). */
  total: number;
  possible: number;
  /** Missed targets (未达标), for the row's summary. */
  missed: number;
  /** Among the townships (ties share a rank); null on the county's row. */
  rank: number | null;
  /** Each indicator's value in the 12 months up to the period's last, from the submitted months (null: none). */
  trend: Record<string, (number | null)[]>;
}

export interface Board {
  period: BoardPeriod;
  /** The trend's months (YYYY-MM), oldest first. */
  months: string[];
  indicators: IndicatorRow[];
  county: BoardRow | null;
  townships: BoardRow[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function rowOf(values: IndicatorValues): BoardRow {
  const scored = values.values.filter((v) => v.target && !v.pending);
  return {
    region: values.region,
    values: values.values,
    total: round2(scored.reduce((s, v) => s + v.score, 0)),
    possible: round2(scored.reduce((s, v) => s + (v.target?.weight ?? 0), 0)),
    missed: values.values.filter((v) => v.judgement === '未达标').length,
    rank: null,
    trend: {},
  };
}

/** Competition ranking by total score (1, 2, 2, 4 …). */
export function rankRows(rows: BoardRow[]): BoardRow[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || a.region.code.localeCompare(b.region.code));
  return sorted.map((r) => Object.assign(r, { rank: 1 + sorted.filter((o) => o.total > r.total).length }));
}

export async function assessmentBoard(db: Knex, actor: Actor, period: BoardPeriod): Promise<Board> {
  const [indicators, values] = [await listIndicators(db, true), await townshipIndicatorValues(db, actor, period.period)];
  const rows = values.townships.map(rowOf);
  const county = values.county ? rowOf(values.county) : null;
  // The trend reads the months as they were submitted: 12 stored snapshots, not 12 reports recomputed.
  const last = monthOf(period.period.to);
  const months = Array.from({ length: 12 }, (_v, i) => addMonthsToMonth(last, i - 11));
  const stored = await submittedMonthFigures(db, county ? actor.scope.code : (rows[0]?.region.code ?? actor.scope.code), months[0]!, last);
  for (const row of rows) {
    const mine = new Map(stored.filter((s) => s.code === row.region.code).map((s) => [s.month, s.figures]));
    for (const i of indicators) row.trend[i.code] = months.map((m) => (mine.has(m) ? storedValue(i, mine.get(m)!) : null));
  }
  // A township sees its own row only; ranking it among others it cannot see would say nothing.
  return { period, months, indicators, county, townships: county ? rankRows(rows) : rows };
}

/** One township's score sheet (考核评分表): its row of the board with the rank among the county's townships. */
export async function scoreSheet(db: Knex, actor: Actor, townshipCode: string, period: BoardPeriod): Promise<{ period: BoardPeriod; indicators: IndicatorRow[]; row: BoardRow; of: number }> {
  const board = await assessmentBoard(db, actor, period);
  const row = board.townships.find((r) => r.region.code === townshipCode);
  if (!row) throw new NotFoundError('未找到该乡镇，或不在您的管辖范围内。');
  return { period, indicators: board.indicators, row, of: board.townships.length };
}
