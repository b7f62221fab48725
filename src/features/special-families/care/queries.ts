/** SQL of the care records of special-family files and of the care schedule (special_family_care_rules, data). */
import type { Knex } from 'knex';
import type { SpecialFamilyCareRulesTable, SpecialFamilyCareTable } from '../../../db/tables.ts';
import type { IsoDate } from '../../../domain/dates.ts';

export type CareRow = SpecialFamilyCareTable;
export type CareRuleRow = SpecialFamilyCareRulesTable;

/** The care records of some files, newest first (from a date on, when given). */
export async function careOf(db: Knex, fileIds: number[], from?: IsoDate): Promise<CareRow[]> {
  if (fileIds.length === 0) return [];
  const q = db('special_family_care').whereIn('file_id', fileIds);
  if (from) q.where('cared_on', '>=', from);
  return q.orderBy([
    { column: 'cared_on', order: 'desc' },
    { column: 'id', order: 'desc' },
  ]);
}

export async function insertCare(db: Knex, row: Omit<CareRow, 'id' | 'created_at' | 'updated_at'>): Promise<CareRow> {
  const [created] = await db('special_family_care').insert(row).returning('*');
  return created;
}

export async function careRules(db: Knex): Promise<CareRuleRow[]> {
  return db('special_family_care_rules').orderBy([{ column: 'kind' }, { column: 'from_date' }, { column: 'code' }]);
}
