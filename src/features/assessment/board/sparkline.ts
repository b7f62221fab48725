/**
 * A 12-month trend as a tiny server-rendered SVG (no script, no inline style: presentation attributes only, so the
 * CSP holds): one polyline per run of months that have a value, a dot on the last month; months without a
 * submitted figure leave a gap. Its accessible name lists the months and values.
 */
export function sparkline(months: readonly string[], values: readonly (number | null)[], unit: string): string {
  const W = 64;
  const H = 16;
  const known = values.filter((v): v is number => v !== null);
  const label = months.map((m, i) => `${Number(m.slice(5, 7))}月 ${values[i] === null ? '无' : `${values[i]}${unit}`}`).join('，');
  if (known.length === 0) return `<svg class="spark" width="${W}" height="${H}" role="img" aria-label="近12个月：无已上报数据"></svg>`;
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const x = (i: number) => (months.length > 1 ? (i * (W - 4)) / (months.length - 1) + 2 : W / 2);
  const y = (v: number) => (hi === lo ? H / 2 : H - 2 - ((v - lo) * (H - 4)) / (hi - lo));
  const runs: string[][] = [];
  let run: string[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length) runs.push(run);
      run = [];
    } else run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  if (run.length) runs.push(run);
  const lines = runs.map((r) =>
    r.length === 1 ? `<circle cx="${r[0]!.split(',')[0]}" cy="${r[0]!.split(',')[1]}" r="1.2" fill="#555"/>` : `<polyline points="${r.join(' ')}" fill="none" stroke="#555" stroke-width="1.2"/>`,
  );
  const lastIndex = values.length - 1 - [...values].reverse().findIndex((v) => v !== null);
  const last = values[lastIndex] as number;
  const dot = `<circle cx="${x(lastIndex).toFixed(1)}" cy="${y(last).toFixed(1)}" r="1.8" fill="#000"/>`;
  return `<svg class="spark" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="近12个月：${label}">${lines.join('')}${dot}</svg>`;
}
