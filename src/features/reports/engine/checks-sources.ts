/**
 * The sources of the check figures (issue 15 §2): 孕前优生健康检查 target couples and their checks, and the
 * double-check rounds (双查 / 三查). Same contract as sources.ts: one SQL select of rows with woman_id, village_id,
 * event_date, record_id, what and boolean flags.
 */
import { TERMINAL_METHODS } from '../../../domain/codes.ts';
import { CHECK_LEAD_MONTHS, NEWLY_MARRIED_MONTHS, TARGET_MAX_AGE, TARGET_MIN_AGE } from '../../../domain/preconception.ts';
import type { CountKey } from '../../../domain/indicators.ts';
import { isCalendarMonth, monthEnd, monthOf, monthStart } from '../../../domain/dates.ts';
import { datePlaceholder, sqlList, villageOn, type Range, type Source, type SourceName } from './source-types.ts';
import { SPECIAL_FAMILY_CARE_FLAGS } from './special-families-sources.ts';

interface PreconceptionSqlOptions {
  /** The period's last day: returns SQL (a placeholder whose value it records, or a column). */
  at: () => string;
  /** The period's first day (plans open during the period). */
  from: () => string;
  /** The from-item naming the women (alias w); a function, so its placeholders are recorded in their place. */
  women: () => string;
}

/**
 * 孕前优生目标人群 (the rule of src/domain/preconception.ts, in SQL): one row per couple that is a target in the
 * period, dated at its end, in the village she lived in on that day. Each woman is kept when her latest marital event
 * by the end is a marriage, she is 20–49 on the end date, on the register then, and not sterilised. start_on is the
 * target start (the marriage when it is within the 12 months, the earliest open plan, the earlier of both; a woman
 * with neither is no target); checked = both spouses have a check dated from 6 months before start_on to the end.
 * One text for the report's form and the figure store's (stock/queries.ts), like the stock (stock-source.ts).
 */
function preconceptionSelect(o: PreconceptionSqlOptions): string {
  const { at } = o;
  const check = (whose: string) =>
    `exists (select 1 from preconception_checks pc where pc.woman_id = x.woman_id and pc.whose = '${whose}'
              and pc.checked_on >= (x.start_on - interval '${CHECK_LEAD_MONTHS} months')::date and pc.checked_on <= x.event_date)`;
  // Each template is evaluated left to right, so the placeholders are recorded in the order they appear.
  return `select x.*, (${check('woman')} and ${check('spouse')}) as checked
            from (select w.id as woman_id, ${villageOn(at())} as village_id, ${at()} as event_date, w.id as record_id,
                         ms.kind as what, ms.effective_on as married_on, pl.planned_on,
                         least(case when ms.effective_on > (${at()} - interval '${NEWLY_MARRIED_MONTHS} months')::date then ms.effective_on end, pl.planned_on) as start_on
                    from ${o.women()}
                    join lateral (select m.kind, m.effective_on from marital_events m where m.woman_id = w.id and m.effective_on <= ${at()}
                                   order by m.effective_on desc, m.id desc limit 1) ms on ms.kind in ('first_marriage', 'remarriage')
                    left join lateral (select min(p.planned_on) as planned_on from pregnancy_plans p
                                        where p.woman_id = w.id and p.planned_on <= ${at()} and (p.ended_on is null or p.ended_on >= ${o.from()})) pl on true
                   where w.registered_on <= ${at()} and (w.exit_date is null or w.exit_date > ${at()})
                     and w.birth_date <= (${at()} - interval '${TARGET_MIN_AGE} years')::date
                     and w.birth_date > (${at()} - interval '${TARGET_MAX_AGE + 1} years')::date
                     and not exists (select 1 from contraception_episodes e where e.woman_id = w.id and e.method in (${sqlList(TERMINAL_METHODS)})
                                      and e.started_on <= ${at()} and (e.ended_on is null or e.ended_on > ${at()}))) x
           where x.start_on is not null`;
}

const PRECONCEPTION_FLAGS = { preconception_targets: 'true', preconception_checked: 's.checked' } as const;

/**
 * The report's form: the candidates are the women with a marriage in the 12 months before the end or a pregnancy
 * plan open in the period (every target is one: a marriage start_on is within the 12 months, a plan one is open).
 */
export function preconceptionSource(r: Range): Source {
  const bindings: string[] = [];
  const at = datePlaceholder(bindings, r.to);
  const from = datePlaceholder(bindings, r.from);
  const women = () => `(select m.woman_id from marital_events m
                         where m.kind in ('first_marriage', 'remarriage')
                           and m.effective_on > (${at()} - interval '${NEWLY_MARRIED_MONTHS} months')::date and m.effective_on <= ${at()}
                        union
                        select p.woman_id from pregnancy_plans p where p.planned_on <= ${at()} and (p.ended_on is null or p.ended_on >= ${from()})) c
                    join women w on w.id = c.woman_id`;
  const sql = preconceptionSelect({ at, from, women });
  return { name: 'preconception', sql, bindings, flags: { ...PRECONCEPTION_FLAGS } };
}

/**
 * The figure store's form: the women of `women` (a from-item naming alias w and the month-end column sd.d), each
 * on her month ends, for the month ending on it. The store keeps a month's targets only (MONTH_STOCK_KEYS): a
 * longer period counts the plans open at any time in it, which no month end holds.
 */
