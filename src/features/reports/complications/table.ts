/**
 * The complications table as pure arithmetic: procedures grouped by (row, kind, complication, serious) are added
 * up per procedure kind (table 1) and per row region (table 2), each with a 合计 whose rate is recomputed from
 * the summed counts. A serious complication counts only with a complication recorded (the form refuses the
 * other case; an old row with "serious" and "none" is a procedure without one).
 */
import { COMPLICATION, PROCEDURE_KIND } from '../../../domain/codes.ts';
import { rate, type Rate } from '../../../domain/indicators.ts';

/** Complication kinds that are one (every code but 'none'), in GLOSSARY order: the table's columns. */
export const COMPLICATION_KINDS = Object.keys(COMPLICATION).filter((k) => k !== 'none');
export const PROCEDURE_KINDS = Object.keys(PROCEDURE_KIND);

/** 并发症发生率 is per thousand procedures. */
export const RATE_UNIT = '‰' as const;

/** A group of procedures with the same row region, kind, complication and severity. */
export interface ComplicationCell {
  row_id: number;
  kind: string;
  complication: string;
  serious: boolean;
  n: number;
}

export interface ComplicationFigures {
  procedures: number;
  complicated: number;
  serious: number;
  /** Procedures per complication kind (every kind of COMPLICATION_KINDS, 0 when none). */
  byComplication: Record<string, number>;
  rate: Rate;
}

function empty(): Omit<ComplicationFigures, 'rate'> {
  return { procedures: 0, complicated: 0, serious: 0, byComplication: Object.fromEntries(COMPLICATION_KINDS.map((k) => [k, 0])) };
}

function add(into: Omit<ComplicationFigures, 'rate'>, c: Pick<ComplicationCell, 'complication' | 'serious' | 'n'>) {
  into.procedures += c.n;
  if (c.complication === 'none') return;
  into.complicated += c.n;
  into.byComplication[c.complication] = (into.byComplication[c.complication] ?? 0) + c.n;
  if (c.serious) into.serious += c.n;
}

function withRate(f: Omit<ComplicationFigures, 'rate'>): ComplicationFigures {
  return { ...f, rate: rate(f.complicated, f.procedures, RATE_UNIT) };
}

/** Figures of a set of cells. */
export function tally(cells: readonly Pick<ComplicationCell, 'complication' | 'serious' | 'n'>[]): ComplicationFigures {
  const f = empty();
  for (const c of cells) add(f, c);
  return withRate(f);
}

/** The sum of rows' figures, the rate recomputed from the summed counts (never an average of rates). */
export function sumFigures(rows: readonly ComplicationFigures[]): ComplicationFigures {
  const f = empty();
  for (const r of rows) {
    f.procedures += r.procedures;
    f.complicated += r.complicated;
    f.serious += r.serious;
    for (const k of COMPLICATION_KINDS) f.byComplication[k] += r.byComplication[k] ?? 0;
  }
  return withRate(f);
}

export interface TableRegion {
  id: number;
  code: string;
  name: string;
  active: boolean;
}

export interface ComplicationTables {
  /** Table 1: one row per procedure kind, in PROCEDURE_KIND order. */
  byKind: { kind: string; figures: ComplicationFigures }[];
  /** Table 2: one row per row region (an inactive one only while it has procedures in the period). */
  byRegion: { region: TableRegion; figures: ComplicationFigures }[];
  /** 合计 of table 1 (the sum of its rows). */
  total: ComplicationFigures;
  /** 合计 of table 2 (the sum of its rows: the same procedures, counted by where they happened). */
  regionTotal: ComplicationFigures;
}

export function complicationTables(cells: readonly ComplicationCell[], regions: readonly TableRegion[]): ComplicationTables {
  const byKind = PROCEDURE_KINDS.map((kind) => ({ kind, figures: tally(cells.filter((c) => c.kind === kind)) }));
  const byRegion = regions.map((region) => ({ region, figures: tally(cells.filter((c) => c.row_id === region.id)) })).filter((r) => r.region.active || r.figures.procedures > 0);
  return { byKind, byRegion, total: sumFigures(byKind.map((r) => r.figures)), regionTotal: sumFigures(byRegion.map((r) => r.figures)) };
}
