/**
 * 免费药具发放 and 群众满意 in the demo county (issue 15 §2), written after the people and before the month close
 * (so each month's snapshot holds them, as the live report does):
 *  - free supplies for the short-acting users of the last 12 months: about 85% of those women receive them,
 *    every two to four months while they use the method, mostly from the village (村级发放);
 *  - the woman's satisfaction on about 60% of the done follow-ups, mostly 满意.
 * Deterministic: the supplies from the run's seed, the satisfaction from a hash of the follow-up's id and the seed.
 */
import type { Knex } from 'knex';
import { SHORT_ACTING_METHODS, type SupplyChannel, type SupplyItem } from '../../src/domain/codes.ts';
import { isoOf, stampOf, type Day, type Instant } from './days.ts';
import { Random } from './random.ts';

const CHANNELS: readonly (readonly [SupplyChannel, number])[] = [
  ['village', 70],
  ['service_room', 15],
  ['self_service_box', 10],
  ['mobile_van', 5],
];

const DISSATISFIED_NOTES = ['等候时间长', '服务人员态度一般', '药具品种少', '上门时间不方便'];

interface UserSpan {
  woman_id: number;
  method: string;
  from_day: string;
  to_day: string;
  created_at: Date;
}

function itemFor(method: string, r: Random): { item: SupplyItem; quantity: number } {
  if (method === 'condom') return { item: 'condom', quantity: r.int(3, 10) * 10 };
  if (method === 'topical') return { item: 'topical', quantity: r.int(1, 4) };
  return r.chance(0.75) ? { item: 'pill', quantity: r.int(1, 3) } : { item: 'injection', quantity: 1 };
}

/** Returns how many supplies and satisfaction answers were written. */
export async function seedSuppliesAndSatisfaction(trx: Knex, seed: number, today: Day, cap: Instant): Promise<{ supplies: number; answers: number }> {
  const start = isoOf(today - 365);
  const last = isoOf(today - 1);
  const methods = SHORT_ACTING_METHODS.map((m) => `'${m}'`).join(', ');
  // Each short-acting episode's days inside the last 12 months while she was on the register.
  const { rows } = await trx.raw<{ rows: UserSpan[] }>(
    `select e.woman_id, e.method,
            greatest(e.started_on, w.registered_on, ?::date)::text as from_day,
            least(coalesce(e.ended_on - 1, ?::date), coalesce(w.exit_date - 1, ?::date), ?::date)::text as to_day,
            w.created_at
       from contraception_episodes e join women w on w.id = e.woman_id
      where e.method in (${methods}) and (e.ended_on is null or e.ended_on > ?::date) and e.started_on <= ?::date
      order by e.id`,
    [start, last, last, last, start, last],
  );
  const r = new Random(seed ^ 0x5eed5);
  const capStamp = new Date(stampOf(cap));
  const out: Record<string, unknown>[] = [];
  const MS = 86_400_000;
  for (const u of rows) {
    if (u.from_day > u.to_day || !r.chance(0.85)) continue;
    const from = Date.parse(u.from_day) / MS;
    const to = Date.parse(u.to_day) / MS;
    for (let d = from + r.int(0, 45); d <= to; d += r.int(60, 120)) {
      const supplied = isoOf(d);
      const entered = new Date(Math.min(Math.max(new Date(`${supplied}T15:00:00+08:00`).getTime(), u.created_at.getTime()), capStamp.getTime() - 60_000));
      out.push({
        woman_id: u.woman_id,
        region_id: null,
        supplied_on: supplied,
        ...itemFor(u.method, r),
        channel: r.weighted(CHANNELS),
        note: null,
        created_at: entered,
        updated_at: entered,
      });
    }
  }
  // Her village on the day (before a later transfer, the village she moved from).
  for (let i = 0; i < out.length; i += 2000) {
    await trx.raw(
      `insert into free_supplies (woman_id, region_id, supplied_on, item, quantity, channel, note, created_at, updated_at)
       select x.woman_id, coalesce((select t.from_region_id from transfers t where t.woman_id = x.woman_id and t.status = 'accepted' and t.moved_on > x.supplied_on
                                     order by t.moved_on, t.id limit 1), w.region_id),
              x.supplied_on, x.item, x.quantity, x.channel, x.note, x.created_at, x.updated_at
         from jsonb_to_recordset(?::jsonb) as x(woman_id int, supplied_on date, item text, quantity int, channel text, note text, created_at timestamptz, updated_at timestamptz)
         join women w on w.id = x.woman_id
        order by x.supplied_on, x.woman_id`,
      [JSON.stringify(out.slice(i, i + 2000))],
    );
  }

  // Satisfaction on ~60% of done follow-ups: 满意 80%, 基本满意 15%, 不满意 5% (updated_at kept as generated).
  const u = `(('x' || substr(md5(f.id::text || ':' || ${Number(seed)}), 1, 8))::bit(32)::bigint / 4294967296.0)`;
  const v = `(('x' || substr(md5(f.id::text || ':v:' || ${Number(seed)}), 1, 8))::bit(32)::bigint / 4294967296.0)`;
  const notes = DISSATISFIED_NOTES.map((n) => `'${n}'`).join(', ');
  const update = async (db: Knex) => {
    const res = await db.raw<{ rowCount: number }>(
      `update follow_ups f
          set satisfaction = case when ${v} < 0.80 then 'satisfied' when ${v} < 0.95 then 'basic' else 'dissatisfied' end,
              satisfaction_note = case when ${v} >= 0.95 then (array[${notes}])[1 + (f.id % ${DISSATISFIED_NOTES.length})] end
        where f.done_on is not null and ${u} < 0.60`,
    );
    return res.rowCount;
  };
  let answers = 0;
  try {
    await (trx as Knex.Transaction).transaction(async (sp) => {
      await sp.raw('alter table follow_ups disable trigger follow_ups_updated_at');
      answers = await update(sp);
      await sp.raw('alter table follow_ups enable trigger follow_ups_updated_at');
    });
  } catch (err) {
    if ((err as { code?: string }).code !== '42501') throw err; // not the table's owner: the stamps move, the data is the same
    answers = await update(trx);
  }
  return { supplies: out.length, answers };
}
