/**
 * 城镇/农村 by 户口性质 for the official tables (国统制[2008]78号 填报说明, peer-systems §3.6). Each figure says which
 * tie-break it follows; the hukou is the one in force on the record's date (hukou_events: the initial row applies
 * from the beginning, each change from its date), so a woman who became 非农 this year still counts as rural in
 * last year's table.
 *
 * - a birth is urban if either spouse is non-agricultural on the birth date;
 * - a 光荣证 (and its holders) is rural if either spouse is agricultural;
 * - a woman (the stock, a procedure) is urban by her own hukou.
 * 非农业 and 居民 (the unified urban-rural registration) count as urban; a spouse without a recorded hukou leaves
 * the decision to the woman's.
 */
import type { CountKey } from '../../../domain/indicators.ts';
import type { ResidenceRule, Source } from './sources.ts';

export type Residence = 'urban' | 'rural';

export const RESIDENCE_LABEL: Record<Residence, string> = { urban: '城镇', rural: '农村' };

/** Non-agricultural on a date (SQL boolean, null when nothing is recorded for that person). */
function nonAgriculturalOn(whose: 'woman' | 'spouse', womanIdSql: string, dateSql: string): string {
  return `(select h.hukou_kind <> 'agricultural' from hukou_events h
            where h.woman_id = ${womanIdSql} and h.whose = '${whose}' and (h.effective_on is null or h.effective_on <= ${dateSql})
            order by h.effective_on desc nulls last, h.id desc limit 1)`;
}

function ruleSql(rule: ResidenceRule): string {
  const own = `coalesce(${nonAgriculturalOn('woman', 's0.woman_id', 's0.event_date')}, false)`;
  const spouse = nonAgriculturalOn('spouse', 's0.woman_id', 's0.event_date');
  if (rule === 'own') return own;
  if (rule === 'either_non_agricultural') return `(${own} or coalesce(${spouse}, false))`;
  return `(${own} and coalesce(${spouse}, ${own}))`;
}

const COLUMN: Record<ResidenceRule, string> = { own: 'urban_own', either_non_agricultural: 'urban_either', both_non_agricultural: 'urban_both' };

/**
 * The source restricted to urban or rural records: each flag also requires the record's residence under the
 * figure's rule. Figures without a rule (entered aggregates, follow-ups) are left out, so they are not split.
 */
export function withResidence(src: Source, residence: Residence): Source | undefined {
  const rules = src.residence;
  if (!rules) return undefined;
  const flags: Partial<Record<CountKey, string>> = {};
  const used = new Set<ResidenceRule>();
  for (const [key, flag] of Object.entries(src.flags) as [CountKey, string][]) {
    const rule = (typeof rules === 'string' ? rules : rules[key]) ?? undefined;
    if (!rule) continue;
    used.add(rule);
    const condition = residence === 'urban' ? `s.${COLUMN[rule]}` : `not s.${COLUMN[rule]}`;
    flags[key] = flag === 'true' ? condition : `(${flag}) and ${condition}`;
  }
  if (used.size === 0) return undefined;
  const columns = [...used].map((r) => `${ruleSql(r)} as ${COLUMN[r]}`).join(', ');
  return {
    ...src,
    sql: `select s0.*, ${columns} from (${src.sql}) s0`,
    flags,
    groupBy: src.groupBy ? [...src.groupBy, ...[...used].map((r) => COLUMN[r])] : undefined,
  };
}
