/**
 * The stock in the figure store (migrations/20261210000000_figure_stock_changes.ts): each woman's stock changes
 * (+1 under a village and key on the day she starts counting, -1 on the day she stops), found by evaluating the
 * report's stock source (engine/stock-source.ts, its per-woman form) on every day her records can change it; their
 * sums per village × day × key; and a yearly base (the changes before 1 January), so a report reads one year of
 * changes, not every woman.
 */
import type { Knex } from 'knex';
import { addMonthsToMonth, monthEnd, monthOf, monthStart } from '../../../domain/dates.ts';
import { TERMINAL_METHODS } from '../../../domain/codes.ts';
import { NEWLY_MARRIED_MONTHS, TARGET_MAX_AGE, TARGET_MIN_AGE } from '../../../domain/preconception.ts';
import { MONTH_STOCK_KEYS, preconceptionAtMonthEndsSql } from '../engine/checks-sources.ts';
import { sqlList } from '../engine/source-types.ts';
import { specialFamiliesAtDaysSql, specialFamilyAges, specialFamilyCareAtMonthEndsSql } from '../engine/special-families-sources.ts';
import { stockAtDaysSql, suppliedUsersAtMonthEndsSql } from '../engine/stock-source.ts';
import type { FigureDifferenceRow, RowVillagesSql } from '../store/queries.ts';
import type { CountKey } from '../../../domain/indicators.ts';

/**
 * The years whose base is kept (a change counts in every base year after it, so a write updates at most this many
 * rows per village and key). A day before the window sums every change up to it; a day after it sums the changes
 * from the window's last year.
 */
export const STOCK_BASE_YEARS = { first: 2000, last: 2050 } as const;

/** A date column of a table per woman of `womenWhere` (a select of woman_id and the column; `extra` narrows the rows). */
const datesOf =
  (womenWhere: (column: string) => string) =>
  (table: string, alias: string, column: string, extra = ''): string =>
    `select ${alias}.woman_id, ${alias}.${column} from ${table} ${alias} where ${womenWhere(`${alias}.woman_id`)}${extra}`;

/**
 * The days a woman's stock can change on: every date the stock source compares with the day (registration, exit,
 * the 15th and 50th birthdays and the day after them — a 29 February birthday turns on 1 March —, marital events,
 * methods started and ended, children born and dead, certificates issued and revoked, transfers).
 */
function candidateDays(womenWhere: (column: string) => string): string {
  const w = womenWhere('w.id');
  const of = datesOf(womenWhere);
  const birthday = (years: number, plusDay: boolean) => `select w.id, (w.birth_date + interval '${years} years'${plusDay ? ` + interval '1 day'` : ''})::date from women w where ${w}`;
  return `select x.woman_id, x.d from (
            select w.id, w.registered_on from women w where ${w}
            union all select w.id, w.exit_date from women w where ${w}
            union all ${birthday(15, false)} union all ${birthday(15, true)} union all ${birthday(50, false)} union all ${birthday(50, true)}
            union all ${of('marital_events', 'm', 'effective_on')}
            union all ${of('contraception_episodes', 'e', 'started_on')} union all ${of('contraception_episodes', 'e', 'ended_on')}
            union all ${of('children', 'c', 'birth_date')} union all ${of('children', 'c', 'death_date')}
            union all ${of('certificates', 'ce', 'issued_on')} union all ${of('certificates', 'ce', 'revoked_on')}
            union all ${of('transfers', 't', 'moved_on')}
          ) x(woman_id, d) where x.d is not null group by 1, 2`;
}

/**
 * The month ends on which a woman's 孕前 target state can change (preconceptionAtMonthEndsSql): the month of every
 * date the rule compares with the period's end or start and the month after it (a 29 February birthday, a plan
 * ended in the month before), and the month a marriage leaves the 12 months and the one after; kept only within her
 * target windows (a marriage's month to 13 months on, a plan's month to the month after it ends) — outside them she
 * is no target, so the first month after a window (kept) records her leaving and nothing else is evaluated.
 */
