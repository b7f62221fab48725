/**
 * The sources of the 出生信息 figures (issue 16 §3). Same contract as sources.ts: one SQL select of rows with
 * woman_id, village_id, event_date, record_id, what and boolean flags.
 *
 * - outside_births: the rows of confirmed hospital / police lists born in the period, in the village they were
 *   placed in when matched (the register child's village, else the mother's, else the list's 村代码). A row of
 *   an unknown mother has no woman_id: it counts in the figures where the list named its village, and the
 *   drill-down (which lists women) does not show it — the 漏报 list (/outside-births/missing) does. A row placed
 *   only at a township or the county (no village known) is not in these figures; the 出生信息 page counts them.
 * - birth_timeliness: the register's births in the period with whether each was entered (China date) within
 *   BIRTH_RECORD_DAYS of the birth; its denominator is the births source's `births`.
 */
import { BIRTH_RECORD_DAYS } from '../../../domain/birth-matching.ts';
import type { Range, Source } from './source-types.ts';

export function outsideBirthsSource(r: Range): Source {
  return {
    name: 'outside_births',
    sql: `select ob.woman_id, ob.region_id as village_id, ob.birth_date as event_date, ob.id as record_id, ob.match_status as what,
                 ob.sex, ob.list_id
            from outside_births ob join outside_birth_lists l on l.id = ob.list_id and l.status = 'confirmed'
           where ob.birth_date between ?::date and ?::date and ob.match_status is not null`,
    bindings: [r.from, r.to],
    flags: {
      outside_births_listed: 'true',
      outside_births_found: `s.what in ('matched', 'differs')`,
      outside_births_matched: `s.what = 'matched'`,
    },
  };
}

export function birthTimelinessSource(r: Range): Source {
  return {
    name: 'birth_timeliness',
    sql: `select c.woman_id, c.region_id as village_id, c.birth_date as event_date, c.id as record_id, c.sex as what,
                 (c.created_at at time zone 'Asia/Shanghai')::date as entered_on,
                 (c.created_at at time zone 'Asia/Shanghai')::date <= c.birth_date + ${BIRTH_RECORD_DAYS} as timely
            from children c where c.birth_date between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: { births_timely: 's.timely' },
  };
}
