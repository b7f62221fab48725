/** SQL of the JSON API: the client a token names, its last use, and the call log (with its retention). */
import type { Knex } from 'knex';
import type { RegionLevel } from '../../../domain/codes.ts';
import type { ApiCallsTable } from '../../../db/tables.ts';

export interface TokenClient {
  id: number;
  name: string;
  access: 'read' | 'write';
  token_prefix: string;
  rate_limit_per_minute: number;
  region_id: number;
  region_code: string;
  region_name: string;
  region_level: RegionLevel;
}

/** The client a token hash names, when it is not revoked. */
export async function clientByHash(db: Knex, hash: string): Promise<TokenClient | undefined> {
  return db('api_clients as c')
    .join('regions as r', 'r.id', 'c.region_id')
    .where('c.token_hash', hash)
    .whereNull('c.revoked_at')
    .first<TokenClient | undefined>(
      'c.id',
      'c.name',
      'c.access',
      'c.token_prefix',
      'c.rate_limit_per_minute',
      'c.region_id',
      'r.code as region_code',
      'r.name as region_name',
      'r.level as region_level',
    );
}

export async function insertCall(db: Knex, row: Omit<ApiCallsTable, 'id'>): Promise<void> {
  await db('api_calls').insert(row);
}

/** last_used_at moves at most once a minute (a polling client does not rewrite its row on every call). */
export async function touchClient(db: Knex, id: number, at: Date): Promise<void> {
  await db('api_clients')
    .where({ id })
    .andWhere((w) => w.whereNull('last_used_at').orWhere('last_used_at', '<', new Date(at.getTime() - 60_000)))
    .update({ last_used_at: at });
}

export async function pruneCalls(db: Knex, before: Date): Promise<number> {
  return db('api_calls').where('at', '<', before).del();
}