function candidateMonthEnds(womenWhere: (column: string) => string): string {
  const w = womenWhere('w.id');
  const of = datesOf(womenWhere);
  const years = (n: number) => `select w.id, (w.birth_date + interval '${n} years')::date from women w where ${w}`;
  const marriages = ` and m.kind in ('first_marriage', 'remarriage')`;
  return `select x.woman_id, (x.m + interval '1 month - 1 day')::date as d
            from (select y.woman_id, date_trunc('month', y.d::timestamp) + make_interval(months => k.k) as m from (
                    select w.id, w.registered_on from women w where ${w}
                    union all select w.id, w.exit_date from women w where ${w}
                    union all ${years(TARGET_MIN_AGE)} union all ${years(TARGET_MAX_AGE + 1)}
                    union all ${of('marital_events', 'm', 'effective_on')}
                    union all select m.woman_id, (m.effective_on + interval '${NEWLY_MARRIED_MONTHS} months')::date from marital_events m where ${womenWhere('m.woman_id')}${marriages}
                    union all ${of('pregnancy_plans', 'p', 'planned_on')} union all ${of('pregnancy_plans', 'p', 'ended_on')}
                    union all ${of('preconception_checks', 'pc', 'checked_on')}
                    union all ${of('contraception_episodes', 'e', 'started_on', ` and e.method in (${sqlList(TERMINAL_METHODS)})`)}
                    union all ${of('contraception_episodes', 'e', 'ended_on', ` and e.method in (${sqlList(TERMINAL_METHODS)})`)}
                    union all ${of('transfers', 't', 'moved_on')}
                  ) y(woman_id, d) cross join (values (0), (1)) k(k) where y.d is not null) x
           where exists (select 1 from marital_events m where m.woman_id = x.woman_id${marriages}
                          and x.m between date_trunc('month', m.effective_on::timestamp) and date_trunc('month', m.effective_on::timestamp) + interval '${NEWLY_MARRIED_MONTHS + 1} months')
              or exists (select 1 from pregnancy_plans p where p.woman_id = x.woman_id and x.m >= date_trunc('month', p.planned_on::timestamp)
                          and (p.ended_on is null or x.m <= date_trunc('month', p.ended_on::timestamp) + interval '1 month'))
           group by 1, 2`;
}

/**
 * The month ends on which a woman's free_supply_users state can change (suppliedUsersAtMonthEndsSql, a month's
 * figure): the month of each of her supplies, and the month after it — with no supply in it she is no longer counted.
 * No other month can count her (she was not supplied in it), so nothing else is evaluated.
 */
function supplyMonthEnds(womenWhere: (column: string) => string): string {
  return `select x.woman_id, (date_trunc('month', x.supplied_on::timestamp) + make_interval(months => k.k + 1) - interval '1 day')::date as d
            from free_supplies x cross join (values (0), (1)) k(k)
           where ${womenWhere('x.woman_id')}
           group by 1, 2`;
}

const SPECIAL_CHILD = `c.vital_status in ('deceased', 'disabled')`;

/**
 * The days on which a woman's 特别扶助 eligibility can change (specialFamiliesAtDaysSql), for the women with a child
 * who died or is disabled: registration, exit, her child's death, the programs' minimum ages and the day after them
 * (a 29 February birthday), files opened and closed, transfers. A change of the programs' ages touches every such woman.
 */
function specialFamilyDays(womenWhere: (column: string) => string): string {
  const w = womenWhere('w.id');
  const of = datesOf(womenWhere);
  const ages = specialFamilyAges();
  const age = (years: string, plusDay: boolean) => `select w.id, (w.birth_date + make_interval(years => ${years})${plusDay ? ` + interval '1 day'` : ''})::date from women w where ${w}`;
  return `select x.woman_id, x.d from (
            select w.id, w.registered_on from women w where ${w}
            union all select w.id, w.exit_date from women w where ${w}
            union all ${age(ages.death, false)} union all ${age(ages.death, true)} union all ${age(ages.disability, false)} union all ${age(ages.disability, true)}
            union all select c.woman_id, c.death_date from children c where ${womenWhere('c.woman_id')} and ${SPECIAL_CHILD}
            union all ${of('special_family_files', 'f', 'opened_on')} union all ${of('special_family_files', 'f', 'closed_on')}
            union all ${of('transfers', 't', 'moved_on')}
          ) x(woman_id, d)
          where x.d is not null and exists (select 1 from children c where c.woman_id = x.woman_id and ${SPECIAL_CHILD})
          group by 1, 2`;
}

