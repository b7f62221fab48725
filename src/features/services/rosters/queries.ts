/**
 * SQL for the rosters. The 应措 membership on a day is the rule of src/domain/rosters.ts (shouldAdoptOn) written
 * as one set-based query, so a township's roster costs one statement, not one card load per woman; a db test
 * holds the two together. The village on a past day follows accepted transfers (moved_on after that day means
 * she still lived in the transfer's origin village).
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { addMonths, addYears, type IsoDate } from '../../../domain/dates.ts';
import { RECENT_BIRTH_MONTHS, ROSTER_EXIT_AGE, type RosterFacts } from '../../../domain/rosters.ts';

/** A woman on a roster: the card's essentials and where she lives. */
export interface RosterPerson {
  id: number;
  name: string;
  id_number: string;
  birth_date: IsoDate;
  phone: string | null;
  address: string | null;
  spouse_name: string | null;
  village_id: number;
  village_code: string;
  village_name: string;
}

export interface Member {
  id: number;
  village_id: number;
}

/** Who is on the 应措花名册 on day `d`, with the village she lived in that day, inside the scope (one village). */
export async function shouldAdoptMembers(db: Knex, scope: Scope, d: IsoDate, village?: string): Promise<Member[]> {
  const since = addMonths(d, -RECENT_BIRTH_MONTHS);
  const scopeLike = `${scope.code}%`;
  const { rows } = await db.raw<{ rows: Member[] }>(
    // The women who can be in the scope on day d: living in it now, or moved out of it after d. Both halves as
    // arrays (= any) so PostgreSQL ORs two index scans instead of reading every card; the CTE is materialized
    // so each survivor's village that day is looked up once, after the filters. Measured on 100,000 cards:
    // a township's roster 90 ms with a join to a pool of ids, 20 ms like this.
    `with candidates as materialized (
       select w.id,
              coalesce((select t.from_region_id from transfers t
                         where t.woman_id = w.id and t.status = 'accepted' and t.moved_on > :d
                         order by t.moved_on, t.id limit 1), w.region_id) as village_id
         from women w
        where (w.region_id = any(array(select id from regions where level = 'village' and code like :scope_like))
               or w.id = any(array(select t.woman_id from transfers t join regions r on r.id = t.from_region_id
                                    where t.status = 'accepted' and t.moved_on > :d and r.code like :scope_like)))
          and (w.status = 'active' or w.exit_date > :d)
          and (select m.kind from marital_events m where m.woman_id = w.id and m.effective_on <= :d
                order by m.effective_on desc, m.id desc limit 1) in ('first_marriage', 'remarriage')
          and w.birth_date > :born_after
          and not exists (select 1 from contraception_episodes e
                           where e.woman_id = w.id and e.started_on <= :d and (e.ended_on is null or e.ended_on > :d))
          and not exists (select 1 from pregnancies p
                           where p.woman_id = w.id and p.found_on <= :d and (p.outcome = 'ongoing' or p.outcome_date > :d))
          and not exists (select 1 from children c
                           where c.woman_id = w.id and c.birth_date > :since and c.birth_date <= :d)
          and not exists (select 1 from pregnancies p
                           where p.woman_id = w.id and p.outcome in ('live_birth', 'stillbirth')
                             and p.outcome_date > :since and p.outcome_date <= :d)
          and not exists (select 1 from certificates k
                           where k.woman_id = w.id and k.kind = 'birth_registration' and k.issued_on <= :d
                             and (k.revoked_on is null or k.revoked_on > :d) and (k.expires_on is null or k.expires_on >= :d))
     )
     select c.id, c.village_id from candidates c join regions v on v.id = c.village_id
      where v.code like :scope_like and (:village::text is null or v.code = :village::text)`,
    { d, since, born_after: addYears(d, -ROSTER_EXIT_AGE), scope_like: scopeLike, village: village ?? null },
  );
  return rows;
}

const PERSON = ['w.id', 'w.name', 'w.id_number', 'w.birth_date', 'w.phone', 'w.address', 'w.spouse_name'];

/** The village each woman lived in on day `d` (her card's village, unless an accepted transfer came after `d`). */
export async function villagesOn(db: Knex, ids: number[], d: IsoDate): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.raw<{ rows: Member[] }>(
    `select w.id, coalesce((select t.from_region_id from transfers t
                             where t.woman_id = w.id and t.status = 'accepted' and t.moved_on > ?
                             order by t.moved_on, t.id limit 1), w.region_id) as village_id
       from women w where w.id = any(?::int[])`,
    [d, ids],
  );
  return new Map(rows.map((r) => [r.id, r.village_id]));
}

