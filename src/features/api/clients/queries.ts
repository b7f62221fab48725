/** SQL of the API clients' admin pages: the list, one client, its calls; insert and revoke. */
import type { Knex } from 'knex';
import type { ApiClientsTable } from '../../../db/tables.ts';

export interface ClientRow extends ApiClientsTable {
  region_code: string;
  region_name: string;
  region_level: string;
  created_by_name: string | null;
  revoked_by_name: string | null;
}

const clientColumns = (db: Knex) =>
  db('api_clients as c')
    .join('regions as r', 'r.id', 'c.region_id')
    .leftJoin('users as cu', 'cu.id', 'c.created_by')
    .leftJoin('users as ru', 'ru.id', 'c.revoked_by')
    .select('c.*', 'r.code as region_code', 'r.name as region_name', 'r.level as region_level', 'cu.display_name as created_by_name', 'ru.display_name as revoked_by_name');

/** The clients whose region lies inside the admin's region (newest first), one page and the total. */
export async function listClients(db: Knex, scopeCode: string, page: { limit: number; offset: number }): Promise<{ rows: ClientRow[]; total: number }> {
  const rows = (await clientColumns(db)
    .whereLike('r.code', `${scopeCode}%`)
    .orderBy([
      { column: 'c.created_at', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ])
    .limit(page.limit)
    .offset(page.offset)) as ClientRow[];
  const total = await db('api_clients as c').join('regions as r', 'r.id', 'c.region_id').whereLike('r.code', `${scopeCode}%`).count<{ n: number }[]>('* as n');
  return { rows, total: total[0]?.n ?? 0 };
}

export async function findClient(db: Knex, id: number, scopeCode: string, forUpdate = false): Promise<ClientRow | undefined> {
  const q = clientColumns(db).where('c.id', id).whereLike('r.code', `${scopeCode}%`);
  if (forUpdate) void q.forUpdate('c');
  return (await q.first()) as ClientRow | undefined;
}

export async function insertClient(db: Knex, row: Omit<ApiClientsTable, 'id' | 'revoked_by' | 'revoked_at' | 'revoke_reason' | 'last_used_at'>): Promise<number> {
  const [r] = await db('api_clients').insert(row).returning('id');
  return (r as { id: number }).id;
}

export async function revokeClient(db: Knex, id: number, patch: { revoked_by: number | null; revoked_at: Date; revoke_reason: string }) {
  await db('api_clients').where({ id }).whereNull('revoked_at').update(patch);
}

export interface CallRow {
  id: number;
  at: Date;
  method: string;
  path: string;
  status: number;
  ms: number;
}

/** A client's calls, newest first. */
export async function callsOf(db: Knex, clientId: number, page: { limit: number; offset: number }): Promise<{ rows: CallRow[]; total: number }> {
  const rows = await db('api_calls')
    .where({ client_id: clientId })
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.limit)
    .offset(page.offset)
    .select('id', 'at', 'method', 'path', 'status', 'ms');
  const total = await db('api_calls').where({ client_id: clientId }).count<{ n: number }[]>('* as n');
  return { rows, total: total[0]?.n ?? 0 };
}