export function preconceptionAtMonthEndsSql(women: () => string): { sql: string; flags: Partial<Record<CountKey, string>> } {
  const sql = preconceptionSelect({ at: () => 'sd.d', from: () => `date_trunc('month', sd.d::timestamp)::date`, women });
  return { sql, flags: { ...PRECONCEPTION_FLAGS } };
}

/**
 * The stored figures that hold for a calendar month (the report of any other period computes them live, but for the
 * 孕前 targets of a period ending on a month end: storedMonthFigures): the 孕前 targets, 特扶 落实率 (files open at the
 * month's end, schedule met in the month) and the short-acting users supplied in the month (free_supply_users, a
 * figure of the stock source, whose other figures the store keeps for any day).
 */
export const MONTH_STOCK_KEYS: readonly CountKey[] = [...Object.keys(PRECONCEPTION_FLAGS), ...Object.keys(SPECIAL_FAMILY_CARE_FLAGS), 'free_supply_users'] as CountKey[];

/** The sources whose calendar month is read from the stored month ends (MONTH_STOCK_KEYS). */
export const MONTH_STOCK_SOURCES: readonly SourceName[] = ['preconception', 'special_family_care'];

/**
 * The month-end figures a report of the period reads from the store, and the sources they replace: a calendar
 * month's, all of them; a period ending on a month end, the 孕前 targets (the stored month ending there, plus
 * preconceptionBeyondMonthSource); any other period, none.
 */
export function storedMonthFigures(r: Range): { keys: CountKey[]; sources: SourceName[] } {
  if (isCalendarMonth(r)) return { keys: [...MONTH_STOCK_KEYS], sources: [...MONTH_STOCK_SOURCES] };
  if (r.to === monthEnd(monthOf(r.to))) return { keys: Object.keys(PRECONCEPTION_FLAGS) as CountKey[], sources: ['preconception'] };
  return { keys: [], sources: [] };
}

/**
 * The 孕前 targets of a period ending on a month end, less those of that calendar month (stored): a couple's row
 * depends on the period's start only through the plans open in it, so the two differ only for the women with a plan
 * ended between the two starts (a year's: the plans ended before its last month). Their rows with the period's start
 * count +1, with the month's −1 (Source.signed). Undefined for a calendar month (nothing to add) or a period ending
 * on another day (computed live).
 */
export function preconceptionBeyondMonthSource(r: Range): Source | undefined {
  const monthFrom = monthStart(monthOf(r.to));
  if (r.to !== monthEnd(monthOf(r.to)) || r.from === monthFrom) return undefined;
  const [lo, hi] = r.from < monthFrom ? [r.from, monthFrom] : [monthFrom, r.from];
  const bindings: string[] = [];
  const at = datePlaceholder(bindings, r.to);
  const side = (sign: number, from: string) => {
    // (A plan ended before `hi` was planned before the period's end.)
    const women = () => `(select distinct p.woman_id from pregnancy_plans p
                           where p.ended_on >= ${datePlaceholder(bindings, lo)()} and p.ended_on < ${datePlaceholder(bindings, hi)()}) c
                         join women w on w.id = c.woman_id`;
    return `select ${sign} as sign, y.* from (${preconceptionSelect({ at, from: datePlaceholder(bindings, from), women })}) y`;
  };
  const sql = `${side(1, r.from)} union all ${side(-1, monthFrom)}`;
  return { name: 'preconception', sql, bindings, flags: { ...PRECONCEPTION_FLAGS }, signed: true };
}

/** 孕前优生健康检查 dated in the period (each spouse's check one row), in the village recorded on the check. */
export function preconceptionChecksSource(r: Range): Source {
  return {
    name: 'preconception_checks',
    sql: `select pc.woman_id, pc.region_id as village_id, pc.checked_on as event_date, pc.id as record_id, pc.result as what,
                 pc.whose, pc.referred, pc.referred_to, pc.risk_note
            from preconception_checks pc where pc.checked_on between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: { preconception_risk: `s.what = 'risk'`, preconception_referred: `s.what = 'risk' and s.referred` },
  };
}

/**
 * 双查到位率 / 三查率: one row per woman due in a round (excused women are not due: checkRate), dated at the
 * round's last day (its quarter's end), so a round counts in the period its quarter ends in and the months add up
 * to the quarter and the year; in the village she lived in on that day. Done: her result is recorded; 三查 done:
 * a round that includes 查病 and her 查环, 查孕 and 查病 results are all recorded.
 */
export function checkRoundsSource(r: Range): Source {
  return {
    name: 'check_rounds',
    sql: `select cr.woman_id, ${villageOn('rd.closes_on')} as village_id, rd.closes_on as event_date, cr.id as record_id, cr.status as what,
                 rd.year, rd.quarter, rd.includes_gyn_exam, cr.checked_on, cr.gyn_result,
                 (cr.status = 'done') as done,
                 (cr.status = 'done' and cr.iud_result is not null and cr.pregnancy_result is not null and cr.gyn_result is not null) as all_three
            from check_results cr
            join check_rounds rd on rd.id = cr.round_id
            join women w on w.id = cr.woman_id
           where cr.status in ('due', 'done') and rd.closes_on between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: {
      double_check_due: 'true',
      double_check_done: 's.done',
      triple_check_due: 's.includes_gyn_exam',
      triple_check_done: 's.includes_gyn_exam and s.all_three',
    },
  };
}