/** Card essentials of these women, with the village given for each (the roster's day), sorted by village and name. */
export async function personsOf(db: Knex, members: Member[]): Promise<RosterPerson[]> {
  if (members.length === 0) return [];
  const villages = new Map(members.map((m) => [m.id, m.village_id]));
  const rows: Omit<RosterPerson, 'village_id' | 'village_code' | 'village_name'>[] = await db('women as w')
    .whereRaw('w.id = any(?::int[])', [members.map((m) => m.id)])
    .select(PERSON);
  const regionRows: { id: number; code: string; name: string }[] = await db('regions')
    .whereRaw('id = any(?::int[])', [[...new Set(villages.values())]])
    .select('id', 'code', 'name');
  const regions = new Map(regionRows.map((r) => [r.id, r]));
  return rows
    .map((r) => {
      const v = regions.get(villages.get(r.id)!)!;
      return { ...r, village_id: v.id, village_code: v.code, village_name: v.name };
    })
    .sort((a, b) => (a.village_code < b.village_code ? -1 : a.village_code > b.village_code ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));
}

/** What the roster rules read of each woman (for the reason columns), keyed by woman id. */
export async function rosterFacts(db: Knex, ids: number[]): Promise<Map<number, RosterFacts>> {
  const out = new Map<number, RosterFacts>();
  if (ids.length === 0) return out;
  const any = db.raw('woman_id = any(?::int[])', [ids]);
  const women = await db('women').whereRaw('id = any(?::int[])', [ids]).select('id', 'birth_date', 'marital_status', 'marriage_date', 'status', 'exit_date', 'exit_reason');
  for (const w of women) out.set(w.id, { woman: w, children: [], pregnancies: [], episodes: [], certificates: [], marital: [] });
  const push = <K extends keyof Omit<RosterFacts, 'woman'>>(key: K, rows: ({ woman_id: number } & RosterFacts[K][number])[]) => {
    for (const r of rows) (out.get(r.woman_id)![key] as unknown[]).push(r);
  };
  push('children', await db('children').where(any).select('woman_id', 'birth_date'));
  push('pregnancies', await db('pregnancies').where(any).select('woman_id', 'found_on', 'outcome', 'outcome_date'));
  push('episodes', await db('contraception_episodes').where(any).select('woman_id', 'method', 'started_on', 'ended_on', 'end_reason'));
  push('certificates', await db('certificates').where(any).select('woman_id', 'kind', 'issued_on', 'expires_on', 'revoked_on'));
  push('marital', await db('marital_events').where(any).orderBy(['effective_on', 'id']).select('woman_id', 'kind', 'effective_on'));
  return out;
}

export interface RemovalDueRow extends RosterPerson {
  episode_id: number;
  method: string;
  started_on: IsoDate;
  due_on: IsoDate;
  ended_on: IsoDate | null;
  end_reason: string | null;
}

/**
 * IUDs and implants due for removal between `from` (when given) and `by`, both inclusive: open ones (she is on
 * the register), and — when `endedFrom` is given — those taken out since that day (a work order shows them as done).
 */
function removalsDueQuery(db: Knex, scope: Scope, by: IsoDate, village?: string, endedFrom?: IsoDate, from?: IsoDate) {
  const q = db('contraception_episodes as e')
    .join('women as w', 'w.id', 'e.woman_id')
    .join('regions as v', 'v.id', 'w.region_id')
    .whereIn('e.method', ['iud', 'implant'])
    .andWhere('e.due_on', '<=', by)
    .andWhere('w.status', 'active')
    .andWhereLike('v.code', `${scope.code}%`);
  if (from) q.andWhere('e.due_on', '>=', from);
  if (endedFrom) q.andWhere((b) => b.whereNull('e.ended_on').orWhere('e.ended_on', '>=', endedFrom));
  else q.whereNull('e.ended_on');
  if (village) q.andWhere('v.code', village);
  return q;
}

/** Sorted by due date, then name (the page's order; print views and work orders group the rows by village). */
export async function removalsDue(db: Knex, scope: Scope, by: IsoDate, village?: string, endedFrom?: IsoDate, from?: IsoDate): Promise<RemovalDueRow[]> {
  return removalsDueQuery(db, scope, by, village, endedFrom, from)
    .select([...PERSON, 'v.id as village_id', 'v.code as village_code', 'v.name as village_name', 'e.id as episode_id', 'e.method', 'e.started_on', 'e.due_on', 'e.ended_on', 'e.end_reason'])
    .orderBy([{ column: 'e.due_on' }, { column: 'w.name' }, { column: 'e.id' }]);
}

/**
 * Open IUDs and implants due for removal by `by`, split at `monthStart` (home page: the numbers, not the
 * lists): due in the month, and overdue (due before it and still not taken out).
 */
export async function countRemovalsDue(db: Knex, scope: Scope, by: IsoDate, monthStart: IsoDate): Promise<{ dueInMonth: number; overdue: number }> {
  const [row] = await removalsDueQuery(db, scope, by).select<{ due_in_month: number; overdue: number }[]>(
    db.raw('count(*) filter (where e.due_on >= ?) as due_in_month', [monthStart]),
    db.raw('count(*) filter (where e.due_on < ?) as overdue', [monthStart]),
  );
  return { dueInMonth: Number(row.due_in_month), overdue: Number(row.overdue) };
}