/**
 * The month ends on which a woman's 特扶 落实 state can change (specialFamilyCareAtMonthEndsSql): every month of each
 * of her files, from its opening to its closing month — an open file's to the month after the last of its care
 * records, her moves and the schedule's festival windows, after which nothing she or the schedule holds can change
 * it (each month is judged on its own contacts). A care record written touches her (the file's woman); a change of
 * the schedule touches every woman with a file.
 */
function careMonthEnds(womenWhere: (column: string) => string): string {
  const month = (d: string) => `date_trunc('month', ${d}::timestamp)`;
  return `select f.woman_id, (m + interval '1 month - 1 day')::date as d
            from special_family_files f
            cross join lateral generate_series(${month('f.opened_on')},
              coalesce(${month('f.closed_on')},
                       greatest(${month('f.opened_on')},
                                (select ${month('max(c.cared_on)')} from special_family_care c where c.file_id = f.id),
                                (select ${month('max(t.moved_on)')} from transfers t where t.woman_id = f.woman_id),
                                (select ${month('max(r.to_date)')} from special_family_care_rules r)) + interval '1 month'),
              interval '1 month') m
           where ${womenWhere('f.woman_id')}
           group by 1, 2`;
}

/**
 * The stock changes of the women matching `womenWhere`: woman, village, day, key, n (±). Five families of states,
 * each a +1 on the first day of a run and a -1 on the family's next candidate after it: the stock on her candidate
 * days, her 孕前 target state on her candidate month ends (a month's figure, read only at a month's end), her
 * 特别扶助 eligibility on its candidate days, her files' 落实 state on their month ends, and whether she is a
 * short-acting user supplied in the month, on the month ends of her supplies (month figures too).
 */
function stockChanges(womenWhere: (column: string) => string): string {
  const stock = stockAtDaysSql(() => 'cand sd join women w on w.id = sd.woman_id');
  const targets = preconceptionAtMonthEndsSql(() => 'mcand sd join women w on w.id = sd.woman_id');
  const special = specialFamiliesAtDaysSql(() => 'fcand sd join women w on w.id = sd.woman_id');
  const care = specialFamilyCareAtMonthEndsSql(() => 'ccand sd join women w on w.id = sd.woman_id');
  const supplied = suppliedUsersAtMonthEndsSql(() => 'ucand sd join women w on w.id = sd.woman_id');
  const values = (flags: Record<string, string>) =>
    Object.entries(flags)
      .map(([key, flag]) => `('${key}', (${flag})::boolean)`)
      .join(', ');
  const hits = (family: string, sql: string, flags: Record<string, string>) =>
    `select '${family}' as f, s.woman_id, s.village_id, s.event_date as d, k.key from (${sql}) s
      cross join lateral (values ${values(flags)}) k(key, hit) where k.hit and s.village_id is not null`;
  return `with cand as (${candidateDays(womenWhere)}),
          mcand as (${candidateMonthEnds(womenWhere)}),
          fcand as (${specialFamilyDays(womenWhere)}),
          ccand as (${careMonthEnds(womenWhere)}),
          ucand as (${supplyMonthEnds(womenWhere)}),
          hits as (${hits('s', stock.sql, stock.flags)} union all ${hits('m', targets.sql, targets.flags)} union all ${hits('f', special.sql, special.flags)}
                   union all ${hits('c', care.sql, care.flags)} union all ${hits('u', supplied.sql, supplied.flags)}),
          seq as (select 's' as f, cand.woman_id, cand.d, lead(cand.d) over (partition by cand.woman_id order by cand.d) as next from cand
                  union all
                  select 'm', mcand.woman_id, mcand.d, lead(mcand.d) over (partition by mcand.woman_id order by mcand.d) from mcand
                  union all
                  select 'f', fcand.woman_id, fcand.d, lead(fcand.d) over (partition by fcand.woman_id order by fcand.d) from fcand
                  union all
                  select 'c', ccand.woman_id, ccand.d, lead(ccand.d) over (partition by ccand.woman_id order by ccand.d) from ccand
                  union all
                  select 'u', ucand.woman_id, ucand.d, lead(ucand.d) over (partition by ucand.woman_id order by ucand.d) from ucand)
     select x.woman_id, x.village_id, x.day, x.key, sum(x.n)::integer as n
       from (select h.woman_id, h.village_id, h.d as day, h.key, 1 as n from hits h
             union all
             select h.woman_id, h.village_id, q.next, h.key, -1 from hits h join seq q on q.f = h.f and q.woman_id = h.woman_id and q.d = h.d where q.next is not null) x
      group by 1, 2, 3, 4 having sum(x.n) <> 0`;
}

