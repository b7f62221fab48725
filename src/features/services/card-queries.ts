/** SQL for the card page's 技术服务 and 随访 sections and the services list (scope by her current village). */
import type { Knex } from 'knex';
import type { Scope } from '../../auth/actor.ts';
import type { IsoDate } from '../../domain/dates.ts';
import type { ServiceListRow } from './rows.ts';

export async function womanInScope(db: Knex, scope: Scope, womanId: number): Promise<{ id: number; name: string; status: string; region_id: number; id_number: string; village_name: string } | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where('w.id', womanId)
    .andWhereLike('v.code', `${scope.code}%`)
    .select('w.id', 'w.name', 'w.status', 'w.region_id', 'w.id_number', 'v.name as village_name')
    .first();
}

function services(db: Knex) {
  return db('services as s')
    .join('regions as sv', 'sv.id', 's.region_id')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select('s.*', 'sv.name as village_name', 'sv.code as village_code', 'u.display_name as recorded_by');
}

/** Her services, newest first (the village is where each happened). The caller checked she is in scope. */
export async function servicesOfWoman(db: Knex, womanId: number): Promise<ServiceListRow[]> {
  return services(db).where('s.woman_id', womanId).orderBy([{ column: 's.performed_on', order: 'desc' }, { column: 's.id', order: 'desc' }]);
}

export interface ServiceListQuery {
  kind?: string;
  village?: string;
  from?: IsoDate;
  to?: IsoDate;
  q?: string;
}

/** Services recorded in the scope: by the village where they happened (the statistics' view of them). */
function serviceList(db: Knex, scope: Scope, f: ServiceListQuery) {
  const q = db('services as s').join('regions as sv', 'sv.id', 's.region_id').join('women as w', 'w.id', 's.woman_id').whereLike('sv.code', `${scope.code}%`);
  if (f.kind) q.andWhere('s.kind', f.kind);
  if (f.village) q.andWhere('sv.code', f.village);
  if (f.from) q.andWhere('s.performed_on', '>=', f.from);
  if (f.to) q.andWhere('s.performed_on', '<=', f.to);
  if (f.q) {
    const term = f.q.trim();
    q.andWhere((b) => b.whereILike('w.name', `%${term}%`).orWhereLike('w.id_number', `%${term.toUpperCase()}%`));
  }
  return q;
}

const SORT: Record<string, string> = { performed_on: 's.performed_on', name: 'w.name', kind: 's.kind' };

export async function listServices(
  db: Knex,
  scope: Scope,
  f: ServiceListQuery,
  page: { limit: number; offset: number; sort?: string; dir?: 'asc' | 'desc' },
): Promise<{ rows: ServiceListRow[]; total: number }> {
  const [{ total }] = await serviceList(db, scope, f).count<{ total: number }[]>({ total: '*' });
  const rows = await serviceList(db, scope, f)
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select('s.*', 'sv.name as village_name', 'sv.code as village_code', 'u.display_name as recorded_by', 'w.name as woman_name', 'w.id_number')
    .orderBy([{ column: SORT[page.sort ?? ''] ?? 's.performed_on', order: page.dir ?? 'desc' }, { column: 's.id', order: 'desc' }])
    .limit(page.limit)
    .offset(page.offset);
  return { rows, total };
}

/** An active card in scope by its ID number (the quick "record a service for …" lookup). */
export async function activeCardByIdNumber(db: Knex, scope: Scope, idNumber: string): Promise<{ id: number; name: string } | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .where({ 'w.id_number': idNumber, 'w.status': 'active' })
    .andWhereLike('v.code', `${scope.code}%`)
    .select('w.id', 'w.name')
    .first();
}
