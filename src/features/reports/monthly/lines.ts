/**
 * The lines of a report table in print order: each row region, then the total; an official table adds under the
 * total its 城镇 and 农村 lines (by 户口性质) — the reporting unit's split, as a township's or a county's report
 * carries it, while each region's own split is its own report (choose the township). Kept to the total so the
 * printed form stays one page for a township of 45 villages. The HTML, CSV and XLSX all read these lines.
 */
import type { FigureKey, Figures } from '../../../domain/indicators.ts';
import { RESIDENCE_LABEL, type Residence } from '../engine/residence.ts';
import type { Report, ReportRegion } from '../engine/service.ts';

export interface ResidenceSplit {
  urban: Report;
  rural: Report;
}

export interface TableLine {
  region: ReportRegion;
  /** The name in the first column: the region's, 合计, or 其中：城镇 / 农村. */
  name: string;
  figures: Figures;
  total: boolean;
  residence?: Residence;
}

/** Entered aggregates (and rates over them) are not kept by 户口性质: a split line shows "—" for them. */
export const NOT_SPLIT: ReadonlySet<FigureKey> = new Set<FigureKey>(['population', 'population_end', 'deaths', 'birth_rate', 'natural_growth_rate']);

export function isSplitBlank(line: TableLine, key: FigureKey): boolean {
  return !!line.residence && NOT_SPLIT.has(key);
}

function splitLines(base: Omit<TableLine, 'name' | 'figures' | 'residence'>, find: (r: Report) => Figures | undefined, split: ResidenceSplit, fallback: Figures): TableLine[] {
  return (['urban', 'rural'] as const).map((residence) => ({
    ...base,
    name: residence === 'urban' ? `其中：${RESIDENCE_LABEL.urban}` : RESIDENCE_LABEL.rural,
    figures: find(split[residence]) ?? fallback,
    residence,
  }));
}

export function tableLines(r: Report, split?: ResidenceSplit, zero?: Figures): TableLine[] {
  const out: TableLine[] = [];
  for (const row of r.rows) out.push({ region: row.region, name: row.region.name, figures: row.figures, total: false });
  out.push({ region: r.region, name: '合计', figures: r.total, total: true });
  if (split && zero) out.push(...splitLines({ region: r.region, total: true }, (s) => s.total, split, zero));
  return out;
}
