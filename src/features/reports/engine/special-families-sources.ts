/**
 * The sources of the special-family figures (issue 17 §2). Same contract as sources.ts: one SQL select of rows with
 * woman_id, village_id, event_date, record_id, what and boolean flags; dated at the period's end, in the village she
 * lived in on that day.
 *
 * special_families: the couples the register makes eligible for 特别扶助 on the end date — the rule of
 * src/domain/eligibility.ts (special_assistance_death / _disability with the programs' stored parameters) in SQL:
 * not exited as deceased or moved out by then, exactly one child born, that child deceased (by then) or disabled
 * with a grade up to the program's maximum, the mother aged at least the program's minimum. has_file: an open file
 * on that day (建档率's numerator).
 *
 * special_family_care: the files open on the end date, schedule_met per src/domain/special-families.ts (every month
 * of the period from the opening has a contact; each festival window ending in it has its home visit) — 落实率.
 */
import { DEFAULT_PARAMS } from '../../../domain/eligibility.ts';
import type { CountKey } from '../../../domain/indicators.ts';
import { datePlaceholder, firstMovesAfter, villageOn, type Range, type Source } from './source-types.ts';

const param = (program: string, key: string, fallback: number) => `coalesce((select (p.params->>'${key}')::int from subsidy_programs p where p.code = '${program}'), ${fallback})`;

/** The programs' stored ages (the mother's minimum age for a death and for a disability), as SQL. */
export function specialFamilyAges(): { death: string; disability: string } {
  return {
    death: param('special_assistance_death', 'mother_min_age', DEFAULT_PARAMS.special_assistance_death.mother_min_age!),
    disability: param('special_assistance_disability', 'mother_min_age', DEFAULT_PARAMS.special_assistance_disability.mother_min_age!),
  };
}

/**
 * The eligible couples on a day, one text for the report's form and the figure store's (stock/queries.ts): `women`
 * names the special children (alias k) and their mothers (alias w); `at` the day.
 */
function specialFamiliesSelect(o: { at: () => string; women: () => string }): string {
  const { at } = o;
  const ages = specialFamilyAges();
  const maxGrade = param('special_assistance_disability', 'max_disability_grade', DEFAULT_PARAMS.special_assistance_disability.max_disability_grade!);
  // Each template is evaluated left to right, so the placeholders are recorded in the order they appear.
  return `select w.id as woman_id, ${villageOn(at())} as village_id, ${at()} as event_date, w.id as record_id,
                 case when k.vital_status = 'deceased' then 'loss' else 'disability' end as what, k.disability_grade,
                 exists (select 1 from special_family_files f where f.woman_id = w.id and f.opened_on <= ${at()}
                          and (f.closed_on is null or f.closed_on > ${at()})) as has_file
            from ${o.women()}
           where k.vital_status in ('deceased', 'disabled') and (select count(*) from children c where c.woman_id = w.id) = 1
             and w.registered_on <= ${at()}
             and not (coalesce(w.exit_reason, '') in ('deceased', 'moved_out') and w.exit_date <= ${at()})
             and ((k.vital_status = 'deceased' and (k.death_date is null or k.death_date <= ${at()})
                   and w.birth_date <= (${at()} - make_interval(years => ${ages.death}))::date)
               or (k.vital_status = 'disabled' and k.disability_grade is not null and k.disability_grade <= ${maxGrade}
                   and w.birth_date <= (${at()} - make_interval(years => ${ages.disability}))::date))`;
}

const SPECIAL_FAMILY_FLAGS = { special_families_eligible: 'true', special_families_filed: 's.has_file' } as const;

/** The report's form: every special child of the deployment with her mother, on the period's end. */
export function specialFamiliesSource(r: Range): Source {
  const bindings: string[] = [];
  const at = datePlaceholder(bindings, r.to);
  const sql = specialFamiliesSelect({ at, women: () => 'children k join women w on w.id = k.woman_id' });
  return { name: 'special_families', sql, bindings, flags: { ...SPECIAL_FAMILY_FLAGS } };
}

