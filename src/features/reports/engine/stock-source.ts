/**
 * The stock: women on the register at a day (a state, not events). One SQL in two forms:
 *
 * - the report's form (`stock`): every woman at the end of the period, the histories joined as sets (hash joins of
 *   each woman's latest marital event, current method …), with ? placeholders;
 * - the figure store's form (`stockAtDaysSql`): a few women on a few days each (the days her state can change),
 *   the histories read per woman and day through their indexes (lateral), so the store can keep the days on which
 *   her stock changes (figure_stock_changes) and a report sums those changes instead of reading every woman.
 *
 * Both forms are built by `stockSelect` from the same text, so the store counts exactly what the report counts.
 */
import { LONG_ACTING_METHODS, METHOD, SHORT_ACTING_METHODS } from '../../../domain/codes.ts';
import type { CountKey } from '../../../domain/indicators.ts';
import { datePlaceholder, sqlList, type Range, type ResidenceRule, type Source } from './source-types.ts';

interface StockSqlOptions {
  /** The day the stock is taken: returns SQL (a placeholder whose value it records, or a column). */
  at: () => string;
  /** The first day of the period (free contraceptives received during it). */
  from: () => string;
  /** The from-item naming the women (alias w); a function, so its placeholders are recorded in their place. */
  women: () => string;
  /** Histories read per woman (lateral, through the woman_id indexes) instead of as whole sets. */
  perWoman: boolean;
  /** Whether `supplied` is read (free_supply_users: the report's form, and the store's month ends of supply months). */
  supplied: boolean;
}

/**
 * Women on the register at the day: on it since registered_on (建卡/迁入日期) by then, not exited before or on it,
 * aged 15–49 on it; married = her latest marital event dated by then is a first marriage or a remarriage (the card's
 * current status is never read for a past date); current method = the episode started by the day and not ended by
 * it; supplied = she received free contraceptives (free_supplies) at least once during the period. She counts in the
 * village she lived in on the day (the from_region_id of her first accepted transfer after it, else her village).
 */
function stockSelect(o: StockSqlOptions): string {
  const { at } = o;
  const join = (alias: string, setForm: string, perWomanForm: string) =>
    o.perWoman ? `left join lateral (${perWomanForm}) ${alias} on true` : `left join (${setForm}) ${alias} on ${alias}.woman_id = w.id`;
  // Each template is evaluated left to right, so the placeholders are recorded in the order they appear.
  const head = `select w.id as woman_id, coalesce(mv.from_region_id, w.region_id) as village_id, ${at()} as event_date,
                 w.id as record_id, cur.method as what, cur.method,
                 coalesce(ms.kind in ('first_marriage', 'remarriage'), false) as married,
                 coalesce(k.living, 0) as living_children, (ce.woman_id is not null) as has_certificate,
                 ${o.supplied ? '(fs.woman_id is not null)' : 'false'} as supplied
            from ${o.women()}`;
  const moved = o.perWoman
    ? join('mv', '', `select t.from_region_id from transfers t where t.woman_id = w.id and t.status = 'accepted' and t.moved_on > ${at()} order by t.moved_on, t.id limit 1`)
    : join('mv', `select distinct on (t.woman_id) t.woman_id, t.from_region_id from transfers t where t.status = 'accepted' and t.moved_on > ${at()} order by t.woman_id, t.moved_on, t.id`, '');
  const marital = o.perWoman
    ? join('ms', '', `select m.kind from marital_events m where m.woman_id = w.id and m.effective_on <= ${at()} order by m.effective_on desc, m.id desc limit 1`)
    : join('ms', `select distinct on (m.woman_id) m.woman_id, m.kind from marital_events m where m.effective_on <= ${at()} order by m.woman_id, m.effective_on desc, m.id desc`, '');
  const method = o.perWoman
    ? join(
        'cur',
        '',
        `select e.method from contraception_episodes e where e.woman_id = w.id and e.started_on <= ${at()} and (e.ended_on is null or e.ended_on > ${at()})
          order by e.started_on desc, e.id desc limit 1`,
      )
    : join(
        'cur',
        `select distinct on (e.woman_id) e.woman_id, e.method from contraception_episodes e where e.started_on <= ${at()} and (e.ended_on is null or e.ended_on > ${at()})
          order by e.woman_id, e.started_on desc, e.id desc`,
        '',
      );
  const living = o.perWoman
    ? join('k', '', `select count(*) filter (where c.vital_status <> 'deceased' or c.death_date > ${at()}) as living from children c where c.woman_id = w.id and c.birth_date <= ${at()}`)
    : join('k', `select c.woman_id, count(*) filter (where c.vital_status <> 'deceased' or c.death_date > ${at()}) as living from children c where c.birth_date <= ${at()} group by c.woman_id`, '');
  const certificate = o.perWoman
    ? join(
        'ce',
        '',
        `select x.woman_id from certificates x where x.woman_id = w.id and x.kind = 'only_child_glory' and x.issued_on <= ${at()} and (x.revoked_on is null or x.revoked_on > ${at()}) limit 1`,
      )
    : join('ce', `select distinct x.woman_id from certificates x where x.kind = 'only_child_glory' and x.issued_on <= ${at()} and (x.revoked_on is null or x.revoked_on > ${at()})`, '');
  const supplied = !o.supplied
    ? ''
    : o.perWoman
      ? join('fs', '', `select x.woman_id from free_supplies x where x.woman_id = w.id and x.supplied_on between ${o.from()} and ${at()} limit 1`)
      : join('fs', `select distinct x.woman_id from free_supplies x where x.supplied_on between ${o.from()} and ${at()}`, '');
  const where = `where w.registered_on <= ${at()} and (w.exit_date is null or w.exit_date > ${at()})
             and w.birth_date <= (${at()} - interval '15 years')::date and w.birth_date > (${at()} - interval '50 years')::date`;
  return [head, moved, marital, method, living, certificate, supplied, where].filter(Boolean).join('\n            ');
}

