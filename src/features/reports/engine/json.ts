/**
 * A report as JSON (DESIGN §6 shape, GLOSSARY keys): the `format=json` export and the snapshot month close
 * stores at submission (and the demo seed stores for its replayed months).
 */
import { COUNT_KEYS, RATE_KEYS, type Figures, type Rate } from '../../../domain/indicators.ts';
import type { Report } from './service.ts';

export interface ReportJson {
  region: { code: string; name: string; level: string };
  period: { from: string; to: string };
  rows: { region: { code: string; name: string }; figures: Record<string, number | Rate> }[];
  total: { figures: Record<string, number | Rate> };
}

function figuresJson(f: Figures): Record<string, number | Rate> {
  const out: Record<string, number | Rate> = {};
  for (const k of COUNT_KEYS) out[k] = f[k];
  for (const k of RATE_KEYS) out[k] = { ...f[k] };
  return out;
}

export function reportJson(r: Report): ReportJson {
  return {
    region: { code: r.region.code, name: r.region.name, level: r.region.level },
    period: { from: r.period.from, to: r.period.to },
    rows: r.rows.map((row) => ({ region: { code: row.region.code, name: row.region.name }, figures: figuresJson(row.figures) })),
    total: { figures: figuresJson(r.total) },
  };
}
