/**
 * API clients (issue 19 §3): the admin makes a client for another system — its name, purpose, region, read or
 * write access and rate limit, with the reason — and gets its token once; only the token's sha256 and its first
 * 8 characters are stored. A client is revoked with a reason and never deleted (its calls stay in the log).
 * Both are audited with the reason in the same transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { isAboveCounty } from '../../../domain/regions.ts';
import { getRegion, townshipOptions } from '../../regions/service.ts';
import * as q from './queries.ts';
import type { ClientValues } from './schemas.ts';

export type { CallRow, ClientRow } from './queries.ts';

export const DEFAULT_RATE_LIMIT = 60;

/** A new token: 32 random bytes, base64url (43 characters); what the client sends as `Authorization: Bearer`. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * The regions a client may be given: the admin's own region and the townships inside it; a city's or province's
 * admin, her own region only (a roll-up reader: the report's rows are its counties or cities). A county's own token
 * is the county admin's to give (it may export the county's 协查 packages).
 */
export async function clientRegionOptions(db: Knex, actor: Actor): Promise<{ id: number; label: string }[]> {
  const own = await getRegion(db, actor.scope.regionId);
  const townships = isAboveCounty(own.level) ? [] : await townshipOptions(db, actor.scope);
  return [{ id: own.id, label: `${own.name}（${own.code}）` }, ...townships.filter((t) => t.id !== own.id).map((t) => ({ id: t.id, label: `${t.label}（${t.code}）` }))];
}

export const listClients = (db: Knex, actor: Actor, page: { limit: number; offset: number }) => q.listClients(db, actor.scope.code, page);

export async function getClient(db: Knex, actor: Actor, id: number): Promise<q.ClientRow> {
  const row = await q.findClient(db, id, actor.scope.code);
  if (!row) throw new NotFoundError('未找到该接口客户端。');
  return row;
}

export const clientCalls = (db: Knex, clientId: number, page: { limit: number; offset: number }) => q.callsOf(db, clientId, page);

/** Create a client; returns it with its token, which is shown once and never stored. */
export async function createClient(db: Knex, actor: Actor, v: ClientValues, now: Date): Promise<{ client: q.ClientRow; token: string }> {
  const allowed = await clientRegionOptions(db, actor);
  const above = isAboveCounty(actor.scope.level);
  if (!allowed.some((r) => r.id === v.region_id)) throw ValidationError.field('region_id', above ? '请选择本级区划' : '请选择本县或其下的乡镇');
  // Writing (协查 exchange packages) is a county's business: above the county a token only reads.
  if (above && v.access === 'write') throw ValidationError.field('access', '市级、省级管理员只能创建只读令牌（读写令牌用于县的协查交换，请由县管理员创建）');
  const token = newToken();
  const id = await db.transaction(async (trx) => {
    const newId = await q.insertClient(trx, {
      name: v.name,
      purpose: v.purpose,
      region_id: v.region_id,
      access: v.access,
      token_prefix: token.slice(0, 8),
      token_hash: tokenHash(token),
      rate_limit_per_minute: v.rate_limit_per_minute ?? DEFAULT_RATE_LIMIT,
      created_by: actor.userId || null,
      created_at: now,
    });
    await recordAudit(trx, actor, {
      action: 'api_client.create',
      entity: 'api_client',
      entityId: newId,
      regionId: v.region_id,
      after: { name: v.name, purpose: v.purpose, access: v.access, rate_limit_per_minute: v.rate_limit_per_minute ?? DEFAULT_RATE_LIMIT, token_prefix: token.slice(0, 8) },
      reason: v.reason,
    });
    return newId;
  });
  return { client: await getClient(db, actor, id), token };
}

export async function revokeClient(db: Knex, actor: Actor, id: number, reason: string, now: Date): Promise<q.ClientRow> {
  return db.transaction(async (trx) => {
    const row = await q.findClient(trx, id, actor.scope.code, true);
    if (!row) throw new NotFoundError('未找到该接口客户端。');
    if (row.revoked_at) throw ValidationError.form('该客户端的令牌已吊销。');
    await q.revokeClient(trx, id, { revoked_by: actor.userId || null, revoked_at: now, revoke_reason: reason });
    await recordAudit(trx, actor, {
      action: 'api_client.revoke',
      entity: 'api_client',
      entityId: id,
      regionId: row.region_id,
      before: { revoked: false },
      after: { revoked: true, token_prefix: row.token_prefix },
      reason,
    });
    return row;
  });
}
