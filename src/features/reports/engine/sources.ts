/**
 * The record sets behind the report figures. Each source is one SQL select of rows (one per record: a birth,
 * a procedure, a woman at the end of the period …) with the village it counts in and boolean flags; a figure
 * is "rows of a source where a flag holds". The same SQL feeds the counts (grouped by row region) and the
 * drill-down (the people behind a number), so a list always has exactly as many rows as the number says.
 *
 * Every source yields: woman_id, village_id, event_date, record_id, what (+ its own columns).
 * Events count in the village where they happened (region_id of the record). Women-level events (marriage,
 * migration) and the stock count where the woman lived on that date: the from_region_id of her first accepted
 * transfer after the date, else her current village.
 */
import { PROCEDURE_KIND, LONG_ACTING_METHODS, POSITIVE_SATISFACTION } from '../../../domain/codes.ts';
import { eligibilityReviews, recordQuality } from './quality-sources.ts';
import { checkRoundsSource, preconceptionChecksSource, preconceptionSource } from './checks-sources.ts';
import { specialFamiliesSource, specialFamilyCareSource } from './special-families-sources.ts';
import { floatingQueriesSource } from './floating-sources.ts';
import { birthTimelinessSource, outsideBirthsSource } from './outside-births-sources.ts';
import { stock } from './stock-source.ts';
import { enteredIn, enteredOn, sqlList, villageOn, withinRegion, type Range, type Source, type SourceName } from './source-types.ts';
import type { CountKey } from '../../../domain/indicators.ts';

export type { Range, ResidenceRule, Source, SourceName } from './source-types.ts';

const PROCEDURES = sqlList(Object.keys(PROCEDURE_KIND));

function births(r: Range): Source {
  return {
    name: 'births',
    sql: `select c.woman_id, c.region_id as village_id, c.birth_date as event_date, c.id as record_id, c.sex as what,
                 c.birth_order, c.policy_status
            from children c where c.birth_date between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: {
      births: 'true',
      births_first: 's.birth_order = 1',
      births_second: 's.birth_order = 2',
      births_third_plus: 's.birth_order >= 3',
      births_compliant: `s.policy_status = 'compliant'`,
      births_first_compliant: `s.birth_order = 1 and s.policy_status = 'compliant'`,
      births_second_compliant: `s.birth_order = 2 and s.policy_status = 'compliant'`,
      births_third_plus_compliant: `s.birth_order >= 3 and s.policy_status = 'compliant'`,
      births_male: `s.what = 'male'`,
      births_female: `s.what = 'female'`,
    },
    residence: 'either_non_agricultural',
  };
}

/**
 * 往年出生未报: births this township should have reported in an earlier period and did not — entered during the
 * period, born before it, born while the mother was already on the register (the older children of a woman who
 * just moved in or got her first card were never this township's to report), and entered after the birth's month
 * was closed: accepted, or, where the month was never accepted, past its deadline (the 5th of the next month).
 */
function birthsPrevious(r: Range): Source {
  const entered = enteredIn(r, 'c', { village: 'v' });
  return {
    name: 'births_previous',
    sql: `select c.woman_id, c.region_id as village_id, c.birth_date as event_date, c.id as record_id, c.sex as what,
                 c.birth_order, c.policy_status
            from children c
            join women w on w.id = c.woman_id
            join regions v on v.id = c.region_id
            left join report_periods rp on rp.township_id = v.parent_id and rp.month = date_trunc('month', c.birth_date)::date and rp.status = 'accepted'
           where ${entered.sql} and c.birth_date < ?::date
             and w.registered_on <= c.birth_date
             and c.created_at > coalesce(rp.accepted_at,
                   (date_trunc('month', c.birth_date) + interval '1 month 5 days')::timestamp at time zone 'Asia/Shanghai')`,
    bindings: [...entered.bindings, r.from],
    flags: { births_previous_years: 'true' },
    residence: 'either_non_agricultural',
  };
}

function pregnancies(r: Range): Source {
  return {
    name: 'pregnancies',
    sql: `select p.woman_id, p.region_id as village_id, p.found_on as event_date, p.id as record_id, p.outcome as what
            from pregnancies p where p.found_on between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: { pregnancies_new: 'true' },
  };
}

