-- Synthetic register at county scale for measuring the card list and the nightly jobs (not demo data: names
-- and IDs are plausible in shape only). Expects a migrated, empty database. :women is the number of cards.
-- Run: psql -v women=100000 -f test/bench/women-scale.sql (test/bench/women-scale.ts does this for you).

insert into regions (code, name, level) values ('990100', '示例县', 'county');
insert into regions (code, name, level, parent_id)
  select '990100' || lpad(t::text, 3, '0'), (array['城关镇','东山镇','西河乡','南塘镇','北岭乡','清溪镇','石门乡','柳林镇','新安街道','桃源乡'])[t],
         'township', (select id from regions where code = '990100')
  from generate_series(1, 10) t;
insert into regions (code, name, level, parent_id)
  select t.code || lpad(v::text, 3, '0'), '第' || v || '村', 'village', t.id
  from regions t cross join generate_series(1, 15) v where t.level = 'township';

create temporary table village_ids as select row_number() over (order by id) as n, id from regions where level = 'village';

insert into women (region_id, id_number, name, birth_date, hukou_kind, marital_status, marriage_date, spouse_name, migrant_status,
                   migrant_place, migrant_since, status, exit_reason, exit_date)
select (select id from village_ids where n = 1 + (g % 150)),
       '990100' || to_char(b, 'YYYYMMDD') || lpad((g % 1000)::text, 3, '0') || ((g / 1000) % 10)::text,
       (array['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡'])[1 + g % 15] ||
         (array['秀英','桂英','秀兰','玉兰','桂兰','秀珍','凤英','玉珍','丽','静','敏','燕','艳','娟','霞','芳','红','梅','兰','英'])[1 + (g / 15) % 20],
       b,
       'agricultural',
       case when g % 100 < 78 then 'first_marriage' when g % 100 < 96 then 'unmarried' else 'divorced' end,
       case when g % 100 < 78 or g % 100 >= 96 then least((b + interval '24 years')::date, date '2025-12-01') end,
       case when g % 100 < 78 then '李建国' end,
       case when g % 100 < 5 then 'outflow' when g % 100 < 7 then 'inflow' else 'none' end,
       case when g % 100 < 7 then '广东东莞' end,
       case when g % 100 < 7 then date '2024-01-01' end,
       case when g % 50 = 0 then 'exited' else 'active' end,
       case when g % 50 = 0 then 'moved_out' end,
       case when g % 50 = 0 then date '2025-06-01' end
from (select g, (date '1977-01-01' + (g * 7919 % 11300))::date as b from generate_series(1, :women) g) s;

-- Status histories, as the register keeps them: the marriage (and a divorce three years on), the floating move,
-- and each woman's 户口性质 as registered. Reports and rosters read these, never today's card fields.
insert into marital_events (woman_id, kind, effective_on)
select w.id, 'first_marriage', w.marriage_date from women w where w.marriage_date is not null;
insert into marital_events (woman_id, kind, effective_on)
select w.id, 'divorce', least((w.marriage_date + interval '3 years')::date, date '2026-01-15')
from women w where w.marital_status = 'divorced' and w.marriage_date is not null;
insert into floating_events (woman_id, kind, effective_on, place)
select w.id, w.migrant_status, w.migrant_since, w.migrant_place from women w where w.migrant_status <> 'none';
insert into hukou_events (woman_id, whose, hukou_kind, effective_on)
select w.id, 'woman', w.hukou_kind, null from women w;

-- Children: about 1.4 per married woman.
insert into children (woman_id, region_id, sex, birth_date, birth_order, policy_status)
select w.id, w.region_id, case when w.id % 2 = 0 then 'male' else 'female' end, w.marriage_date + interval '1 year', 1, 'compliant'
from women w where w.marriage_date is not null and w.marriage_date + interval '1 year' < date '2026-03-01';
insert into children (woman_id, region_id, sex, birth_date, birth_order, policy_status)
select w.id, w.region_id, case when w.id % 3 = 0 then 'male' else 'female' end, w.marriage_date + interval '4 years', 2, 'compliant'
from women w where w.marriage_date is not null and w.id % 5 < 2 and w.marriage_date + interval '4 years' < date '2026-01-01';

-- Current methods of married women (national mix), ~12% none.
insert into contraception_episodes (woman_id, region_id, method, started_on, due_on)
select w.id, w.region_id,
       (array['iud','iud','iud','iud','iud','female_sterilization','female_sterilization','female_sterilization','condom','male_sterilization'])[1 + w.id % 10],
       w.marriage_date + interval '2 years',
       case when w.id % 10 < 5 then w.marriage_date + interval '12 years' end
from women w where w.marital_status = 'first_marriage' and w.status = 'active' and w.id % 100 >= 12;

-- Findings as the rules would leave them (about one card in eight has a W; a few E).
insert into data_findings (woman_id, region_id, rule, level, message, detected_on)
select id, region_id, 'should_adopt', 'W', '已婚，未怀孕、未避孕', date '2026-03-01' from women w
where status = 'active' and marital_status = 'first_marriage' and id % 100 < 12;
insert into data_findings (woman_id, region_id, rule, level, message, detected_on)
select id, region_id, 'marriage_age', 'E', '结婚时未满20周岁', date '2026-03-01' from women where status = 'active' and id % 997 = 0;

-- A few pending transfers.
insert into transfers (woman_id, from_region_id, to_region_id, status, moved_on)
select w.id, w.region_id, (select id from village_ids where n = 1 + ((w.id + 20) % 150)), 'pending', date '2026-03-01'
from women w where w.status = 'active' and w.id % 1000 = 7;

analyze;
