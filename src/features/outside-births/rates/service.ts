/**
 * The three 出生信息 rates per township (issue 16 §3), from the report engine's sources, so this page, the report
 * keys and the 考核 board give one number each:
 *   准确率 = outside_births_matched / outside_births_found (matched ÷ (matched + differs))
 *   及时率 = births_timely / births (register births entered within BIRTH_RECORD_DAYS of the birth)
 *   完整率 = outside_births_found / outside_births_listed (listed births found on the register)
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { emptyCounts, rate, type CountKey, type Rate } from '../../../domain/indicators.ts';
import { allSources, countSource, villageRows, type RowMapping } from '../../reports/service.ts';
import * as q from './queries.ts';

const SOURCES = ['outside_births', 'birth_timeliness', 'births'];
const KEYS: CountKey[] = ['outside_births_listed', 'outside_births_found', 'outside_births_matched', 'births_timely', 'births'];

export interface RatesRow {
  code: string;
  name: string;
  counts: Record<(typeof KEYS)[number], number>;
  accuracy: Rate;
  timeliness: Rate;
  completeness: Rate;
}

function rowOf(code: string, name: string, c: Partial<Record<CountKey, number>>): RatesRow {
  const counts = Object.fromEntries(KEYS.map((k) => [k, c[k] ?? 0])) as RatesRow['counts'];
  return {
    code,
    name,
    counts,
    accuracy: rate(counts.outside_births_matched, counts.outside_births_found, '%'),
    timeliness: rate(counts.births_timely, counts.births, '%'),
    completeness: rate(counts.outside_births_found, counts.outside_births_listed, '%'),
  };
}

/** Per township in scope (and the total), over a date range. */
export async function birthInfoRates(db: Knex, actor: Actor, range: { from: string; to: string }): Promise<{ rows: RatesRow[]; total: RatesRow; unplaced: number }> {
  const townships = await q.townshipsInScope(db, actor.scope);
  const byRow = new Map<number, Partial<Record<CountKey, number>>>();
  const mapping: RowMapping = { prefix: actor.scope.code, rowLevel: 'township' };
  const villages = await villageRows(db, mapping);
  for (const src of allSources(range).filter((s) => SOURCES.includes(s.name))) {
    for (const r of await countSource(db, src, mapping, villages)) {
      const { row_id, ...figures } = r;
      byRow.set(row_id!, { ...(byRow.get(row_id!) ?? {}), ...figures });
    }
  }
  const rows = townships.map((t) => rowOf(t.code, t.name, byRow.get(t.id) ?? {}));
  const sum = emptyCounts();
  for (const r of rows) for (const k of KEYS) sum[k] += r.counts[k];
  return { rows, total: rowOf(actor.scope.code, '合计', sum), unplaced: await q.unplacedCount(db, actor.scope, range.from, range.to) };
}