function procedures(r: Range): Source {
  // 一孩上环: the woman had exactly one child born before the day of the insertion.
  return {
    name: 'procedures',
    sql: `select s.woman_id, s.region_id as village_id, s.performed_on as event_date, s.id as record_id, s.kind as what,
                 (s.kind = 'iud_insertion' and (select count(*) from children c
                    where c.woman_id = s.woman_id and c.birth_date < s.performed_on) = 1) as after_first_child
            from services s where s.kind in (${PROCEDURES}) and s.performed_on between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: {
      procedures: 'true',
      iud_insertions: `s.what = 'iud_insertion'`,
      iud_insertions_after_first_child: 's.after_first_child',
      iud_removals: `s.what = 'iud_removal'`,
      female_sterilizations: `s.what = 'female_sterilization'`,
      male_sterilizations: `s.what = 'male_sterilization'`,
      implant_insertions: `s.what = 'implant_insertion'`,
      implant_removals: `s.what = 'implant_removal'`,
      surgical_abortions: `s.what = 'surgical_abortion'`,
      medical_abortions: `s.what = 'medical_abortion'`,
      induced_labours: `s.what = 'induced_labour'`,
      abortions: `s.what in ('surgical_abortion', 'medical_abortion')`,
      // 国人口统2表 counts 中期引产 under 人工流产, and its 小计 is the sum of its six columns (no 取皮埋).
      table2_abortions: `s.what in ('surgical_abortion', 'medical_abortion', 'induced_labour')`,
      table2_procedures: `s.what in ('male_sterilization', 'female_sterilization', 'iud_insertion', 'iud_removal',
                            'surgical_abortion', 'medical_abortion', 'induced_labour', 'implant_insertion')`,
    },
    residence: 'own',
  };
}

function certificates(r: Range): Source {
  return {
    name: 'certificates',
    sql: `select ce.woman_id, ce.region_id as village_id, ce.issued_on as event_date, ce.id as record_id, ce.number as what
            from certificates ce where ce.kind = 'only_child_glory' and ce.issued_on between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: { certificates_issued: 'true' },
    residence: 'both_non_agricultural',
  };
}

/** 初婚: first-marriage events dated in the period (a later divorce does not take her out of the month she married). */
function marriages(r: Range): Source {
  return {
    name: 'marriages',
    sql: `select w.id as woman_id, ${villageOn('me.effective_on')} as village_id, me.effective_on as event_date,
                 me.id as record_id, me.kind as what,
                 me.effective_on >= (w.birth_date + interval '23 years')::date as at_23_or_older
            from marital_events me join women w on w.id = me.woman_id
           where me.kind = 'first_marriage' and me.effective_on between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: { first_marriages: 'true', first_marriages_late: 's.at_23_or_older' },
  };
}

/** 流入 / 流出: the floating events dated in the period (a woman who returned later still counts the month she left). */
function migration(r: Range): Source {
  return {
    name: 'migration',
    sql: `select w.id as woman_id, ${villageOn('fe.effective_on')} as village_id, fe.effective_on as event_date,
                 fe.id as record_id, fe.kind as what
            from floating_events fe join women w on w.id = fe.woman_id
           where fe.kind in ('inflow', 'outflow') and fe.effective_on between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: { inflow: `s.what = 'inflow'`, outflow: `s.what = 'outflow'` },
  };
}

/** 随访应访 / 已访: the follow-ups due in the period, done by its end; a small region reads its own villages' first (Range.within). */
function followUps(r: Range): Source {
  const within = withinRegion(r, 'f.region_id');
  return {
    name: 'follow_ups',
    sql: `select f.woman_id, f.region_id as village_id, f.due_on as event_date, f.id as record_id, f.level as what,
                 f.done_on, (f.done_on is not null and f.done_on <= ?::date) as done
            from follow_ups f where f.due_on between ?::date and ?::date${within.sql}`,
    bindings: [r.to, r.from, r.to, ...within.bindings],
    flags: { follow_ups_due: 'true', follow_ups_done: 's.done' },
    regionKept: within.sql !== '',
  };
}

/**
 * 长效节育措施落实: one row per delivery that makes its mother due under the long-acting rule in force on the
 * birth date (a delivery of order ≥ min_birth_order; twins are one delivery), dated on the deadline (birth date
 * + within_days) and counted in the period that deadline falls in, in the village of the birth. Done when she or
 * her husband had a long-acting method (sterilisation, IUD, implant) in use at some time from the birth date to
 * the deadline.
 */
