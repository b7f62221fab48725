/**
 * The audit trail: every write (and every reveal of a full ID number) records who, when, what, where, and the
 * before/after values — redacted. Call it with the same transaction as the write, so both land or neither.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { can } from '../../../domain/permissions.ts';
import { redact } from '../../../domain/redact.ts';
import { auditView, numericId, type AuditView } from './objects.ts';
import { applicationsNamed, auditForEntity, distinctActions, insertAudit, insertAudits, listAudit, regionsNamed, usersNamed, womenNamed, type AuditFilters, type AuditRow } from './queries.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  regionId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

/** The row an entry becomes: before/after redacted, the system actor (id 0) kept as no user. */
function auditRow(actor: Actor | null, entry: AuditEntry) {
  return {
    user_id: actor && actor.userId > 0 ? actor.userId : null,
    username: actor?.username ?? 'anonymous',
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId == null ? null : String(entry.entityId),
    region_id: entry.regionId ?? null,
    before: entry.before === undefined ? null : redact(entry.before),
    after: entry.after === undefined ? null : redact(entry.after),
    reason: entry.reason ?? null,
    ip: actor?.ip ?? null,
  };
}

export async function recordAudit(db: Knex, actor: Actor | null, entry: AuditEntry): Promise<void> {
  await insertAudit(db, auditRow(actor, entry));
}

/** Many entries by one actor at once (bulk imports), redacted like recordAudit; same transaction as the writes. */
export async function recordAudits(db: Knex, actor: Actor, entries: AuditEntry[]): Promise<void> {
  await insertAudits(
    db,
    entries.map((entry) => auditRow(actor, entry)),
  );
}

/** An audit row for an event with no signed-in actor (a failed sign-in). */
export async function recordAnonymousAudit(db: Knex, username: string, ip: string | undefined, entry: AuditEntry) {
  await insertAudit(db, { ...auditRow(null, { ...entry, before: undefined }), username, ip: ip ?? null });
}

/** One page of the log, each row with its action, object and changes in Chinese (sign-in rows only when asked). */
export async function searchAudit(db: Knex, actor: Actor, filters: AuditFilters, page: { limit: number; offset: number }): Promise<{ rows: AuditView[]; total: number }> {
  const { rows, total } = await listAudit(db, actor.scope, filters, page);
  return { rows: await presentAudit(db, actor, rows), total };
}

/** The rows' objects named with one query per kind (women only in the viewer's scope). */
async function presentAudit(db: Knex, actor: Actor, rows: AuditRow[]): Promise<AuditView[]> {
  const ids = (entity: string) => [...new Set(rows.filter((r) => r.entity === entity).map((r) => numericId(r.entity_id)))].filter((id): id is number => id !== undefined);
  const byId = <T extends { id: number }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
  const lookups = {
    women: byId(await womenNamed(db, actor.scope, ids('woman'))),
    users: byId(await usersNamed(db, ids('user'))),
    regions: byId(await regionsNamed(db, ids('region'))),
    applications: byId(await applicationsNamed(db, actor.scope, ids('subsidy_application'))),
    mayOpenUsers: can(actor, 'admin.users'),
    mayOpenCards: can(actor, 'cards.read'),
    mayOpenApplications: can(actor, 'subsidies.read'),
  };
  return rows.map((r) => auditView(r, lookups));
}

export { auditForEntity, distinctActions };
export { type AuditRow } from './queries.ts';
export { type AuditView } from './objects.ts';
