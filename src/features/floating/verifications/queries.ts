/**
 * SQL of the verification schedule: the floating women of the caller's villages (status on the day from the dated
 * floating history) with their last verification and the next one due (every N months, floating_settings).
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import type { FloatingVerificationsTable } from '../../../db/tables.ts';

export interface VerificationListRow {
  woman_id: number;
  name: string;
  id_number: string;
  village_code: string;
  village_name: string;
  migrant_status: 'outflow' | 'inflow';
  floating_since: IsoDate;
  migrant_place: string | null;
  last_verified_on: IsoDate | null;
  last_result: string | null;
  next_due_on: IsoDate;
}

/** The rows of a list query (a page past the end still needs the total, to show the last page). */
export async function countOf(db: Knex, q: Knex.QueryBuilder): Promise<number> {
  const row = (await db.from(q.clone().clearSelect().clearOrder().select(db.raw('1')).as('x')).first(db.raw('count(*)::int as n'))) as { n: number } | undefined;
  return row?.n ?? 0;
}

export async function verifyEveryMonths(db: Knex): Promise<number> {
  const row = await db('floating_settings').where({ id: 1 }).first('verify_every_months');
  return row?.verify_every_months ?? 6;
}

function base(db: Knex, scope: Scope, today: IsoDate, months: number) {
  return db
    .from(
      db('women as w')
        .join('regions as v', 'v.id', 'w.region_id')
        .joinRaw(
          `join lateral (select fe.kind, fe.effective_on from floating_events fe where fe.woman_id = w.id and fe.effective_on <= ?::date
                          order by fe.effective_on desc, fe.id desc limit 1) st on true`,
          [today],
        )
        .joinRaw(
          `left join lateral (select x.verified_on, x.result from floating_verifications x where x.woman_id = w.id and x.verified_on >= st.effective_on
                               order by x.verified_on desc, x.id desc limit 1) lv on true`,
        )
        .whereIn('w.region_id', villagesInScope(db, scope))
        .andWhere('w.status', 'active')
        .whereIn('st.kind', ['outflow', 'inflow'])
        .select(
          'w.id as woman_id',
          'w.name',
          'w.id_number',
          'v.code as village_code',
          'v.name as village_name',
          'st.kind as migrant_status',
          'st.effective_on as floating_since',
          'w.migrant_place',
          'lv.verified_on as last_verified_on',
          'lv.result as last_result',
          db.raw(`(coalesce(lv.verified_on, st.effective_on) + make_interval(months => ?))::date as next_due_on`, [months]),
        )
        .as('f'),
    )
    .select('f.*');
}

export async function verificationPage(
  db: Knex,
  scope: Scope,
  f: { today: IsoDate; months: number; status: 'due' | 'all'; village?: string },
  page: { limit: number; offset: number },
): Promise<{ rows: VerificationListRow[]; total: number }> {
  const q = base(db, scope, f.today, f.months);
  if (f.status === 'due') q.where('f.next_due_on', '<=', f.today);
  if (f.village) q.where('f.village_code', f.village);
  const rows = (await q
    .clone()
    .select(db.raw('count(*) over () as total'))
    .orderBy([{ column: 'f.next_due_on' }, { column: 'f.village_code' }, { column: 'f.name' }, { column: 'f.woman_id' }])
    .limit(page.limit)
    .offset(page.offset)) as (VerificationListRow & { total: number })[];
  return { rows, total: rows[0]?.total ?? (page.offset > 0 ? await countOf(db, q) : 0) };
}

/** A floating woman in scope with her status on the day (undefined when not in scope or not floating then). */
export async function floatingWomanInScope(db: Knex, scope: Scope, womanId: number, today: IsoDate, months: number): Promise<VerificationListRow | undefined> {
  const rows = (await base(db, scope, today, months).where('f.woman_id', womanId)) as VerificationListRow[];
  return rows[0];
}

export async function womanRegion(db: Knex, womanId: number): Promise<number> {
  const row = await db('women').where({ id: womanId }).first('region_id');
  return row!.region_id;
}

export async function insertVerification(db: Knex, row: Omit<FloatingVerificationsTable, 'id' | 'created_at' | 'updated_at'>): Promise<FloatingVerificationsTable> {
  const [out] = await db('floating_verifications').insert(row).returning('*');
  return out!;
}
