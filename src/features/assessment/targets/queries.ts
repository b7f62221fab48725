/**
 * SQL of the county's targets (assessment_targets): a year's rows with their indicator and township, the rows that
 * apply to one region, and the versioned writes. A township reads the all-townships rows and its own overrides.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { regionsInScope } from '../../../auth/scope.ts';
import type { AssessmentTargetsTable } from '../../../db/tables.ts';

export type TargetRow = Omit<AssessmentTargetsTable, 'updated_at'> & { updated_at: Date };

export interface TargetListRow extends TargetRow {
  region_code: string | null;
  region_name: string | null;
  updated_by_name: string | null;
}

export async function targetsOfYear(db: Knex, scope: Scope, year: number): Promise<TargetListRow[]> {
  return db('assessment_targets as a')
    .join('assessment_indicators as i', 'i.code', 'a.indicator_code')
    .leftJoin('regions as r', 'r.id', 'a.region_id')
    .leftJoin('users as u', 'u.id', 'a.updated_by')
    .where('a.year', year)
    .andWhere((w) => void w.whereNull('a.region_id').orWhereIn('a.region_id', regionsInScope(db, scope)))
    .orderBy([{ column: 'i.sort_order' }, { column: 'a.indicator_code' }, { column: 'r.code', nulls: 'first' }])
    .select<TargetListRow[]>('a.*', 'r.code as region_code', 'r.name as region_name', 'u.display_name as updated_by_name');
}

/** The years that have targets, newest first. */
export async function targetYears(db: Knex): Promise<number[]> {
  const rows = await db('assessment_targets').distinct('year').orderBy('year', 'desc');
  return rows.map((r: { year: number }) => r.year);
}

/** The rows of a year that apply to a region: the all-townships rows and, for a township, its overrides. */
export async function targetsFor(db: Knex, year: number, regionId: number | null): Promise<TargetRow[]> {
  const q = db('assessment_targets').where('year', year);
  if (regionId === null) q.whereNull('region_id');
  else q.andWhere((w) => void w.whereNull('region_id').orWhere('region_id', regionId));
  return q.select<TargetRow[]>('*');
}

/** The year's all-townships rows and the overrides of these townships, in one query. */
export async function targetsForMany(db: Knex, year: number, regionIds: number[]): Promise<TargetRow[]> {
  return db('assessment_targets')
    .where('year', year)
    .andWhere((w) => void w.whereNull('region_id').orWhereIn('region_id', regionIds))
    .select<TargetRow[]>('*');
}

export async function findTarget(db: Knex, key: { year: number; region_id: number | null; indicator_code: string }, forUpdate = false): Promise<TargetRow | undefined> {
  const q = db('assessment_targets').where({ year: key.year, indicator_code: key.indicator_code });
  if (key.region_id === null) q.whereNull('region_id');
  else q.andWhere('region_id', key.region_id);
  if (forUpdate) q.forUpdate();
  return q.first<TargetRow | undefined>('*');
}

export async function findTargetById(db: Knex, id: number, forUpdate = false): Promise<TargetRow | undefined> {
  const q = db('assessment_targets').where({ id });
  if (forUpdate) q.forUpdate();
  return q.first<TargetRow | undefined>('*');
}

export interface TargetValues {
  target: number;
  near: number | null;
  weight: number;
  score_rule: TargetRow['score_rule'];
}

export async function insertTarget(db: Knex, row: TargetValues & { year: number; region_id: number | null; indicator_code: string; updated_by: number | null }): Promise<TargetRow> {
  const [created] = await db('assessment_targets').insert(row).returning('*');
  return created as TargetRow;
}

/** Update a row if its version is still `version` (optimistic locking); undefined when stale. */
export async function updateTarget(db: Knex, id: number, version: number, values: TargetValues & { updated_by: number | null }): Promise<TargetRow | undefined> {
  const [row] = await db('assessment_targets')
    .where({ id, version })
    .update({ ...values, updated_at: db.fn.now() as never, version: db.raw('version + 1') as never })
    .returning('*');
  return row as TargetRow | undefined;
}

export async function deleteTarget(db: Knex, id: number, version: number): Promise<boolean> {
  return (await db('assessment_targets').where({ id, version }).delete()) > 0;
}

/** A township (any active state) by code inside the scope: the region of an override. */
export async function townshipInScope(db: Knex, scope: Scope, code: string): Promise<{ id: number; code: string; name: string } | undefined> {
  return db('regions').where({ code, level: 'township' }).whereIn('id', regionsInScope(db, scope)).first<{ id: number; code: string; name: string } | undefined>('id', 'code', 'name');
}

export async function townshipByIdInScope(db: Knex, scope: Scope, id: number): Promise<{ id: number; code: string; name: string } | undefined> {
  return db('regions').where({ id, level: 'township' }).whereIn('id', regionsInScope(db, scope)).first<{ id: number; code: string; name: string } | undefined>('id', 'code', 'name');
}

/** The active townships inside the scope (the choices of an override), in code order. */
export async function townships(db: Knex, scope: Scope): Promise<{ id: number; code: string; name: string }[]> {
  return db('regions').where({ level: 'township', active: true }).whereIn('id', regionsInScope(db, scope)).orderBy('code').select('id', 'code', 'name');
}
