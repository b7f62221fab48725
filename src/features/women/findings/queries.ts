/**
 * SQL for data_findings: one row per woman and rule, rewritten with the card on every save and by the nightly
 * recompute; read by the exception list, the card page and the home-page counts (always within the scope).
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { Finding, Level } from '../../../domain/consistency.ts';
import type { IsoDate } from '../../../domain/dates.ts';

export interface FindingsOfWoman {
  woman_id: number;
  region_id: number;
  findings: Finding[];
}

/**
 * Make the rows of these women exactly `findings` (one per rule): rules that no longer apply are deleted,
 * the rest upserted. detected_on keeps the day a problem was first seen.
 */
export async function replaceFindings(db: Knex, batch: FindingsOfWoman[], today: IsoDate): Promise<void> {
  if (batch.length === 0) return;
  const ids = batch.map((b) => b.woman_id);
  const keepW: number[] = [];
  const keepR: string[] = [];
  const rows = batch.flatMap((b) =>
    b.findings.map((f) => {
      keepW.push(b.woman_id);
      keepR.push(f.rule);
      return { woman_id: b.woman_id, region_id: b.region_id, rule: f.rule, level: f.level, message: f.message, field: f.field ?? null, detected_on: today };
    }),
  );
  await db.raw(
    `delete from data_findings d where d.woman_id = any(?::int[])
       and not exists (select 1 from unnest(?::int[], ?::text[]) as k(w, r) where k.w = d.woman_id and k.r = d.rule)`,
    [ids, keepW, keepR],
  );
  for (let i = 0; i < rows.length; i += 2000) {
    await db('data_findings')
      .insert(rows.slice(i, i + 2000))
      .onConflict(['woman_id', 'rule'])
      .merge({
        region_id: db.raw('excluded.region_id'),
        level: db.raw('excluded.level'),
        message: db.raw('excluded.message'),
        field: db.raw('excluded.field'),
        updated_at: db.fn.now(),
      });
  }
}

/** Findings of new cards (nothing to replace): plain inserts, one JSON parameter per chunk (bulk imports). */
export async function insertNewFindings(db: Knex, batch: FindingsOfWoman[], today: IsoDate): Promise<void> {
  const rows = batch.flatMap((b) =>
    b.findings.map((f) => ({ woman_id: b.woman_id, region_id: b.region_id, rule: f.rule, level: f.level, message: f.message, field: f.field ?? null, detected_on: today })),
  );
  for (let i = 0; i < rows.length; i += 10000) {
    await db.raw(
      `insert into data_findings (woman_id, region_id, rule, level, message, field, detected_on)
       select woman_id, region_id, rule, level, message, field, detected_on from json_populate_recordset(null::data_findings, ?::json)`,
      [JSON.stringify(rows.slice(i, i + 10000))],
    );
  }
}

export async function deleteFindingsOf(db: Knex, womanIds: number[]): Promise<void> {
  if (womanIds.length) await db('data_findings').whereRaw('woman_id = any(?::int[])', [womanIds]).del();
}

/** Findings of inactive cards (exited at night, or by a path that did not clean up) go away. */
export async function deleteFindingsOfExited(db: Knex): Promise<number> {
  return db('data_findings').whereIn('woman_id', db('women').select('id').where('status', 'exited')).del();
}

export interface FindingListRow {
  woman_id: number;
  name: string;
  id_number: string;
  village_code: string;
  village_name: string;
  township_name: string;
  rule: string;
  level: Level;
  message: string;
  field: string | null;
  detected_on: IsoDate;
}

function inScope(db: Knex, scope: Scope) {
  return db('data_findings as f').join('women as w', 'w.id', 'f.woman_id').where('w.status', 'active').whereIn('f.region_id', villagesInScope(db, scope));
}

/** Number of findings on active cards in the scope (optionally of one level). */
export async function countFindings(db: Knex, scope: Scope, filter: { level?: Level } = {}): Promise<number> {
  const q = inScope(db, scope);
  if (filter.level) q.where('f.level', filter.level);
  const [{ n }] = await q.count<{ n: number }[]>({ n: '*' });
  return n;
}

/** Counts per township and level (the county's home page and the exception list's overview). */
export async function countFindingsByTownship(db: Knex, scope: Scope) {
  return inScope(db, scope)
    .join('regions as v', 'v.id', 'f.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .groupBy('t.id', 't.code', 't.name')
    .orderBy('t.code')
    .select('t.code', 't.name', db.raw(`count(*) filter (where f.level = 'E')::int as errors`), db.raw(`count(*) filter (where f.level = 'W')::int as warnings`));
}

export interface FindingFilters {
  village?: string;
  level?: Level;
  rule?: string;
}

function filteredFindings(db: Knex, scope: Scope, f: FindingFilters) {
  const q = inScope(db, scope).join('regions as v', 'v.id', 'f.region_id').join('regions as t', 't.id', 'v.parent_id');
  if (f.village) q.where('v.code', f.village);
  if (f.level) q.where('f.level', f.level);
  if (f.rule) q.where('f.rule', f.rule);
  return q;
}

/** The exception list: the findings in the scope, by village, then woman (a window of them; print and export take all). */
export async function listFindings(db: Knex, scope: Scope, f: FindingFilters, window: { limit: number; offset: number } = { limit: 20000, offset: 0 }): Promise<FindingListRow[]> {
  return filteredFindings(db, scope, f)
    .select('f.woman_id', 'w.name', 'w.id_number', 'v.code as village_code', 'v.name as village_name', 't.name as township_name', 'f.rule', 'f.level', 'f.message', 'f.field', 'f.detected_on')
    .orderBy([{ column: 'v.code' }, { column: 'f.level' }, { column: 'w.name' }, { column: 'f.woman_id' }, { column: 'f.rule' }])
    .limit(window.limit)
    .offset(window.offset);
}

/** How many findings and villages the filtered list holds (the page's count line and its pager). */
export async function countListedFindings(db: Knex, scope: Scope, f: FindingFilters): Promise<{ total: number; villages: number }> {
  const rows: { total: number; villages: number }[] = await filteredFindings(db, scope, f).select(db.raw('count(*)::int as total'), db.raw('count(distinct f.region_id)::int as villages'));
  return rows[0];
}

export async function findingsOfWoman(db: Knex, womanId: number) {
  return db('data_findings')
    .where({ woman_id: womanId })
    .orderBy([{ column: 'level' }, { column: 'rule' }]);
}
