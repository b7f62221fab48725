/** SQL of the population figures (期末总人口, 死亡人数 per village and month). Scope by village code prefix. */
import type { Knex } from 'knex';
import type { PopulationFiguresTable } from '../../../db/tables.ts';
import type { Scope } from '../../../auth/actor.ts';
import type { VillageRef } from '../../women/service.ts';

/** A village with its township, as the population grid lists it. */
export type VillageRow = VillageRef;

export type FigureRow = Pick<PopulationFiguresTable, 'id' | 'region_id' | 'month' | 'population_end' | 'deaths' | 'moved_in' | 'moved_out' | 'version'>;

/**
 * Villages of the scope (optionally one township) for the grid: active ones, plus inactive ones that still
 * hold a figure for one of the months shown (history is never hidden).
 */
export async function gridVillages(db: Knex, scope: Scope, prefix: string, months: string[]): Promise<VillageRow[]> {
  return db('regions as v')
    .join('regions as t', 't.id', 'v.parent_id')
    .where('v.level', 'village')
    .andWhereLike('v.code', `${scope.code}%`)
    .andWhereLike('v.code', `${prefix}%`)
    .andWhere((q) =>
      q.where('v.active', true).orWhereExists(
        db('population_figures as p')
          .whereRaw('p.region_id = v.id')
          .whereIn(
            'p.month',
            months.map((m) => `${m}-01`),
          ),
      ),
    )
    .orderBy('v.code')
    .select('v.id', 'v.code', 'v.name', 'v.active', 't.id as township_id', 't.code as township_code', 't.name as township_name');
}

export async function figuresFor(db: Knex, villageIds: number[], months: string[]): Promise<FigureRow[]> {
  if (villageIds.length === 0) return [];
  return db('population_figures')
    .whereIn('region_id', villageIds)
    .whereIn(
      'month',
      months.map((m) => `${m}-01`),
    )
    .select('id', 'region_id', db.raw(`to_char(month, 'YYYY-MM') as month`), 'population_end', 'deaths', 'moved_in', 'moved_out', 'version');
}

/** Villages by code, only inside the scope; for validating posted and imported rows. */
export async function villagesByCodes(db: Knex, scope: Scope, codes: string[]): Promise<VillageRow[]> {
  if (codes.length === 0) return [];
  return db('regions as v')
    .join('regions as t', 't.id', 'v.parent_id')
    .where('v.level', 'village')
    .whereIn('v.code', codes)
    .andWhereLike('v.code', `${scope.code}%`)
    .select('v.id', 'v.code', 'v.name', 'v.active', 't.id as township_id', 't.code as township_code', 't.name as township_name');
}

/** Existing figures for (village, month) pairs, locked for update inside the saving transaction. */
export async function lockFigures(db: Knex, pairs: { regionId: number; month: string }[]): Promise<FigureRow[]> {
  if (pairs.length === 0) return [];
  const values = pairs.map(() => '(?::int, ?::date)').join(', ');
  const bindings = pairs.flatMap((p) => [p.regionId, `${p.month}-01`]);
  const { rows } = await db.raw<{ rows: FigureRow[] }>(
    `select f.id, f.region_id, to_char(f.month, 'YYYY-MM') as month, f.population_end, f.deaths, f.moved_in, f.moved_out, f.version
       from population_figures f join (values ${values}) as k(region_id, month) on k.region_id = f.region_id and k.month = f.month
       for update of f`,
    bindings,
  );
  return rows;
}

export interface FigureWrite {
  regionId: number;
  month: string;
  populationEnd: number;
  deaths: number;
  movedIn: number | null;
  movedOut: number | null;
  userId: number | null;
}

/** Insert or update many figures in one statement (the whole grid, or a whole import file). */
export async function upsertFigures(db: Knex, rows: FigureWrite[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await db('population_figures')
      .insert(
        chunk.map((r) => ({
          region_id: r.regionId,
          month: `${r.month}-01`,
          population_end: r.populationEnd,
          deaths: r.deaths,
          moved_in: r.movedIn,
          moved_out: r.movedOut,
          created_by: r.userId,
          updated_by: r.userId,
        })),
      )
      .onConflict(['region_id', 'month'])
      .merge({
        population_end: db.raw('excluded.population_end'),
        deaths: db.raw('excluded.deaths'),
        moved_in: db.raw('excluded.moved_in'),
        moved_out: db.raw('excluded.moved_out'),
        updated_by: db.raw('excluded.updated_by'),
        version: db.raw('population_figures.version + 1'),
      });
  }
}
