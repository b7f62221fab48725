/** Applications and their decisions. Every read takes the caller's scope (the application's village). */
import type { Knex } from 'knex';
import type { SubsidyApplicationRow } from '../../../db/knex-tables.ts';
import type { SubsidyDecisionsTable } from '../../../db/tables.ts';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import { likeContains, searchTerms } from '../../../domain/search-terms.ts';
import type { ApplicationStatus, SubsidyBeneficiary, SubsidyProgram } from '../../../domain/codes.ts';

export type ApplicationRow = SubsidyApplicationRow;

export interface ApplicationListRow extends ApplicationRow {
  woman_name: string;
  woman_id_number: string;
  village_code: string;
  village_name: string;
  township_name: string;
}

export interface ApplicationFilters {
  program?: string;
  status?: string;
  statuses?: ApplicationStatus[];
  year?: number;
  /** Started in this year or earlier (rosters). */
  maxYear?: number;
  villageCode?: string;
  q?: string;
}

function scoped(db: Knex, scope: Scope) {
  return db('subsidy_applications as a')
    .join('women as w', 'w.id', 'a.woman_id')
    .join('regions as v', 'v.id', 'a.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .whereIn('a.region_id', villagesInScope(db, scope));
}

const LIST_COLUMNS = ['a.*', 'w.name as woman_name', 'w.id_number as woman_id_number', 'v.code as village_code', 'v.name as village_name', 't.name as township_name'];

function filtered(db: Knex, scope: Scope, f: ApplicationFilters) {
  const q = scoped(db, scope);
  if (f.program) q.where('a.program', f.program);
  if (f.status) q.where('a.status', f.status);
  if (f.statuses) q.whereIn('a.status', f.statuses);
  if (f.year) q.where('a.year', f.year);
  if (f.maxYear) q.where('a.year', '<=', f.maxYear);
  if (f.villageCode) q.where('v.code', f.villageCode);
  const search = searchTerms(f.q);
  if (search?.kind === 'id') q.where((w) => w.whereLike('w.id_number', likeContains(search.fragment)));
  else if (search) q.where((w) => w.whereILike('w.name', likeContains(search.name)).orWhereILike('a.beneficiary_name', likeContains(search.name)));
  return q;
}

export type ApplicationSort = 'updated' | 'name' | 'village' | 'year' | 'status';
const SORTS: Record<ApplicationSort, string> = { updated: 'a.updated_at', name: 'w.name', village: 'v.code', year: 'a.year', status: 'a.status' };

export async function listApplications(
  db: Knex,
  scope: Scope,
  f: ApplicationFilters,
  page: { limit: number; offset: number },
  sort: { by: ApplicationSort; dir: 'asc' | 'desc' } = { by: 'updated', dir: 'desc' },
): Promise<{ rows: ApplicationListRow[]; total: number }> {
  const [{ total }] = await filtered(db, scope, f).count<{ total: number }[]>({ total: '*' });
  const rows = await filtered(db, scope, f)
    .select<ApplicationListRow[]>(LIST_COLUMNS)
    .orderBy([
      { column: SORTS[sort.by], order: sort.dir },
      { column: 'a.id', order: 'desc' },
    ])
    .limit(page.limit)
    .offset(page.offset);
  return { rows, total };
}

/** Every application matching the filters (rosters and the audit: a township's roster is hundreds, not millions). */
export async function allApplications(db: Knex, scope: Scope, f: ApplicationFilters): Promise<ApplicationListRow[]> {
  return filtered(db, scope, f)
    .select<ApplicationListRow[]>(LIST_COLUMNS)
    .orderBy([{ column: 'v.code' }, { column: 'w.name' }, { column: 'a.id' }]);
}

export async function findApplication(db: Knex, scope: Scope, id: number): Promise<ApplicationListRow | undefined> {
  return scoped(db, scope).where('a.id', id).select<ApplicationListRow[]>(LIST_COLUMNS).first();
}

/** Lock the row for a decision, so two supervisors cannot both move the same application. */
export async function lockApplication(db: Knex, scope: Scope, id: number): Promise<ApplicationRow | undefined> {
  return db<ApplicationRow>('subsidy_applications').where({ id }).whereIn('region_id', villagesInScope(db, scope)).forUpdate().first();
}

export async function applicationsOfWoman(db: Knex, scope: Scope, womanId: number): Promise<ApplicationListRow[]> {
  return scoped(db, scope)
    .where('a.woman_id', womanId)
    .select<ApplicationListRow[]>(LIST_COLUMNS)
    .orderBy([
      { column: 'a.year', order: 'desc' },
      { column: 'a.id', order: 'desc' },
    ]);
}

/** A live application of the same beneficiary and program (the one-live-application rule). */
export async function findLiveDuplicate(db: Knex, program: SubsidyProgram, womanId: number, beneficiary: SubsidyBeneficiary, exceptId?: number) {
  const q = db('subsidy_applications').where({ program, woman_id: womanId, beneficiary }).whereNotIn('status', ['rejected', 'revoked']);
  if (exceptId) q.whereNot('id', exceptId);
  return q.first('id', 'status', 'year');
}

/** Assisted reproduction already claimed by the couple: approved or still in review, this one excluded. */
export async function assistedClaimedFen(db: Knex, womanId: number, exceptId?: number): Promise<number> {
  const q = db('subsidy_applications').where({ woman_id: womanId, program: 'assisted_reproduction' }).whereIn('status', ['submitted', 'township_approved', 'approved']);
  if (exceptId) q.whereNot('id', exceptId);
  const [{ sum }] = await q.sum<{ sum: number | null }[]>({ sum: 'amount_requested_fen' });
  return sum ?? 0;
}

export type ApplicationInsert = Pick<
  ApplicationRow,
  | 'program'
  | 'woman_id'
  | 'region_id'
  | 'year'
  | 'beneficiary'
  | 'beneficiary_name'
  | 'beneficiary_id_number'
  | 'bank_name'
  | 'bank_account'
  | 'account_holder'
  | 'amount_requested_fen'
  | 'evidence'
  | 'note'
  | 'created_by'
>;

export async function insertApplication(db: Knex, row: ApplicationInsert): Promise<ApplicationRow> {
  const [created] = await db('subsidy_applications')
    .insert({ ...row, updated_by: row.created_by })
    .returning('*');
  return created as ApplicationRow;
}

/** Optimistic update: only if the row still has the version the user read (undefined → 409). */
export async function updateApplication(db: Knex, id: number, version: number, patch: Record<string, unknown>): Promise<ApplicationRow | undefined> {
  const values = { ...patch };
  if ('eligibility' in values && values.eligibility != null) values.eligibility = JSON.stringify(values.eligibility);
  const [row] = await db('subsidy_applications')
    .where({ id, version })
    .update({ ...values, version: db.raw('version + 1') })
    .returning('*');
  return row as ApplicationRow | undefined;
}

export type DecisionRow = SubsidyDecisionsTable;
export type DecisionInsert = Omit<DecisionRow, 'id' | 'created_at' | 'updated_at'>;

export async function insertDecision(db: Knex, row: DecisionInsert): Promise<DecisionRow> {
  const [created] = await db('subsidy_decisions').insert(row).returning('*');
  return created;
}

export async function decisionsOf(db: Knex, applicationId: number): Promise<DecisionRow[]> {
  return db('subsidy_decisions').where({ application_id: applicationId }).orderBy('decided_at').orderBy('id');
}

/** Applications waiting at a level, in scope (home panels). */
export async function waitingApplications(db: Knex, scope: Scope, status: ApplicationStatus, limit = 10) {
  const [{ total }] = await scoped(db, scope).where('a.status', status).count<{ total: number }[]>({ total: '*' });
  const rows: ApplicationListRow[] = await scoped(db, scope).where('a.status', status).select<ApplicationListRow[]>(LIST_COLUMNS).orderBy('a.submitted_at').limit(limit);
  return { total, rows };
}
