/**
 * 孕前优生 and 三查 in the demo county (issue 15 §2), written after the people and before the month close (so the
 * closed months' snapshots hold these figures as the live report does):
 *   - pregnancy plans: about 4 in 100 married women of 22–40 married over a year ago and not sterilised, dated in the
 *     last 18 months; a plan ends when a pregnancy is found after it, or is dropped after about 10 months by some;
 *   - preconception checks of each couple that married in the five years or registered a plan: about 85 in 100 both
 *     spouses checked, 7 in 100 only her, around the marriage or plan date (from a month before to six weeks after,
 *     never after yesterday); about 10 in 100 checks find a risk, half of those referred;
 *   - 三查: the current quarter's round includes 查病 in two townships of three, and most women checked in it have
 *     a 查病 result (about 8 in 100 abnormal).
 * Deterministic: every choice is an integer hash of a row's id and the seed (no clock, no random state).
 */
import type { Knex } from 'knex';
import { isoOf } from './days.ts';
import type { GenContext } from './life.ts';

/** An integer 0–99 from an SQL integer expression, a salt and the seed. */
const pick = (idSql: string, salt: number, seed: number) => `((((${idSql})::bigint * 2654435761 + ${salt * 40503 + (seed % 100000)}) % 1000003) % 100)::int`;

const RISKS = ['高龄（35岁及以上）', '慢性高血压', '乙肝表面抗原阳性', '风疹病毒 IgG 阴性（易感）', '不良孕产史', '甲状腺功能异常'];

export async function seedPreconception(trx: Knex, ctx: GenContext): Promise<{ plans: number; checks: number }> {
  const today = isoOf(ctx.today);
  const yesterday = isoOf(ctx.today - 1);
  const seed = ctx.seed;
  const entered = (day: string) => `least(greatest(w.created_at, ((${day})::timestamp + interval '10 hours') at time zone 'Asia/Shanghai'), '${today}T00:00:00+08:00'::timestamptz)`;

  const plans = await trx.raw<{ rowCount: number | null }>(
    `insert into pregnancy_plans (woman_id, planned_on, ended_on, note, created_at, updated_at)
     select x.id, x.planned_on,
            coalesce((select min(p.found_on) from pregnancies p where p.woman_id = x.id and p.found_on >= x.planned_on and p.found_on <= ?::date),
                     case when x.planned_on + 300 <= ?::date and ${pick('x.id', 3, seed)} < 50 then x.planned_on + 300 end),
            null, ${entered('x.planned_on')}, ${entered('x.planned_on')}
       from (select w.id, w.created_at, (?::date - (${pick('w.id', 2, seed)} * 5 + 20))::date as planned_on
               from women w
               join lateral (select m.kind, m.effective_on from marital_events m where m.woman_id = w.id and m.effective_on <= ?::date
                              order by m.effective_on desc, m.id desc limit 1) ms on ms.kind in ('first_marriage', 'remarriage')
              where w.status = 'active' and ms.effective_on < (?::date - interval '1 year')::date
                and w.birth_date <= (?::date - interval '22 years')::date and w.birth_date > (?::date - interval '41 years')::date
                and ${pick('w.id', 1, seed)} < 4
                and not exists (select 1 from contraception_episodes e where e.woman_id = w.id and e.ended_on is null
                                 and e.method in ('male_sterilization', 'female_sterilization'))) x
           join women w on w.id = x.id
      where x.planned_on >= w.registered_on`,
    [yesterday, yesterday, yesterday, yesterday, yesterday, yesterday, yesterday],
  );

  // The couples: each marriage in the five years, and each plan; one "couple key" per row for the hashes.
  const checks = await trx.raw<{ rowCount: number | null }>(
    `with couples as (
       select m.woman_id, m.effective_on as start_on, m.id * 2 as k from marital_events m
        where m.kind in ('first_marriage', 'remarriage') and m.effective_on >= ?::date and not m.undated
       union all
       select p.woman_id, p.planned_on, p.id * 2 + 1 from pregnancy_plans p),
     chosen as (
       select c.*, ${pick('c.k', 4, seed)} as g from couples c),
     rows as (
       select c.woman_id, 'woman' as whose, (c.start_on - 30 + ${pick('c.k', 5, seed)} % 75)::date as checked_on, c.k * 2 as rk from chosen c where c.g < 92
       union all
       select c.woman_id, 'spouse', (c.start_on - 30 + ${pick('c.k', 6, seed)} % 75)::date, c.k * 2 + 1 from chosen c where c.g < 85)
     insert into preconception_checks (woman_id, region_id, whose, checked_on, result, risk_note, referred, referred_to, created_at, updated_at)
     select r.woman_id, w.region_id, r.whose, r.checked_on,
            case when ${pick('r.rk', 7, seed)} < 10 then 'risk' else 'general' end,
            case when ${pick('r.rk', 7, seed)} < 10 then (array[${RISKS.map((s) => `'${s}'`).join(', ')}])[1 + ${pick('r.rk', 8, seed)} % ${RISKS.length}] end,
            ${pick('r.rk', 7, seed)} < 5,
            case when ${pick('r.rk', 7, seed)} < 5 then '县妇幼保健计划生育服务中心' end,
            ${entered('r.checked_on')}, ${entered('r.checked_on')}
       from rows r join women w on w.id = r.woman_id
      where r.checked_on <= ?::date and r.checked_on <= coalesce(w.exit_date, ?::date) and r.checked_on >= w.registered_on
        and r.checked_on >= (w.birth_date + interval '15 years')::date`,
    [isoOf(ctx.windowStart), yesterday, yesterday],
  );

  return { plans: plans.rowCount ?? 0, checks: checks.rowCount ?? 0 };
}
