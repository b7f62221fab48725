/**
 * The source of 流动人口婚育信息反馈率 (issue 16 §2): the 协查 queries whose due date falls in the period, one row
 * per query. Same contract as sources.ts (woman_id, village_id, event_date, record_id, what + flags).
 *
 * The figure is the responsibility of the side that must answer, so a row counts in:
 * - a query between two townships of this county: the receiving village (to_region_id, a village);
 * - a query imported from another county: the receiving village on this register (the woman matched by her ID
 *   number; to_region_id is her village);
 * - a query sent to another county: the sending township, in the village of the woman on this register (this
 *   portal cannot count the other county's townships; it sees when the answer came back).
 * Only queries about a woman on this register are counted (woman_id set, to_region_id a village): an imported
 * query whose woman is not on the register stays in the township's inbox but has no person to list behind the
 * number, so it is left out of the figure, and the drill-down always lists exactly the counted rows.
 */
import type { Range, Source } from './source-types.ts';

export function floatingQueriesSource(r: Range): Source {
  return {
    name: 'floating_queries',
    sql: `select q.woman_id, case when q.to_county_code is null then q.to_region_id else w.region_id end as village_id,
                 q.due_on as event_date, q.id as record_id, q.kind as what, q.sent_on, q.answered_on,
                 (q.answered_on is not null and q.answered_on <= q.due_on) as on_time
            from floating_queries q join women w on w.id = q.woman_id
           where q.due_on between ?::date and ?::date`,
    bindings: [r.from, r.to],
    flags: { migrant_queries_due: 'true', migrant_queries_answered_on_time: 's.on_time' },
  };
}
