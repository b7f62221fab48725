/**
 * The 考核 board's periods: a statistical year (1 Oct – 30 Sep, written `2026`), a calendar quarter (`2026-Q1`)
 * or a month (`2026-03`). A period still running ends today, so a stock figure is read as of today and not at a
 * day that has not come.
 */
import { addMonthsToMonth, minDate, monthEnd, monthOf, type IsoDate } from './dates.ts';
import { statisticalPeriod, statisticalYearOf, type Period } from './report-periods.ts';

export interface BoardPeriod {
  /** What the URL carries: `2026`, `2026-Q1` or `2026-03`. */
  key: string;
  kind: 'year' | 'quarter' | 'month';
  label: string;
  period: Period;
}

const QUARTER_START = ['01', '04', '07', '10'];

/** The period a key names, cut at today; undefined when the key is malformed or the period has not begun. */
export function boardPeriod(key: string, today: IsoDate): BoardPeriod | undefined {
  let kind: BoardPeriod['kind'];
  let label: string;
  let full: Period;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(key))) {
    const year = Number(m[1]);
    kind = 'year';
    label = `${year}统计年度（${year - 1}年10月—${year}年9月）`;
    full = statisticalPeriod(year, false);
  } else if ((m = /^(\d{4})-Q([1-4])$/.exec(key))) {
    const start = `${m[1]}-${QUARTER_START[Number(m[2]) - 1]}`;
    kind = 'quarter';
    label = `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度`;
    full = { from: `${start}-01`, to: monthEnd(addMonthsToMonth(start, 2)) };
  } else if ((m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key))) {
    kind = 'month';
    label = `${m[1]}年${Number(m[2])}月`;
    full = { from: `${key}-01`, to: monthEnd(key) };
  } else return undefined;
  const year = Number(key.slice(0, 4));
  if (year < 2000 || year > 2100 || full.from > today) return undefined;
  return { key, kind, label, period: { from: full.from, to: minDate(full.to, today) } };
}

/** The board's default: the statistical year of today, to date. */
export function defaultBoardPeriodKey(today: IsoDate): string {
  return String(statisticalYearOf(today));
}

/** The choices of the period selector: this and the last statistical year, the last 4 quarters, the last 12 months. */
export function boardPeriodChoices(today: IsoDate): { key: string; label: string }[] {
  const year = statisticalYearOf(today);
  const month = monthOf(today);
  const out: { key: string; label: string }[] = [];
  for (const y of [year, year - 1]) out.push({ key: String(y), label: `${y}统计年度` });
  const q = Math.floor((Number(month.slice(5, 7)) - 1) / 3);
  for (let i = 0; i < 4; i++) {
    const idx = (((q - i) % 4) + 4) % 4;
    const y = Number(month.slice(0, 4)) - (q - i < 0 ? 1 : 0);
    out.push({ key: `${y}-Q${idx + 1}`, label: `${y}年第${'一二三四'[idx]}季度` });
  }
  for (let i = 0; i < 12; i++) {
    const m = addMonthsToMonth(month, -i);
    out.push({ key: m, label: `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月` });
  }
  return out;
}