/** The stock's figures; free_supply_users also reads the period start (the store keeps it for calendar months only). */
export function stockFlags(): Partial<Record<CountKey, string>> {
  const flags: Partial<Record<CountKey, string>> = {
    wra: 'true',
    married_wra: 's.married',
    contraceptive_users: 's.married and s.method is not null',
    long_acting_users: `s.married and s.method in (${sqlList(LONG_ACTING_METHODS)})`,
    no_method: 's.married and s.method is null',
    certificate_holders: 's.has_certificate',
    one_child_couples: 's.living_children = 1',
    short_acting_users: `s.married and s.method in (${sqlList(SHORT_ACTING_METHODS)})`,
    free_supply_users: `s.married and s.method in (${sqlList(SHORT_ACTING_METHODS)}) and s.supplied`,
  };
  for (const m of Object.keys(METHOD)) flags[`users_${m}` as CountKey] = `s.married and s.method = '${m}'`;
  return flags;
}

/** The one stock figure that is not a state at a day: married short-acting users supplied during the period. */
export const PERIOD_STOCK_KEYS: readonly CountKey[] = ['free_supply_users'];

const GROUP_BY = ['married', 'method', 'living_children', 'has_certificate', 'supplied'];

/** The stock at the end of the period, every woman (the report's form). */
export function stock(r: Range): Source {
  const bindings: string[] = [];
  const sql = stockSelect({ at: datePlaceholder(bindings, r.to), from: datePlaceholder(bindings, r.from), women: () => 'women w', perWoman: false, supplied: true });
  return { name: 'stock', sql, bindings, flags: stockFlags(), groupBy: GROUP_BY, residence: STOCK_RESIDENCE };
}

/**
 * The store's form: the stock of the women of `women` (a from-item naming alias w and the day column sd.d) on their
 * days, every placeholder replaced by sd.d; free_supply_users left out.
 */
export function stockAtDaysSql(women: () => string): { sql: string; flags: Partial<Record<CountKey, string>> } {
  const flags = stockFlags();
  for (const k of PERIOD_STOCK_KEYS) delete flags[k];
  const sql = stockSelect({ at: () => 'sd.d', from: () => 'sd.d', women, perWoman: true, supplied: false });
  return { sql, flags };
}

/**
 * The store's form of free_supply_users for a calendar month: the women of `women` (alias w, month-end column sd.d)
 * on their month ends, supplied during the month ending there — the report's own text with the period's start at the
 * month's first day, so a month's figure read from the store is the report's.
 */
export function suppliedUsersAtMonthEndsSql(women: () => string): { sql: string; flags: Partial<Record<CountKey, string>> } {
  const sql = stockSelect({ at: () => 'sd.d', from: () => `date_trunc('month', sd.d::timestamp)::date`, women, perWoman: true, supplied: true });
  return { sql, flags: { free_supply_users: stockFlags().free_supply_users } };
}

/** The stock splits by the woman's own hukou, except 光荣证 holders (rural if either spouse is agricultural). */
const STOCK_RESIDENCE: Partial<Record<CountKey, ResidenceRule>> = {
  wra: 'own',
  married_wra: 'own',
  contraceptive_users: 'own',
  long_acting_users: 'own',
  no_method: 'own',
  certificate_holders: 'both_non_agricultural',
  one_child_couples: 'both_non_agricultural',
  users_male_sterilization: 'own',
  users_female_sterilization: 'own',
  users_iud: 'own',
  users_implant: 'own',
  users_pill_or_injection: 'own',
  users_condom: 'own',
  users_topical: 'own',
  users_other: 'own',
};