function longActing(r: Range): Source {
  const longActingMethods = sqlList(LONG_ACTING_METHODS);
  return {
    name: 'long_acting',
    sql: `select d.woman_id, d.village_id, d.event_date, d.record_id, d.what, d.birth_date, d.birth_order,
                 exists (select 1 from contraception_episodes e
                          where e.woman_id = d.woman_id and e.method in (${longActingMethods})
                            and e.started_on <= d.event_date and (e.ended_on is null or e.ended_on > d.birth_date)) as done
            from (select c.woman_id, c.region_id as village_id, (c.birth_date + lr.within_days) as event_date, c.id as record_id,
                         c.birth_order::text as what, c.birth_date, c.birth_order
                    from children c
                    join lateral (select l.min_birth_order, l.within_days from long_acting_rules l where l.effective_from <= c.birth_date
                                   order by l.effective_from desc limit 1) lr on true
                   where c.birth_order >= lr.min_birth_order
                     and not exists (select 1 from children c2 where c2.woman_id = c.woman_id and c2.birth_order = c.birth_order and c2.id < c.id)) d
           where d.event_date between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: { long_acting_due: 'true', long_acting_done: 's.done' },
  };
}

/**
 * 群众满意: one row per follow-up done in the period and per service performed in it where the woman's
 * satisfaction was recorded, dated on the visit, in the village of the record. Positive = 满意 or 基本满意.
 * record_id is the follow-up's or the service's id; `kind` says which.
 */
function satisfaction(r: Range): Source {
  return {
    name: 'satisfaction',
    sql: `select f.woman_id, f.region_id as village_id, f.done_on as event_date, f.id as record_id, f.satisfaction as what,
                 'follow_up' as kind, f.satisfaction_note
            from follow_ups f where f.satisfaction is not null and f.done_on between ?::date and ?::date
          union all
          select sv.woman_id, sv.region_id, sv.performed_on, sv.id, sv.satisfaction, 'service', sv.satisfaction_note
            from services sv where sv.satisfaction is not null and sv.performed_on between ?::date and ?::date`,
    bindings: [r.from, r.to, r.from, r.to],
    flags: { satisfaction_responses: 'true', satisfaction_positive: `s.what in (${sqlList(POSITIVE_SATISFACTION)})` },
  };
}

/**
 * 补报: births, pregnancies, procedures and certificates entered during the period but dated inside a month
 * that their township had already had accepted (locked) when they were entered; dated on the day they were entered
 * (the period they count in), with the day they happened.
 */
function late(r: Range): Source {
  const entered = (alias: string) => enteredIn(r, alias).sql;
  const bindings = enteredIn(r, '').bindings;
  return {
    name: 'late',
    sql: `select e.woman_id, e.village_id, ${enteredOn('e')} as event_date, e.record_id, e.what, e.occurred_on, e.created_at
            from (
              select c.woman_id, c.region_id as village_id, c.birth_date as occurred_on, c.id as record_id, 'birth' as what, c.created_at
                from children c where ${entered('c')}
              union all
              select p.woman_id, p.region_id, p.found_on, p.id, 'pregnancy', p.created_at from pregnancies p where ${entered('p')}
              union all
              select sv.woman_id, sv.region_id, sv.performed_on, sv.id, sv.kind, sv.created_at
                from services sv where sv.kind in (${PROCEDURES}) and ${entered('sv')}
              union all
              select ce.woman_id, ce.region_id, ce.issued_on, ce.id, 'certificate', ce.created_at
                from certificates ce where ce.kind = 'only_child_glory' and ${entered('ce')}
            ) e
            join regions v on v.id = e.village_id
            join report_periods rp on rp.township_id = v.parent_id and rp.month = date_trunc('month', e.occurred_on)::date
           where rp.status = 'accepted' and e.created_at > rp.accepted_at`,
    bindings: [...bindings, ...bindings, ...bindings, ...bindings],
    flags: { late_reports: 'true' },
  };
}

const BUILDERS: Record<SourceName, (r: Range) => Source> = {
  births,
  births_previous: birthsPrevious,
  pregnancies,
  procedures,
  certificates,
  marriages,
  migration,
  follow_ups: followUps,
  long_acting: longActing,
  satisfaction,
  stock,
  late,
  preconception: preconceptionSource,
  preconception_checks: preconceptionChecksSource,
  check_rounds: checkRoundsSource,
  record_quality: recordQuality,
  eligibility_reviews: eligibilityReviews,
  special_families: specialFamiliesSource,
  special_family_care: specialFamilyCareSource,
  floating_queries: floatingQueriesSource,
  outside_births: outsideBirthsSource,
  birth_timeliness: birthTimelinessSource,
};

export function allSources(r: Range): Source[] {
  return Object.values(BUILDERS).map((b) => b(r));
}

/** The source a count comes from (undefined for population and deaths: entered figures, not people). */
export function sourceOf(key: CountKey, r: Range): Source | undefined {
  return allSources(r).find((s) => key in s.flags);
}
