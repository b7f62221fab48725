/**
 * What an audit row is about, as a reader names it: a woman by name and masked ID number with a link to her card,
 * a subsidy application with its woman, an account by username (a link for those who manage accounts), a region
 * by name, anything else by its Chinese kind and id. Pure: the names come from one lookup per kind (service.ts).
 */
import { describeAudit, type AuditDescription } from '../../../domain/audit-changes.ts';
import { auditActionLabel } from '../../../domain/audit-actions.ts';
import { SUBSIDY_PROGRAM, label } from '../../../domain/codes.ts';
import { entityLabel } from '../../../domain/field-labels.ts';
import { maskIdNumber } from '../../../domain/id-number.ts';
import type { AuditRow } from './queries.ts';

export interface AuditObject {
  text: string;
  /** The masked ID number beside a woman's name. */
  detail?: string;
  href?: string;
}

export interface AuditView extends AuditRow {
  actionLabel: string;
  object: AuditObject;
  described: AuditDescription;
}

export interface AuditLookups {
  women: Map<number, { name: string; id_number: string }>;
  users: Map<number, { username: string; display_name: string }>;
  regions: Map<number, { name: string }>;
  applications: Map<number, { name: string; id_number: string }>;
  /** Whether the viewer may open an account's page (/admin/users/:id), a card (/women/:id), an application. */
  mayOpenUsers: boolean;
  mayOpenCards: boolean;
  mayOpenApplications: boolean;
}

/** The numeric id of a row's object, or undefined (no id, or a code such as a program's). */
export function numericId(entityId: string | null): number | undefined {
  return entityId && /^\d{1,10}$/.test(entityId) && Number(entityId) <= 2147483647 ? Number(entityId) : undefined;
}

export function auditObject(row: Pick<AuditRow, 'entity' | 'entity_id'>, l: AuditLookups): AuditObject {
  const id = numericId(row.entity_id);
  const kind = entityLabel(row.entity);
  const plain = { text: row.entity_id ? `${kind} ${id !== undefined ? `#${id}` : row.entity_id}` : kind };
  if (id === undefined) return row.entity === 'subsidy_program' && row.entity_id ? { text: `${kind} ${label(SUBSIDY_PROGRAM, row.entity_id)}` } : plain;
  if (row.entity === 'woman') {
    const w = l.women.get(id);
    return w ? { text: w.name, detail: maskIdNumber(w.id_number), href: l.mayOpenCards ? `/women/${id}` : undefined } : plain;
  }
  if (row.entity === 'user') {
    const u = l.users.get(id);
    return u ? { text: u.username, detail: u.display_name, href: l.mayOpenUsers ? `/admin/users/${id}` : undefined } : plain;
  }
  if (row.entity === 'subsidy_application') {
    const a = l.applications.get(id);
    return a ? { ...plain, detail: `${a.name} ${maskIdNumber(a.id_number)}`, href: l.mayOpenApplications ? `/subsidies/applications/${id}` : undefined } : plain;
  }
  if (row.entity === 'region') {
    const r = l.regions.get(id);
    return r ? { text: r.name } : plain;
  }
  return plain;
}

export function auditView(row: AuditRow, l: AuditLookups): AuditView {
  return { ...row, actionLabel: auditActionLabel(row.action), object: auditObject(row, l), described: describeAudit(row) };
}
