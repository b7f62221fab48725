/**
 * 流动人口协查 and verifications in the demo county (issue 16 §2), written after the people and before the month close
 * (so each month's snapshot holds 反馈率 as the live report does):
 *  - about half of the floating women have one 协查 from their township to a village of another township, sent in
 *    the last 120 days, due 15 days later: of those already due, ~65% answered on time, ~15% late, ~20% still open
 *    (overdue); of those not yet due, ~40% answered, the rest waiting;
 *  - about 60% of the floating women have a verification in the last 8 months (the rest are due on the list).
 * Women without a valid 婚育证明 come from the people generator (~20% of the outflow women never got one; older ones
 * expired after three years). Deterministic: one Random from the run's seed over the women in id order.
 */
import type { Knex } from 'knex';
import { at, dayOf, isoOf, stampOf, type Day, type Instant } from './days.ts';
import { Random } from './random.ts';

const KINDS = ['arrival_notice', 'pregnancy', 'birth', 'contraception', 'verify_request'] as const;
const ANSWERS = ['已核实，情况属实', '经入户核实，已落实避孕措施', '本人已返回户籍地', '电话联系本人，情况属实'];

interface FloatingWoman {
  id: number;
  name: string;
  id_number: string;
  region_id: number;
  township_id: number;
  since: string;
}

/** A uuid-shaped id from the run's random numbers (the demo must not depend on the system's randomness). */
function uuidFrom(r: Random): string {
  const hex = Array.from({ length: 32 }, () => r.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export async function seedFloating(trx: Knex, seed: number, today: Day, cap: Instant): Promise<{ queries: number; verifications: number }> {
  const r = new Random(seed ^ 0x16f16);
  const county = await trx('regions').where({ level: 'county' }).first('code');
  const women = (await trx('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where('w.status', 'active')
    .whereIn('w.migrant_status', ['outflow', 'inflow'])
    .whereNotNull('w.migrant_since')
    .orderBy('w.id')
    .select('w.id', 'w.name', 'w.id_number', 'w.region_id', 'v.parent_id as township_id', 'w.migrant_since as since')) as FloatingWoman[];
  const villages = (await trx('regions').where({ level: 'village', active: true }).orderBy('code').select('id', 'parent_id')) as { id: number; parent_id: number }[];
  const queries: Record<string, unknown>[] = [];
  const verifications: Record<string, unknown>[] = [];
  const stamp = (day: Day) => new Date(stampOf(Math.min(at(day, 10), cap)));
  for (const w of women) {
    const since = dayOf(w.since);
    if (r.chance(0.5)) {
      const others = villages.filter((v) => v.parent_id !== w.township_id);
      const sent = Math.max(today - r.int(1, 120), since);
      if (others.length && sent < today) {
        const due = sent + 15;
        let answered: Day | null = null;
        if (due < today) {
          const p = r.next();
          if (p < 0.65) answered = sent + r.int(1, 15);
          else if (p < 0.8) answered = Math.min(due + r.int(1, 20), today - 1);
        } else if (r.chance(0.4)) answered = Math.min(sent + r.int(1, 10), today - 1);
        if (answered !== null && answered <= sent) answered = null;
        const kind = r.pick(KINDS);
        queries.push({
          ref: `${county?.code ?? '000000'}-${uuidFrom(r)}`,
          from_township_id: w.township_id,
          to_region_id: r.pick(others).id,
          woman_id: w.id,
          woman_name: w.name,
          woman_id_number: w.id_number,
          kind,
          body: kind === 'verify_request' ? '请核实该妇女的现居住地及避孕节育情况' : '通报该妇女的婚育信息，请核实后反馈',
          sent_on: isoOf(sent),
          due_on: isoOf(due),
          answered_on: answered === null ? null : isoOf(answered),
          answer: answered === null ? null : r.pick(ANSWERS),
          result_code: answered === null ? null : 'confirmed',
          created_at: stamp(sent),
          updated_at: stamp(answered ?? sent),
        });
      }
    }
    if (r.chance(0.6)) {
      const on = today - r.int(1, 240);
      if (on > since)
        verifications.push({ woman_id: w.id, region_id: w.region_id, verified_on: isoOf(on), result: r.chance(0.9) ? 'in_place' : 'returned', created_at: stamp(on), updated_at: stamp(on) });
    }
  }
  for (let i = 0; i < queries.length; i += 1000) await trx('floating_queries').insert(queries.slice(i, i + 1000));
  for (let i = 0; i < verifications.length; i += 1000) await trx('floating_verifications').insert(verifications.slice(i, i + 1000));
  return { queries: queries.length, verifications: verifications.length };
}
