/** SQL of the audit log: inserts (one or many), the scoped search, one record's history. */
import type { Knex } from 'knex';
import type { AuditLogTable } from '../../../db/tables.ts';
import type { Scope } from '../../../auth/actor.ts';
import { regionsInScope, villagesInScope } from '../../../auth/scope.ts';
import { SESSION_ACTION_PREFIX, isSessionAction } from '../../../domain/audit-actions.ts';

export interface AuditRow extends AuditLogTable {
  region_name: string | null;
}

export interface AuditInsert {
  user_id: number | null;
  username: string;
  action: string;
  entity: string;
  entity_id: string | null;
  region_id: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  ip: string | null;
}

export async function insertAudit(db: Knex, row: AuditInsert): Promise<void> {
  await db('audit_log').insert({
    ...row,
    before: row.before === null ? null : JSON.stringify(row.before),
    after: row.after === null ? null : JSON.stringify(row.after),
  });
}

/**
 * Many audit rows in a few statements (a bulk import writes one per created record): one JSON parameter per
 * chunk, so neither the parameter limit nor a round trip per row applies.
 */
export async function insertAudits(db: Knex, rows: AuditInsert[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    await db.raw(
      `insert into audit_log (user_id, username, action, entity, entity_id, region_id, before, after, reason, ip)
       select user_id, username, action, entity, entity_id, region_id, before, after, reason, ip
         from json_populate_recordset(null::audit_log, ?::json)`,
      [JSON.stringify(rows.slice(i, i + 5000))],
    );
  }
}

export interface AuditFilters {
  username?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  from?: string;
  to?: string;
  /** 包括登录记录: sign-in rows are left out unless this is on or a sign-in action is the one asked for. */
  includeLogins?: boolean;
}

function filtered(db: Knex, scope: Scope, f: AuditFilters) {
  const q = db('audit_log as a').leftJoin('regions as r', 'r.id', 'a.region_id');
  // A county sees its own regions' rows and the rows with no region (a sign-in under an unknown name); in a city
  // or province deployment the other counties' rows are not hers. A township sees only its own regions' rows.
  if (scope.level !== 'county') q.whereIn('a.region_id', regionsInScope(db, scope));
  else q.where((b) => b.whereIn('a.region_id', regionsInScope(db, scope)).orWhereNull('a.region_id'));
  if (f.username) q.whereILike('a.username', `%${f.username}%`);
  if (f.action) q.where('a.action', f.action);
  if (f.entity) q.where('a.entity', f.entity);
  if (f.entityId) q.where('a.entity_id', f.entityId);
  if (f.from) q.where('a.created_at', '>=', db.raw(`?::date`, [f.from]));
  if (f.to) q.where('a.created_at', '<', db.raw(`?::date + 1`, [f.to]));
  if (!f.includeLogins && !isSessionAction(f.action)) q.whereRaw(`a.action not like ?`, [`${SESSION_ACTION_PREFIX}%`]);
  return q;
}

export async function listAudit(db: Knex, scope: Scope, f: AuditFilters, page: { limit: number; offset: number }): Promise<{ rows: AuditRow[]; total: number }> {
  const [{ total }] = await filtered(db, scope, f).count<{ total: number }[]>({ total: '*' });
  const rows = await filtered(db, scope, f).select('a.*', 'r.name as region_name').orderBy('a.id', 'desc').limit(page.limit).offset(page.offset);
  return { rows: rows as AuditRow[], total };
}

export async function distinctActions(db: Knex): Promise<string[]> {
  const rows = await db('audit_log').distinct('action').orderBy('action');
  return rows.map((r: { action: string }) => r.action);
}

/*
 * What the rows of a page are about, one query per kind of object: women by name and ID number (only those in
 * the viewer's scope: another township's woman shows no name), subsidy applications by their woman, accounts by
 * username, regions by name.
 */
export async function womenNamed(db: Knex, scope: Scope, ids: number[]): Promise<{ id: number; name: string; id_number: string }[]> {
  if (!ids.length) return [];
  return db('women').whereIn('id', ids).whereIn('region_id', villagesInScope(db, scope)).select('id', 'name', 'id_number');
}

/** Subsidy applications with their woman's name and ID number (in scope, as above). */
export async function applicationsNamed(db: Knex, scope: Scope, ids: number[]): Promise<{ id: number; name: string; id_number: string }[]> {
  if (!ids.length) return [];
  return db('subsidy_applications as s').join('women as w', 'w.id', 's.woman_id').whereIn('s.id', ids).whereIn('w.region_id', villagesInScope(db, scope)).select('s.id', 'w.name', 'w.id_number');
}

export async function usersNamed(db: Knex, ids: number[]): Promise<{ id: number; username: string; display_name: string }[]> {
  if (!ids.length) return [];
  return db('users').whereIn('id', ids).select('id', 'username', 'display_name');
}

export async function regionsNamed(db: Knex, ids: number[]): Promise<{ id: number; name: string }[]> {
  if (!ids.length) return [];
  return db('regions').whereIn('id', ids).select('id', 'name');
}

/** Audit rows of one record (the card page's edit history). Caller has already checked scope of the record. */
export async function auditForEntity(db: Knex, entity: string, entityId: string, limit = 50): Promise<AuditLogTable[]> {
  return db('audit_log').where({ entity, entity_id: entityId }).orderBy('id', 'desc').limit(limit);
}