/** One woman's stock changes (the body of figure_stock_rows_of; the test reads its plan). */
export function womanStockRowsSql(woman: number): string {
  return stockChanges((c) => `${c} = ${Number(woman)}`);
}

const { first, last } = STOCK_BASE_YEARS;

/** The functions the flush and the rebuild call, rendered with the other store functions (queries.ts functionsSql). */
export function stockFunctionsSql(): string {
  return `
    create or replace function figure_stock_rows_of(p_woman integer) returns table (village_id integer, day date, key text, n integer)
      language sql stable as $fn$
      select s.village_id, s.day, s.key, s.n from (${stockChanges((c) => `${c} = p_woman`)}) s
    $fn$;
    create or replace function figure_stock_rows_between(p_lo integer, p_hi integer) returns table (woman_id integer, village_id integer, day date, key text, n integer)
      language sql stable as $fn$
      ${stockChanges((c) => `${c} between p_lo and p_hi`)}
    $fn$;
    create or replace function figure_stock_apply(p_woman integer) returns void language plpgsql as $fn$
    declare
      vs integer[]; ds date[]; ks text[]; ns integer[];
    begin
      select array_agg(x.village_id order by x.village_id, x.day, x.key), array_agg(x.day order by x.village_id, x.day, x.key),
             array_agg(x.key order by x.village_id, x.day, x.key), array_agg(x.n order by x.village_id, x.day, x.key)
        into vs, ds, ks, ns
        from (select y.village_id, y.day, y.key, sum(y.n)::integer as n
                from (select f.village_id, f.day, f.key, f.n from figure_stock_rows_of(p_woman) f
                      union all
                      select c.village_id, c.day, c.key, -c.n from figure_stock_contributions c where c.woman_id = p_woman) y
               group by 1, 2, 3 having sum(y.n) <> 0) x;
      if vs is null then return; end if;
      insert into figure_stock_contributions as c (woman_id, village_id, day, key, n)
        select p_woman, u.v, u.d, u.k, u.n from unnest(vs, ds, ks, ns) u(v, d, k, n) order by 2, 3, 4
        on conflict (woman_id, village_id, day, key) do update set n = c.n + excluded.n;
      delete from figure_stock_contributions where woman_id = p_woman and n = 0;
      insert into figure_stock_changes as c (village_id, day, key, n)
        select u.v, u.d, u.k, u.n from unnest(vs, ds, ks, ns) u(v, d, k, n) order by 1, 2, 3
        on conflict (village_id, day, key) do update set n = c.n + excluded.n;
      delete from figure_stock_changes c using unnest(vs, ds, ks) u(v, d, k) where c.village_id = u.v and c.day = u.d and c.key = u.k and c.n = 0;
      -- A change counts in the base of every later year of the window (in one order, so writers queue, never deadlock).
      insert into figure_stock_base as b (year, village_id, key, n)
        select y, u.v, u.k, sum(u.n)::integer from unnest(vs, ds, ks, ns) u(v, d, k, n)
          cross join generate_series(greatest(extract(year from u.d)::integer + 1, ${first}), ${last}) y
         group by 1, 2, 3 order by 1, 2, 3
        on conflict (year, village_id, key) do update set n = b.n + excluded.n;
    end $fn$;`;
}

/** The base of every year of the window from the stored changes: per year the changes before it, summed up the years. */
const BASE_FROM_CHANGES = `
  select g.year, g.village_id, g.key, sum(coalesce(py.n, 0)) over (partition by g.village_id, g.key order by g.year)::int as n
    from (select k.village_id, k.key, y.year from (select distinct village_id, key from figure_stock_changes) k
           cross join generate_series(${first}, ${last}) y(year)) g
    left join (select c.village_id, c.key, greatest(extract(year from c.day)::int + 1, ${first}) as year, sum(c.n) as n
                 from figure_stock_changes c where c.day < make_date(${last}, 1, 1) group by 1, 2, 3) py
           on py.village_id = g.village_id and py.key = g.key and py.year = g.year`;

