/**
 * Certificate applications. Every read takes the caller's scope (the application's village). The status shown
 * is the effective one: an issued certificate revoked on the card (the 光荣证 prompt after a second child) reads
 * as 已注销 here too.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { CertificateApplicationsTable } from '../../../db/tables.ts';
import { likeContains, searchTerms } from '../../../domain/search-terms.ts';

export type CertApplicationRow = CertificateApplicationsTable;

export interface CertApplicationListRow extends CertApplicationRow {
  effective_status: CertApplicationRow['status'];
  woman_name: string;
  woman_id_number: string;
  spouse_name: string | null;
  village_code: string;
  village_name: string;
  township_name: string;
  township_code: string;
  certificate_revoked_on: string | null;
  certificate_revoke_reason: string | null;
}

export interface CertApplicationFilters {
  kind?: string;
  status?: string;
  /** Submitted and still undecided after their due day (today given). */
  overdueOn?: string;
  villageCode?: string;
  q?: string;
  womanId?: number;
}

const EFFECTIVE_STATUS = `case when a.status in ('approved', 'handed_over') and c.revoked_on is not null then 'revoked' else a.status end`;

function scoped(db: Knex, scope: Scope) {
  return db('certificate_applications as a')
    .join('women as w', 'w.id', 'a.woman_id')
    .join('regions as v', 'v.id', 'a.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .leftJoin('certificates as c', 'c.id', 'a.certificate_id')
    .whereIn('a.region_id', villagesInScope(db, scope));
}

function columns(db: Knex) {
  return [
    'a.*',
    db.raw(`${EFFECTIVE_STATUS} as effective_status`),
    'w.name as woman_name',
    'w.id_number as woman_id_number',
    'w.spouse_name as spouse_name',
    'v.code as village_code',
    'v.name as village_name',
    't.name as township_name',
    't.code as township_code',
    'c.revoked_on as certificate_revoked_on',
    'c.revoke_reason as certificate_revoke_reason',
  ];
}

function filtered(db: Knex, scope: Scope, f: CertApplicationFilters) {
  const q = scoped(db, scope);
  if (f.kind) q.where('a.kind', f.kind);
  if (f.status) q.whereRaw(`${EFFECTIVE_STATUS} = ?`, [f.status]);
  if (f.overdueOn) q.where('a.status', 'submitted').where('a.due_on', '<', f.overdueOn);
  if (f.villageCode) q.where('v.code', f.villageCode);
  if (f.womanId) q.where('a.woman_id', f.womanId);
  const search = searchTerms(f.q);
  if (search?.kind === 'id') q.where((w) => w.whereLike('w.id_number', likeContains(search.fragment)));
  else if (search) q.where((w) => w.whereILike('w.name', likeContains(search.name)));
  return q;
}

export async function listApplications(db: Knex, scope: Scope, f: CertApplicationFilters, page: { limit: number; offset: number }): Promise<{ rows: CertApplicationListRow[]; total: number }> {
  const [{ total }] = await filtered(db, scope, f).count<{ total: number }[]>({ total: '*' });
  const order = f.overdueOn ? [{ column: 'a.due_on', order: 'asc' as const }] : [{ column: 'a.updated_at', order: 'desc' as const }];
  const rows = await filtered(db, scope, f)
    .select<CertApplicationListRow[]>(columns(db))
    .orderBy([...order, { column: 'a.id', order: 'desc' }])
    .limit(page.limit)
    .offset(page.offset);
  return { rows, total };
}

export async function findApplication(db: Knex, scope: Scope, id: number): Promise<CertApplicationListRow | undefined> {
  return scoped(db, scope).where('a.id', id).select<CertApplicationListRow[]>(columns(db)).first();
}

/** Lock the row for a change, so two people cannot both move the same application. */
export async function lockApplication(db: Knex, scope: Scope, id: number): Promise<CertApplicationRow | undefined> {
  return db<CertApplicationRow>('certificate_applications').where({ id }).whereIn('region_id', villagesInScope(db, scope)).forUpdate().first();
}

export async function certificateRevocation(db: Knex, certificateId: number): Promise<{ revoked_on: string | null; revoke_reason: string | null } | undefined> {
  return db('certificates').where({ id: certificateId }).first('revoked_on', 'revoke_reason');
}

export interface WomanForApplication {
  id: number;
  name: string;
  id_number: string;
  spouse_name: string | null;
  region_id: number;
  status: string;
  village_name: string;
  township_id: number;
  township_code: string;
  township_name: string;
}

/** The woman's card, if it lies in the scope (her current village). */
export async function womanInScope(db: Knex, scope: Scope, womanId: number): Promise<WomanForApplication | undefined> {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .where('w.id', womanId)
    .whereIn('w.region_id', villagesInScope(db, scope))
    .first<WomanForApplication>(
      'w.id',
      'w.name',
      'w.id_number',
      'w.spouse_name',
      'w.region_id',
      'w.status',
      'v.name as village_name',
      't.id as township_id',
      't.code as township_code',
      't.name as township_name',
    );
}

export async function townshipOfVillage(db: Knex, villageId: number): Promise<{ id: number; code: string }> {
  return db('regions as v').join('regions as t', 't.id', 'v.parent_id').where('v.id', villageId).first<{ id: number; code: string }>('t.id', 't.code');
}

export type CertApplicationInsert = Pick<CertApplicationRow, 'woman_id' | 'region_id' | 'kind' | 'child_order' | 'applicant' | 'agent_name' | 'evidence' | 'note' | 'created_by' | 'updated_by'>;

export async function insertApplication(db: Knex, row: CertApplicationInsert): Promise<CertApplicationRow> {
  const [created] = await db<CertApplicationRow>('certificate_applications').insert(row).returning('*');
  return created as CertApplicationRow;
}

/** Update when the version still matches (optimistic lock); undefined when someone else changed it first. */
export async function updateApplication(db: Knex, id: number, version: number, patch: Partial<CertApplicationRow>): Promise<CertApplicationRow | undefined> {
  const [updated] = await db<CertApplicationRow>('certificate_applications')
    .where({ id, version })
    .update({ ...patch, version: version + 1 })
    .returning('*');
  return updated as CertApplicationRow | undefined;
}
