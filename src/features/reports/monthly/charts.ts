/**
 * Small bar charts as server-rendered SVG (no client library): births by sex and procedures for the last 12
 * months. Only SVG presentation attributes (fill, stroke, font-size) — the CSP forbids inline styles — and
 * black, white and hatching, so the charts stay readable on a black-and-white printer.
 */
import type { ChartData } from '../engine/service.ts';

interface Series {
  label: string;
  values: number[];
  /** 'solid' = black bars, 'hatch' = hatched bars with a black outline, 'grey' = grey bars. */
  fill: 'solid' | 'hatch' | 'grey';
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A round axis maximum (1, 2, 5 × 10^n) at or above the largest value. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= max)!;
}

/**
 * The ticks of a count axis (issue 14): whole numbers from 0 at a step of 1, 2 or 5 × 10^n (never below 1, so a
 * largest value of 1 gives 0 and 1, never "0.5 births"), at most `maxIntervals` intervals, the last at or above
 * the largest value.
 */
export function countTicks(max: number, maxIntervals = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let p = 1; ; p *= 10) {
    const fit = [1, 2, 5].map((m) => m * p).find((s) => Math.ceil(top / s) <= maxIntervals);
    if (fit !== undefined) {
      step = fit;
      break;
    }
  }
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, i) => i * step);
}

/** A text's width at a font size, estimated: CJK and full-width characters 1 em, ASCII digits and letters 0.62 em. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/u.test(ch) ? 1 : 0.62;
  return em * fontSize;
}

const LABEL_SIZE = 11;
const LABEL_GAP = 4;

/**
 * The month axis: a short label (3月) under every k-th month, k the smallest step at which no two labels touch,
 * and the year (2026年) on a second line under the first month and every January (the first dropped when it
 * would touch the next one's). Returns the labels with their centres.
 */
export function monthAxis(months: string[], slot: number): { month: { i: number; text: string }[]; year: { i: number; text: string }[] } {
  const short = months.map((m) => `${Number(m.slice(5, 7))}月`);
  const widest = Math.max(0, ...short.map((t) => textWidth(t, LABEL_SIZE)));
  const every = Math.max(1, Math.ceil((widest + LABEL_GAP) / slot));
  const month = short.map((text, i) => ({ i, text })).filter(({ i }) => i % every === 0);
  const yearW = textWidth('0000年', LABEL_SIZE) + LABEL_GAP;
  const year: { i: number; text: string; jan: boolean }[] = [];
  for (const [i, m] of months.entries()) {
    const jan = m.slice(5, 7) === '01';
    if (i > 0 && !jan) continue;
    const prev = year[year.length - 1];
    if (prev && (i - prev.i) * slot < yearW) {
      // A January's year replaces the first month's; Januaries too close (very narrow slots) are skipped.
      if (prev.jan) continue;
      year.pop();
    }
    year.push({ i, text: `${m.slice(0, 4)}年`, jan });
  }
  return { month, year: year.map(({ i, text }) => ({ i, text })) };
}

export function barChart(input: { id: string; title: string; months: string[]; series: Series[] }): string {
  const W = 640,
    H = 230,
    left = 44,
    right = 10,
    top = 34,
    bottom = 40;
  const plotW = W - left - right,
    plotH = H - top - bottom;
  const ticks = countTicks(Math.max(0, ...input.series.flatMap((s) => s.values)));
  const max = ticks[ticks.length - 1];
  const slot = plotW / input.months.length;
  const barW = Math.max(3, (slot * 0.75) / input.series.length);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const fillOf = (s: Series) => (s.fill === 'solid' ? '#000' : s.fill === 'grey' ? '#8c8c8c' : `url(#${input.id}-hatch)`);
  const out: string[] = [];
  const desc = input.months.map((m, i) => `${m}: ${input.series.map((s) => `${s.label} ${s.values[i]}`).join('，')}`).join('；');
  out.push(
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="${input.id}-t ${input.id}-d" font-family="sans-serif">`,
  );
  out.push(`<title id="${input.id}-t">${esc(input.title)}</title><desc id="${input.id}-d">${esc(desc)}</desc>`);
  out.push(
    `<defs><pattern id="${input.id}-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff"/><line x1="0" y1="0" x2="0" y2="5" stroke="#000" stroke-width="2"/></pattern></defs>`,
  );
  out.push(`<text x="${left}" y="16" font-size="13" font-weight="bold" fill="#000">${esc(input.title)}</text>`);
  // Legend, top right.
  let lx = W - right - input.series.length * 90;
  for (const s of input.series) {
    out.push(`<rect x="${lx}" y="7" width="12" height="12" fill="${fillOf(s)}" stroke="#000" stroke-width="1"/><text x="${lx + 16}" y="17" font-size="12" fill="#000">${esc(s.label)}</text>`);
    lx += 90;
  }
  // Axis and gridlines at every tick (whole numbers).
  for (const v of ticks) {
    out.push(`<line x1="${left}" y1="${y(v).toFixed(1)}" x2="${W - right}" y2="${y(v).toFixed(1)}" stroke="${v === 0 ? '#000' : '#bbb'}" stroke-width="1"/>`);
    out.push(`<text class="tick-label" x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#000">${v}</text>`);
  }
  input.months.forEach((m, i) => {
    const x0 = left + i * slot + (slot - barW * input.series.length) / 2;
    input.series.forEach((s, j) => {
      const v = s.values[i];
      const x = x0 + j * barW;
      if (v > 0) {
        out.push(
          `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 1).toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${fillOf(s)}" stroke="#000" stroke-width="0.8"><title>${esc(`${m} ${s.label}：${v}`)}</title></rect>`,
        );
        if (barW >= 9) out.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${(y(v) - 3).toFixed(1)}" font-size="9" text-anchor="middle" fill="#000">${v}</text>`);
      }
    });
  });
  const axis = monthAxis(input.months, slot);
  const cx = (i: number) => (left + i * slot + slot / 2).toFixed(1);
  for (const l of axis.month) {
    out.push(`<text class="month-label" x="${cx(l.i)}" y="${H - bottom + 16}" font-size="${LABEL_SIZE}" text-anchor="middle" fill="#000">${l.text}</text>`);
  }
  for (const l of axis.year) {
    out.push(`<text class="year-label" x="${cx(l.i)}" y="${H - bottom + 30}" font-size="${LABEL_SIZE}" text-anchor="middle" fill="#000">${l.text}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}

/** The two charts of the report page. */
export function reportCharts(data: ChartData): { births: string; procedures: string } {
  return {
    births: barChart({
      id: 'chart-births',
      title: '近12个月出生人数（按性别）',
      months: data.months,
      series: [
        { label: '男', values: data.series.map((s) => s.births_male), fill: 'solid' },
        { label: '女', values: data.series.map((s) => s.births_female), fill: 'hatch' },
      ],
    }),
    procedures: barChart({
      id: 'chart-procedures',
      title: '近12个月计划生育手术例数',
      months: data.months,
      series: [{ label: '手术', values: data.series.map((s) => s.procedures), fill: 'grey' }],
    }),
  };
}
