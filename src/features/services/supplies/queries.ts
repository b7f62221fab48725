/**
 * SQL for 免费药具发放: the woman a supply is for (in scope, locked while recording), the rows written, her
 * supplies (card, her page) and the township's list of supplies by the village where they were handed out.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { FreeSuppliesTable } from '../../../db/tables.ts';
import type { IsoDate } from '../../../domain/dates.ts';

export type SupplyRow = FreeSuppliesTable;

/** A supply with the village where it was handed out and who recorded it. */
export interface SupplyListRow extends SupplyRow {
  village_name: string;
  village_code: string;
  recorded_by: string | null;
  woman_name: string;
  id_number: string;
}

export interface SupplyWoman {
  id: number;
  name: string;
  status: string;
  region_id: number;
  id_number: string;
  birth_date: IsoDate;
  registered_on: IsoDate;
  village_name: string;
}

/** She lives in the scope (locked for the transaction when `lock`); undefined otherwise. */
export async function womanInScope(db: Knex, scope: Scope, womanId: number, lock = false): Promise<SupplyWoman | undefined> {
  const q = db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where('w.id', womanId)
    .whereIn('w.region_id', villagesInScope(db, scope))
    .select<SupplyWoman[]>('w.id', 'w.name', 'w.status', 'w.region_id', 'w.id_number', 'w.birth_date', 'w.registered_on', 'v.name as village_name');
  if (lock) q.forUpdate('w');
  return q.first();
}

export type SupplyInsert = Omit<SupplyRow, 'id' | 'created_at' | 'updated_at'>;

export async function insertSupply(db: Knex, row: SupplyInsert): Promise<SupplyRow> {
  const [created] = await db('free_supplies').insert(row).returning('*');
  return created;
}

function listed(db: Knex) {
  return db('free_supplies as s').join('regions as sv', 'sv.id', 's.region_id').join('women as w', 'w.id', 's.woman_id').leftJoin('users as u', 'u.id', 's.created_by');
}

const COLUMNS = ['s.*', 'sv.name as village_name', 'sv.code as village_code', 'u.display_name as recorded_by', 'w.name as woman_name', 'w.id_number'];
const NEWEST = [
  { column: 's.supplied_on', order: 'desc' as const },
  { column: 's.id', order: 'desc' as const },
];

/** Her supplies, newest first (a window of them, and how many there are). The caller checked she is in scope. */
export async function suppliesOfWoman(db: Knex, womanId: number, limit?: number): Promise<{ rows: SupplyListRow[]; total: number }> {
  const [{ total }] = await db('free_supplies').where({ woman_id: womanId }).count<{ total: number }[]>({ total: '*' });
  const q = listed(db).where('s.woman_id', womanId).select<SupplyListRow[]>(COLUMNS).orderBy(NEWEST);
  if (limit) q.limit(limit);
  return { rows: await q, total };
}

export interface SupplyListQuery {
  village?: string;
  item?: string;
  from?: IsoDate;
  to?: IsoDate;
}

/** Supplies handed out in the scope's villages (where they were handed out), filtered. */
function filtered(db: Knex, scope: Scope, f: SupplyListQuery) {
  const q = listed(db).whereIn('s.region_id', villagesInScope(db, scope));
  if (f.village) q.andWhere('sv.code', f.village);
  if (f.item) q.andWhere('s.item', f.item);
  if (f.from) q.andWhere('s.supplied_on', '>=', f.from);
  if (f.to) q.andWhere('s.supplied_on', '<=', f.to);
  return q;
}

export interface SupplyTotals {
  total: number;
  women: number;
  quantity: number;
}

/** A page of the list (all rows when no window: the CSV), and the whole list's totals. */
export async function listSupplies(db: Knex, scope: Scope, f: SupplyListQuery, page?: { limit: number; offset: number }): Promise<{ rows: SupplyListRow[] } & SupplyTotals> {
  const [totals] = await filtered(db, scope, f)
    .clearSelect()
    .select<SupplyTotals[]>(db.raw('count(*)::int as total'), db.raw('count(distinct s.woman_id)::int as women'), db.raw('coalesce(sum(s.quantity), 0)::int as quantity'));
  const q = filtered(db, scope, f)
    .select<SupplyListRow[]>(COLUMNS)
    .orderBy([{ column: 'sv.code' }, { column: 's.supplied_on', order: 'desc' }, { column: 's.id', order: 'desc' }]);
  if (page) q.limit(page.limit).offset(page.offset);
  return { rows: await q, ...totals };
}
