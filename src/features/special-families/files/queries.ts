/**
 * SQL of the special-family files: the file with its woman's card (read-only joins of the register), its two
 * contact persons, the 特扶 applications it may link to, and the county list. Every read goes through the villages
 * in the caller's scope (the woman's current village).
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { SpecialFamilyContactsTable, SpecialFamilyFilesTable } from '../../../db/tables.ts';
import type { IsoDate } from '../../../domain/dates.ts';

export type FileRow = SpecialFamilyFilesTable;
export type ContactRow = SpecialFamilyContactsTable;

export interface WomanRef {
  id: number;
  name: string;
  id_number: string;
  birth_date: IsoDate;
  spouse_name: string | null;
  region_id: number;
  phone: string | null;
  village_code: string;
  village_name: string;
  township_name: string;
}

function women(db: Knex) {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .select('w.id', 'w.name', 'w.id_number', 'w.birth_date', 'w.spouse_name', 'w.region_id', 'w.phone', 'v.code as village_code', 'v.name as village_name', 't.name as township_name');
}

export async function womanInScope(db: Knex, scope: Scope, womanId: number): Promise<WomanRef | undefined> {
  return women(db).where('w.id', womanId).whereIn('w.region_id', villagesInScope(db, scope)).first<WomanRef | undefined>();
}

/** Her card row locked for the write's transaction (two clerks filing the same couple at once: one waits). */
export async function lockWoman(db: Knex, womanId: number): Promise<void> {
  await db('women').where('id', womanId).forUpdate().first('id');
}

/** The file (locked when `lock`), if its woman lies in the scope. */
export async function fileInScope(db: Knex, scope: Scope, id: number, lock = false): Promise<FileRow | undefined> {
  const q = db('special_family_files as f').join('women as w', 'w.id', 'f.woman_id').where('f.id', id).whereIn('w.region_id', villagesInScope(db, scope)).first<FileRow | undefined>('f.*');
  return lock ? q.forUpdate() : q;
}

export async function openFileOf(db: Knex, womanId: number): Promise<FileRow | undefined> {
  return db('special_family_files').where({ woman_id: womanId }).whereNull('closed_on').first<FileRow | undefined>();
}

export async function contactsOf(db: Knex, fileIds: number[]): Promise<ContactRow[]> {
  if (fileIds.length === 0) return [];
  return db('special_family_contacts').whereIn('file_id', fileIds).orderBy(['file_id', 'position']);
}

export async function insertFile(db: Knex, row: Partial<FileRow>): Promise<FileRow> {
  const [created] = await db('special_family_files').insert(row).returning('*');
  return created;
}

/** Update when the version still matches (else undefined: someone else saved first). */
export async function updateFile(db: Knex, id: number, version: number, row: Partial<FileRow>): Promise<FileRow | undefined> {
  const [updated] = await db('special_family_files')
    .where({ id, version })
    .update({ ...row, version: db.raw('version + 1'), updated_at: db.fn.now() })
    .returning('*');
  return updated;
}

export async function replaceContacts(db: Knex, fileId: number, contacts: Pick<ContactRow, 'position' | 'name' | 'role' | 'phone'>[]): Promise<void> {
  await db('special_family_contacts').where({ file_id: fileId }).delete();
  if (contacts.length) await db('special_family_contacts').insert(contacts.map((c) => ({ ...c, file_id: fileId })));
}

export interface ApplicationRef {
  id: number;
  program: string;
  year: number;
  status: string;
}

/** Her 特扶 applications (death or disability), newest first: what a file may link to. */
export async function specialApplicationsOf(db: Knex, womanId: number): Promise<ApplicationRef[]> {
  return db('subsidy_applications')
    .where('woman_id', womanId)
    .whereIn('program', ['special_assistance_death', 'special_assistance_disability'])
    .orderBy([
      { column: 'year', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .select('id', 'program', 'year', 'status');
}

export interface ListFilter {
  /** The villages' code prefix (the scope's code, a township's, or one village's). */
  prefix: string;
  status: 'open' | 'closed' | 'all';
  /** Only these files (the due list, computed from the schedule). */
  ids?: number[];
}

export interface ListRow {
  id: number;
  woman_id: number;
  kind: FileRow['kind'];
  opened_on: IsoDate;
  closed_on: IsoDate | null;
  husband_name: string | null;
  lives_alone: boolean;
  woman_name: string;
  id_number: string;
  phone: string | null;
  village_code: string;
  village_name: string;
  township_name: string;
  last_cared_on: IsoDate | null;
}

function listQuery(db: Knex, scope: Scope, f: ListFilter) {
  const q = db('special_family_files as f')
    .join('women as w', 'w.id', 'f.woman_id')
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .whereIn('w.region_id', villagesInScope(db, scope))
    .whereLike('v.code', `${f.prefix}%`);
  if (f.status === 'open') q.whereNull('f.closed_on');
  if (f.status === 'closed') q.whereNotNull('f.closed_on');
  if (f.ids) q.whereIn('f.id', f.ids);
  return q;
}

/** The county list (a window of it, or all of it for the CSV), by township, village and name. */
export async function listFiles(db: Knex, scope: Scope, f: ListFilter, window?: { limit: number; offset: number }): Promise<{ rows: ListRow[]; total: number }> {
  const [{ n }] = await listQuery(db, scope, f).count<{ n: number }[]>('* as n');
  const q = listQuery(db, scope, f)
    .select<ListRow[]>(
      'f.id',
      'f.woman_id',
      'f.kind',
      'f.opened_on',
      'f.closed_on',
      'f.husband_name',
      'f.lives_alone',
      'w.name as woman_name',
      'w.id_number',
      'w.phone',
      'v.code as village_code',
      'v.name as village_name',
      't.name as township_name',
      db.raw('(select max(c.cared_on) from special_family_care c where c.file_id = f.id) as last_cared_on'),
    )
    .orderBy([{ column: 'v.code' }, { column: 'w.name' }, { column: 'f.id' }]);
  if (window) q.limit(window.limit).offset(window.offset);
  return { rows: await q, total: n };
}

/** The open files under a prefix in the scope (id and opening date): what the due list checks. */
export async function openFiles(db: Knex, scope: Scope, prefix: string): Promise<{ id: number; opened_on: IsoDate }[]> {
  return listQuery(db, scope, { prefix, status: 'open' }).select('f.id', 'f.opened_on');
}