/**
 * The figure store's form: the women of `women` (a from-item naming alias w and the day column sd.d) with their
 * special children, each on her days (a state at a day, like the stock: stored for any day).
 */
export function specialFamiliesAtDaysSql(women: () => string): { sql: string; flags: Partial<Record<CountKey, string>> } {
  const sql = specialFamiliesSelect({ at: () => 'sd.d', women: () => `${women()} join children k on k.woman_id = w.id` });
  return { sql, flags: { ...SPECIAL_FAMILY_FLAGS } };
}

/** 落实率's keys: a month figure (MONTH_STOCK_KEYS) — the schedule is judged over the period, so a month's only. */
export const SPECIAL_FAMILY_CARE_FLAGS = { special_families_open: 'true', special_families_cared: 's.schedule_met' } as const;

/**
 * The files open on a day with whether the schedule was met from a start day to it (src/domain/special-families.ts:
 * every month from the later of the start and the opening has a contact; each festival window ending in that span
 * has its home visit). One text for the report's form and the figure store's: `files` names the files (alias f) and
 * their women (alias w), `village` her village on the day; placeholders in the order they appear.
 */
function careSelect(o: { at: () => string; from: () => string; files: () => string; village: () => string }): string {
  const { at, from } = o;
  const care = (since: string, until: string) =>
    `exists (select 1 from special_family_care c where c.file_id = f.id and (r.mode = 'any' or c.mode = r.mode)
              and c.cared_on >= ${since} and c.cared_on <= ${until})`;
  return `select f.woman_id, ${o.village()} as village_id, ${at()} as event_date, f.id as record_id, f.kind as what, f.opened_on,
                 (not exists (select 1 from special_family_care_rules r
                               cross join generate_series(date_trunc('month', greatest(${from()}, f.opened_on)::timestamp), ${at()}::timestamp, interval '1 month') m
                              where r.kind = 'monthly'
                                and not ${care('m::date', `least((m + interval '1 month - 1 day')::date, ${at()})`)})
                  and not exists (select 1 from special_family_care_rules r
                                   where r.kind = 'window' and r.to_date >= greatest(${from()}, f.opened_on) and r.to_date <= ${at()}
                                     and not ${care('r.from_date', 'r.to_date')})) as schedule_met
            from ${o.files()}
           where f.opened_on <= ${at()} and (f.closed_on is null or f.closed_on > ${at()})`;
}

/** The report's form: every file of the deployment, her village on the period's end from the moves after it (read once). */
export function specialFamilyCareSource(r: Range): Source {
  const bindings: string[] = [];
  const at = datePlaceholder(bindings, r.to);
  const from = datePlaceholder(bindings, r.from);
  const sql = careSelect({
    at,
    from,
    village: () => 'coalesce(mv.from_region_id, w.region_id)',
    files: () => `special_family_files f join women w on w.id = f.woman_id left join (${firstMovesAfter(at())}) mv on mv.woman_id = w.id`,
  });
  return { name: 'special_family_care', sql, bindings, flags: { ...SPECIAL_FAMILY_CARE_FLAGS } };
}

/**
 * The figure store's form: the files of the women of `women` (a from-item naming alias w and the month-end column
 * sd.d), each on her month ends, for the calendar month ending there.
 */
export function specialFamilyCareAtMonthEndsSql(women: () => string): { sql: string; flags: Partial<Record<CountKey, string>> } {
  const sql = careSelect({
    at: () => 'sd.d',
    from: () => `date_trunc('month', sd.d::timestamp)::date`,
    village: () => villageOn('sd.d'),
    files: () => `${women()} join special_family_files f on f.woman_id = w.id`,
  });
  return { sql, flags: { ...SPECIAL_FAMILY_CARE_FLAGS } };
}
