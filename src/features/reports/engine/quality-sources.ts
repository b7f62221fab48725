/**
 * The sources of the two accuracy indicators of 考核 (issue 15): 统计准确率 from the records entered in the
 * period, and 奖扶特扶资格确认准确率 from the saved eligibility reviews. Same contract as sources.ts.
 */
import { PROCEDURE_KIND } from '../../../domain/codes.ts';
import { enteredIn, enteredOn, sqlList, type Range, type Source } from './source-types.ts';

const PROCEDURES = sqlList(Object.keys(PROCEDURE_KIND));

/**
 * Every birth, pregnancy, procedure and 独生子女证 entered in the period that happened while she was on the register
 * (a newly registered woman's earlier children are her card's history, not the period's statistics), dated on the
 * day it was entered, in the village of the record. Late: its month had been accepted (locked) before it was entered (the 补报 rule).
 * Flagged by a record-level validation rule, judged on what was on the register when it was entered, so a record
 * added later does not move a past figure: a birth with no pregnancy record entered before it (linked, or found in
 * the 300 days before the birth), a procedure on a woman under 15 or 50 and over on the day.
 */
export function recordQuality(r: Range): Source {
  const entered = (alias: string) => enteredIn(r, alias).sql;
  const bindings = enteredIn(r, '').bindings;
  return {
    name: 'record_quality',
    // Her card and the month's acceptance are joined once, after the four record sets: joined per set, the whole
    // register was hashed three times for a city's year, and on a small regions table the acceptance was looked up
    // by a scan per record (1,295 scans for a county's month: 21 of its 36 ms).
    sql: `select e.woman_id, e.village_id, ${enteredOn('e')} as event_date, e.record_id, e.what, e.occurred_on,
                 e.flagged or (e.by_age and (e.occurred_on < (w.birth_date + interval '15 years')::date
                                             or e.occurred_on >= (w.birth_date + interval '50 years')::date)) as flagged,
                 coalesce(e.created_at > rp.accepted_at, false) as late
            from (
              select c.woman_id, c.region_id as village_id, c.birth_date as occurred_on, c.id as record_id, 'birth' as what, c.created_at,
                     (c.pregnancy_id is null and not exists (
                        select 1 from pregnancies p where p.woman_id = c.woman_id and p.created_at <= c.created_at
                           and p.found_on between c.birth_date - 300 and c.birth_date)) as flagged, false as by_age
                from children c where ${entered('c')}
              union all
              select p.woman_id, p.region_id, p.found_on, p.id, 'pregnancy', p.created_at, false, false
                from pregnancies p where ${entered('p')}
              union all
              select sv.woman_id, sv.region_id, sv.performed_on, sv.id, sv.kind, sv.created_at, false, true
                from services sv where sv.kind in (${PROCEDURES}) and ${entered('sv')}
              union all
              select ce.woman_id, ce.region_id, ce.issued_on, ce.id, 'certificate', ce.created_at, false, false
                from certificates ce where ce.kind = 'only_child_glory' and ${entered('ce')}
            ) e
            join women w on w.id = e.woman_id and e.occurred_on >= w.registered_on
            join regions v on v.id = e.village_id
            left join report_periods rp on rp.township_id = v.parent_id and rp.month = date_trunc('month', e.occurred_on)::date and rp.status = 'accepted'`,
    bindings: [...bindings, ...bindings, ...bindings, ...bindings],
    flags: { records_entered: 'true', records_accurate: 'not s.late and not s.flagged' },
  };
}

/**
 * 资格确认准确率: each approved application's latest saved review dated in the period, in the village of the
 * application, dated on the review day. Met counts as confirmed; not met and 资料不全 (unknown) do not.
 */
export function eligibilityReviews(r: Range): Source {
  return {
    name: 'eligibility_reviews',
    sql: `select distinct on (er.application_id) er.woman_id, er.region_id as village_id, er.reviewed_on as event_date,
                 er.application_id as record_id, er.result as what, er.program
            from subsidy_eligibility_reviews er
           where er.reviewed_on between ?::date and ?::date
           order by er.application_id, er.reviewed_on desc`,
    bindings: [r.from, r.to],
    flags: { subsidy_reviewed: 'true', subsidy_review_confirmed: `s.what = 'met'` },
  };
}
