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

export function barChart(input: { id: string; title: string; months: string[]; series: Series[] }): string {
  const W = 640,
    H = 230,
    left = 44,
    right = 10,
    top = 34,
    bottom = 40;
  const plotW = W - left - right,
    plotH = H - top - bottom;
  const max = niceMax(Math.max(0, ...input.series.flatMap((s) => s.values)));
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
  // Axis and gridlines at 0, ½ and the maximum.
  for (const v of [0, max / 2, max]) {
    out.push(`<line x1="${left}" y1="${y(v).toFixed(1)}" x2="${W - right}" y2="${y(v).toFixed(1)}" stroke="${v === 0 ? '#000' : '#bbb'}" stroke-width="1"/>`);
    out.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#000">${Number.isInteger(v) ? v : v.toFixed(1)}</text>`);
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
    const [yy, mm] = m.split('-');
    const label = mm === '01' || i === 0 ? `${yy}年${Number(mm)}月` : `${Number(mm)}月`;
    out.push(`<text x="${(left + i * slot + slot / 2).toFixed(1)}" y="${H - bottom + 16}" font-size="11" text-anchor="middle" fill="#000">${label}</text>`);
  });
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
