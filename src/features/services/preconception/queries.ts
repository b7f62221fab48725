/**
 * SQL of 孕前优生: pregnancy plans and preconception checks on a woman's card, and the township list of target
 * couples. The list runs the report's target-couple source (the one SQL of the rule, src/features/reports) and adds
 * the card's essentials; every read is limited to the villages in the caller's scope.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { PreconceptionChecksTable, PregnancyPlansTable } from '../../../db/tables.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { CHECK_LEAD_MONTHS } from '../../../domain/preconception.ts';

export type PlanRow = PregnancyPlansTable;
export type CheckRow = PreconceptionChecksTable;

export interface WomanRef {
  id: number;
  name: string;
  birth_date: IsoDate;
  status: string;
  region_id: number;
}

/** Her card, if it lies in the scope (locked for the write's transaction). */
export async function lockWomanInScope(db: Knex, scope: Scope, womanId: number): Promise<WomanRef | undefined> {
  return db('women').where('id', womanId).whereIn('region_id', villagesInScope(db, scope)).forUpdate().first<WomanRef | undefined>('id', 'name', 'birth_date', 'status', 'region_id');
}

export async function plansOf(db: Knex, womanId: number): Promise<PlanRow[]> {
  return db('pregnancy_plans')
    .where('woman_id', womanId)
    .orderBy([
      { column: 'planned_on', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
}

export async function checksOf(db: Knex, womanId: number): Promise<CheckRow[]> {
  return db('preconception_checks')
    .where('woman_id', womanId)
    .orderBy([
      { column: 'checked_on', order: 'desc' },
      { column: 'id', order: 'desc' },
    ]);
}

export async function insertPlan(db: Knex, row: Pick<PlanRow, 'woman_id' | 'planned_on' | 'note' | 'created_by'>): Promise<PlanRow> {
  const [created] = await db('pregnancy_plans').insert(row).returning('*');
  return created;
}

export async function endPlan(db: Knex, id: number, endedOn: IsoDate, note: string | null): Promise<void> {
  await db('pregnancy_plans').where({ id }).update({ ended_on: endedOn, note, updated_at: db.fn.now() });
}

export async function insertCheck(
  db: Knex,
  row: Pick<CheckRow, 'woman_id' | 'region_id' | 'whose' | 'checked_on' | 'result' | 'risk_note' | 'referred' | 'referred_to' | 'created_by'>,
): Promise<CheckRow> {
  const [created] = await db('preconception_checks').insert(row).returning('*');
  return created;
}

export interface TargetRow {
  woman_id: number;
  woman_name: string;
  id_number: string;
  phone: string | null;
  spouse_name: string | null;
  village_code: string;
  village_name: string;
  married_on: IsoDate;
  planned_on: IsoDate | null;
  start_on: IsoDate;
  checked: boolean;
  woman_checked_on: IsoDate | null;
  spouse_checked_on: IsoDate | null;
}

export interface TargetFilter {
  /** The villages' code prefix (the scope's code, or one village's code within it). */
  prefix: string;
  status: 'unchecked' | 'checked' | 'all';
}

/** The target couples of a source (its SQL and bindings) under a code prefix, a window at a time, with the total. */
export async function targetCouples(
  db: Knex,
  src: { sql: string; bindings: (string | number)[] },
  f: TargetFilter,
  window?: { limit: number; offset: number },
): Promise<{ rows: TargetRow[]; total: number }> {
  const status = f.status === 'checked' ? 'and s.checked' : f.status === 'unchecked' ? 'and not s.checked' : '';
  const lastCheck = (whose: string) =>
    `(select max(pc.checked_on) from preconception_checks pc where pc.woman_id = s.woman_id and pc.whose = '${whose}'
        and pc.checked_on >= (s.start_on - interval '${CHECK_LEAD_MONTHS} months')::date and pc.checked_on <= s.event_date)`;
  const { rows } = await db.raw<{ rows: (TargetRow & { total: number })[] }>(
    `select s.woman_id, s.married_on, s.planned_on, s.start_on, s.checked, w.name as woman_name, w.id_number, w.phone, w.spouse_name,
            v.code as village_code, v.name as village_name, ${lastCheck('woman')} as woman_checked_on, ${lastCheck('spouse')} as spouse_checked_on,
            count(*) over () as total
       from (${src.sql}) s join women w on w.id = s.woman_id join regions v on v.id = s.village_id
      where v.level = 'village' and v.code like ? ${status}
      order by v.code, w.name, w.id
      ${window ? 'limit ? offset ?' : ''}`,
    [...src.bindings, `${f.prefix}%`, ...(window ? [window.limit, window.offset] : [])],
  );
  if (rows.length === 0 && window && window.offset > 0) {
    // A page past the end: the total still, so the caller can show the last page.
    const { rows: n } = await db.raw<{ rows: { n: number }[] }>(
      `select count(*)::int as n from (${src.sql}) s join regions v on v.id = s.village_id where v.level = 'village' and v.code like ? ${status}`,
      [...src.bindings, `${f.prefix}%`],
    );
    return { rows: [], total: n[0]?.n ?? 0 };
  }
  return { rows: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}