/** Rebuild, step 1: the contributions of the women whose ids are in [lo, hi]. */
export async function storeStockContributions(trx: Knex.Transaction, lo: number, hi: number): Promise<number> {
  const { rowCount } = await trx.raw<{ rowCount: number }>('insert into figure_stock_contributions select * from figure_stock_rows_between(?, ?)', [lo, hi]);
  return rowCount;
}

/** Rebuild, step 2: the changes per village × day × key, then the base of every year of the window. */
export async function sumStockContributions(trx: Knex.Transaction): Promise<number> {
  const { rowCount } = await trx.raw<{ rowCount: number }>(
    'insert into figure_stock_changes select village_id, day, key, sum(n)::int from figure_stock_contributions group by 1, 2, 3 having sum(n) <> 0',
  );
  await trx.raw(`insert into figure_stock_base (year, village_id, key, n) select b.year, b.village_id, b.key, b.n from (${BASE_FROM_CHANGES}) b where b.n <> 0`);
  return rowCount;
}

export async function clearStockStore(trx: Knex.Transaction): Promise<void> {
  await trx.raw('lock table figure_stock_contributions, figure_stock_changes, figure_stock_months, figure_stock_base in exclusive mode');
  // A truncate fires no row or statement triggers: the month sums are emptied with the changes they follow.
  await trx.raw('truncate figure_stock_contributions, figure_stock_changes, figure_stock_months, figure_stock_base');
}

/**
 * The stored stock at a day per report row: that year's base, the year's month sums before the day's month (all its
 * months when the day ends one: report periods are whole months), and the changes of the day's month up to the day.
 * A region that is most of the deployment reads each part by date across all villages (index-only ranges) and keeps
 * its villages; a smaller one reads village by village, so a county's report reads only its own villages' rows.
 * The month-only figures (MONTH_STOCK_KEYS: the 孕前 targets and 特扶 落实率, stored on month ends for the month ending
 * there) are returned only when named in `monthKeys` (checks-sources.ts storedMonthFigures: the report's period).
 */
export async function storedStockAt(db: Knex, rv: RowVillagesSql, day: string, o: { monthKeys: readonly CountKey[] }): Promise<Record<string, number>[]> {
  const year = Number(day.slice(0, 4));
  const baseYear = year < first ? undefined : Math.min(year, last);
  const since = baseYear === undefined ? '-infinity' : `${baseYear}-01-01`;
  const month = monthOf(day);
  const wholeMonth = day === monthEnd(month);
  const monthsBefore = wholeMonth ? monthStart(addMonthsToMonth(month, 1)) : monthStart(month);
  const own = (alias: string) => (rv.wide ? '' : ` and ${alias}.village_id = rv.village_id`);
  const parts: [string, (string | number)[]][] = [
    ...(baseYear === undefined ? [] : [[`select b.village_id, b.key, b.n from figure_stock_base b where b.year = ?${own('b')}`, [baseYear]] as [string, number[]]]),
    [`select m.village_id, m.key, m.n from figure_stock_months m where m.month >= ?::date and m.month < ?::date${own('m')}`, [since, monthsBefore]],
    ...(wholeMonth ? [] : [[`select c.village_id, c.key, c.n from figure_stock_changes c where c.day >= ?::date and c.day <= ?::date${own('c')}`, [monthStart(month), day]] as [string, string[]]]),
  ];
  const union = parts.map(([sql]) => sql).join(' union all ');
  const from = rv.wide ? `rv join (${union}) x on x.village_id = rv.village_id` : `rv cross join lateral (${union}) x`;
  const { rows } = await db.raw<{ rows: { row_id: number; key: string; n: number }[] }>(
    `with rv as materialized (${rv.sql})
     select rv.row_id, x.key, sum(x.n)::int as n from ${from} group by 1, 2`,
    [...rv.bindings, ...parts.flatMap(([, bindings]) => bindings)],
  );
  const leftOut = new Set<string>(MONTH_STOCK_KEYS.filter((k) => !o.monthKeys.includes(k)));
  const byRow = new Map<number, Record<string, number>>();
  for (const r of rows) byRow.set(r.row_id, { ...(byRow.get(r.row_id) ?? { row_id: r.row_id }), ...(leftOut.has(r.key) ? {} : { [r.key]: r.n }) });
  return [...byRow.values()];
}

