/** SQL of the region tree: lookups by id, code and prefix, writes, and what still hangs on a region. */
import type { Knex } from 'knex';
import type { RegionsTable } from '../../../db/tables.ts';
import type { RegionLevel } from '../../../domain/codes.ts';

export type RegionRow = RegionsTable;

export async function findRegionById(db: Knex, id: number): Promise<RegionRow | undefined> {
  return db('regions').where({ id }).first();
}

export async function findRegionByCode(db: Knex, code: string): Promise<RegionRow | undefined> {
  return db('regions').where({ code }).first();
}

export async function allRegions(db: Knex): Promise<RegionRow[]> {
  return db('regions').orderBy('code');
}

export async function regionsByCodePrefix(db: Knex, prefix: string, level?: RegionLevel): Promise<RegionRow[]> {
  const q = db('regions').whereLike('code', `${prefix}%`).orderBy('code');
  if (level) q.where({ level });
  return q;
}

export async function insertRegion(db: Knex, row: Pick<RegionRow, 'code' | 'name' | 'level' | 'parent_id'>): Promise<RegionRow> {
  const [created] = await db('regions').insert(row).returning('*');
  return created;
}

export async function updateRegion(db: Knex, id: number, version: number, patch: Partial<Pick<RegionRow, 'name' | 'active'>>) {
  const [row] = await db('regions')
    .where({ id, version })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning('*');
  return row as RegionRow | undefined;
}

export async function countActiveChildren(db: Knex, id: number): Promise<number> {
  const [{ n }] = await db('regions').where({ parent_id: id, active: true }).count<{ n: number }[]>({ n: '*' });
  return n;
}

export async function countActiveUsersIn(db: Knex, code: string): Promise<number> {
  const [{ n }] = await db('users as u').join('regions as r', 'r.id', 'u.region_id').where('u.active', true).andWhereLike('r.code', `${code}%`).count<{ n: number }[]>({ n: '*' });
  return n;
}

export async function countActiveWomenIn(db: Knex, code: string): Promise<number> {
  const [{ n }] = await db('women as w').join('regions as r', 'r.id', 'w.region_id').where('w.status', 'active').andWhereLike('r.code', `${code}%`).count<{ n: number }[]>({ n: '*' });
  return n;
}

export async function theCounty(db: Knex): Promise<RegionRow | undefined> {
  return db('regions').where({ level: 'county' }).orderBy('id').first();
}

/** Every county of the deployment (one by default; a city or province holds several). */
export async function allCounties(db: Knex): Promise<RegionRow[]> {
  return db('regions').where({ level: 'county' }).orderBy('code');
}

/** Regions without a parent: the deployment's root (one; several only in a damaged database). */
export async function rootRegions(db: Knex): Promise<RegionRow[]> {
  return db('regions').whereNull('parent_id').orderBy('code');
}

export async function setParent(db: Knex, id: number, parentId: number): Promise<void> {
  await db('regions')
    .where({ id })
    .update({ parent_id: parentId, version: db.raw('version + 1') });
}

export async function countChildren(db: Knex, id: number, level: RegionLevel): Promise<number> {
  const [{ n }] = await db('regions').where({ parent_id: id, level }).count<{ n: number }[]>({ n: '*' });
  return n;
}