/**
 * free_supply_users of a period other than a calendar month (a calendar month's is stored on month ends:
 * stockChanges) — married short-acting users at the day who received free contraceptives during the period: the
 * women whose stored short_acting_users changes up to the day leave them counted in one of the report's villages
 * (read village by village), kept when they were supplied in the period — the stock source's own flag, so equal to
 * it by construction, and read from the report's villages whatever else the deployment holds. The supplied women
 * are kept before their changes are summed (the same women either way): a county's month sums a tenth of the rows.
 */
export async function storedSuppliedUsers(db: Knex, rv: RowVillagesSql, r: { from: string; to: string }): Promise<Record<string, number>[]> {
  const { rows } = await db.raw<{ rows: { row_id: number; n: number }[] }>(
    `with rv as materialized (${rv.sql}),
          counted as (select rv.row_id, c.woman_id
                        from rv join figure_stock_contributions c on c.key = 'short_acting_users' and c.village_id = rv.village_id and c.day <= ?::date
                       where c.woman_id in (select x.woman_id from free_supplies x where x.supplied_on between ?::date and ?::date)
                       group by 1, 2, c.village_id having sum(c.n) > 0)
     select s.row_id, count(*)::int as n from counted s group by 1`,
    [...rv.bindings, r.to, r.from, r.to],
  );
  return rows.map((row) => ({ row_id: row.row_id, free_supply_users: row.n }));
}

/**
 * The nightly check of the stored stock: the changes recomputed from the source for every woman vs the stored ones,
 * per village × month × key, and vs the stored month sums; and every base row vs the sum of the stored changes before its year.
 */
export async function compareStockChanges(db: Knex): Promise<{ compared: number; differences: FigureDifferenceRow[] }> {
  const { rows } = await db.raw<{ rows: (FigureDifferenceRow & { compared: number })[] }>(
    `with ids as (select coalesce(min(id), 0) as lo, coalesce(max(id), -1) as hi from women),
          live as (select s.village_id, date_trunc('month', s.day)::date as month, s.key, sum(s.n)::int as n
                     from ids cross join lateral figure_stock_rows_between(ids.lo, ids.hi) s group by 1, 2, 3),
          stored as (select village_id, date_trunc('month', day)::date as month, key, sum(n)::int as n from figure_stock_changes group by 1, 2, 3),
          j as (select coalesce(l.village_id, s.village_id) as village_id, to_char(coalesce(l.month, s.month), 'YYYY-MM') || ' 存量变动' as month,
                       coalesce(l.key, s.key) as key, coalesce(s.n, 0) as stored, coalesce(l.n, 0) as live
                  from live l full join stored s on s.village_id = l.village_id and s.month = l.month and s.key = l.key),
          expected as (${BASE_FROM_CHANGES}),
          base as (select coalesce(e.village_id, b.village_id) as village_id, coalesce(e.year, b.year)::text || ' 年初存量' as month,
                          coalesce(e.key, b.key) as key, coalesce(b.n, 0) as stored, coalesce(e.n, 0) as live
                     from expected e full join figure_stock_base b on b.year = e.year and b.village_id = e.village_id and b.key = e.key),
          months as (select coalesce(l.village_id, m.village_id) as village_id, to_char(coalesce(l.month, m.month), 'YYYY-MM') || ' 存量月计' as month,
                            coalesce(l.key, m.key) as key, coalesce(m.n, 0) as stored, coalesce(l.n, 0) as live
                       from live l full join figure_stock_months m on m.village_id = l.village_id and m.month = l.month and m.key = l.key),
          a as (select * from j union all select * from base union all select * from months)
     select v.code as village_code, a.month, a.key, a.stored, a.live, count(*) over ()::int as compared
       from a left join regions v on v.id = a.village_id
      order by (a.stored <> a.live) desc, v.code, a.month, a.key`,
  );
  const compared = rows[0]?.compared ?? 0;
  return { compared, differences: rows.filter((r) => r.stored !== r.live).map(({ compared: _c, ...d }) => d) };
}
