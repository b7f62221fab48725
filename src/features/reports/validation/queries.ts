/**
 * SQL of the validation rules: the rules and their acknowledgements, and the figures and records each rule reads
 * for the villages under a region prefix (always inside the caller's scope, villagesInScope).
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { ValidationRulesTable } from '../../../db/tables.ts';
import { PROCEDURE_KIND } from '../../../domain/codes.ts';
import { monthEnd, monthStart } from '../../../domain/dates.ts';
import { ENTRY_AGE, EXIT_AGE } from '../../../domain/register-person.ts';
import { PREGNANCY_NEAR_DAYS, type DropFigure } from '../../../domain/validation-rules.ts';

export type RuleRow = Omit<ValidationRulesTable, 'updated_at'> & { updated_at: Date };

export async function listRules(db: Knex): Promise<RuleRow[]> {
  return db('validation_rules').orderBy(['sort_order', 'code']).select('*') as Promise<RuleRow[]>;
}

export async function findRule(db: Knex, code: string, forUpdate = false): Promise<RuleRow | undefined> {
  const q = db('validation_rules').where('code', code).first('*');
  if (forUpdate) q.forUpdate();
  return (await q) as RuleRow | undefined;
}

/** Update a rule if its version is still `version` (optimistic locking); undefined when stale. */
export async function updateRule(db: Knex, code: string, version: number, patch: { level: string; active: boolean; params: unknown; updated_by: number | null }): Promise<RuleRow | undefined> {
  const [row] = await db('validation_rules')
    .where({ code, version })
    .update({
      level: patch.level as RuleRow['level'],
      active: patch.active,
      params: JSON.stringify(patch.params),
      updated_by: patch.updated_by,
      updated_at: db.fn.now() as never,
      version: db.raw('version + 1') as never,
    })
    .returning('*');
  return row as RuleRow | undefined;
}

export interface PlaceRow {
  id: number;
  code: string;
  name: string;
  township_id: number;
  township_code: string;
  township_name: string;
}

/** Villages under a prefix inside the scope, with their township. */
export async function villagesUnder(db: Knex, scope: Scope, prefix: string): Promise<PlaceRow[]> {
  return db('regions as v')
    .join('regions as t', 't.id', 'v.parent_id')
    .whereIn('v.id', villagesInScope(db, scope))
    .andWhereLike('v.code', `${prefix}%`)
    .orderBy('v.code')
    .select('v.id', 'v.code', 'v.name', 't.id as township_id', 't.code as township_code', 't.name as township_name');
}

export interface FigureRow {
  region_id: number;
  month: string;
  population_end: number;
  deaths: number;
  moved_in: number | null;
  moved_out: number | null;
}

/** Entered figures of the villages under a prefix, months from … to (YYYY-MM, inclusive). */
export async function figuresBetween(db: Knex, scope: Scope, prefix: string, from: string, to: string): Promise<FigureRow[]> {
  return db('population_figures as p')
    .join('regions as v', 'v.id', 'p.region_id')
    .whereIn('p.region_id', villagesInScope(db, scope))
    .andWhereLike('v.code', `${prefix}%`)
    .andWhereBetween('p.month', [`${from}-01`, `${to}-01`])
    .select('p.region_id', db.raw(`to_char(p.month, 'YYYY-MM') as month`), 'p.population_end', 'p.deaths', 'p.moved_in', 'p.moved_out');
}

/** Births recorded in each village in the month (children.region_id, birth_date): the report's 出生人数. */
export async function birthsPerVillage(db: Knex, scope: Scope, prefix: string, month: string): Promise<Map<number, number>> {
  const rows: { region_id: number; count: number }[] = await db('children as c')
    .join('regions as v', 'v.id', 'c.region_id')
    .whereIn('c.region_id', villagesInScope(db, scope))
    .andWhereLike('v.code', `${prefix}%`)
    .andWhereBetween('c.birth_date', [monthStart(month), monthEnd(month)])
    .groupBy('c.region_id')
    .select('c.region_id')
    .count({ count: '*' });
  return new Map(rows.map((r) => [r.region_id, r.count]));
}

export interface PersonRow {
  region_id: number;
  woman_id: number;
  name: string;
  birth_date: string;
  event_date: string;
  what: string;
}

/**
 * Children born in the month whose pregnancy_id is empty and whose mother has no pregnancy ended in a live birth or
 * stillbirth within PREGNANCY_NEAR_DAYS of the birth (or, without an outcome date, found in the 300 days before).
 */
export async function birthsWithoutPregnancy(db: Knex, scope: Scope, prefix: string, month: string): Promise<PersonRow[]> {
  return db('children as c')
    .join('regions as v', 'v.id', 'c.region_id')
    .join('women as w', 'w.id', 'c.woman_id')
    .whereIn('c.region_id', villagesInScope(db, scope))
    .andWhereLike('v.code', `${prefix}%`)
    .andWhereBetween('c.birth_date', [monthStart(month), monthEnd(month)])
    .whereNull('c.pregnancy_id')
    .whereNotExists(
      db('pregnancies as p')
        .whereRaw('p.woman_id = c.woman_id')
        .whereIn('p.outcome', ['live_birth', 'stillbirth'])
        .andWhere((q) =>
          q
            .whereRaw('p.outcome_date between c.birth_date - ?::int and c.birth_date + ?::int', [PREGNANCY_NEAR_DAYS, PREGNANCY_NEAR_DAYS])
            .orWhereRaw('p.outcome_date is null and p.found_on between c.birth_date - 300 and c.birth_date'),
        ),
    )
    .orderBy(['v.code', 'c.birth_date', 'w.name', 'w.id'])
    .select('c.region_id', 'w.id as woman_id', 'w.name', 'w.birth_date', 'c.birth_date as event_date', 'c.sex as what');
}

/**
 * Procedures in the month on women who were, on the day, younger than ENTRY_AGE or at least EXIT_AGE (the SQL
 * narrows; the service confirms with the domain rule).
 */
export async function proceduresOutsideAge(db: Knex, scope: Scope, prefix: string, month: string): Promise<PersonRow[]> {
  return db('services as s')
    .join('regions as v', 'v.id', 's.region_id')
    .join('women as w', 'w.id', 's.woman_id')
    .whereIn('s.region_id', villagesInScope(db, scope))
    .andWhereLike('v.code', `${prefix}%`)
    .whereIn('s.kind', Object.keys(PROCEDURE_KIND))
    .andWhereBetween('s.performed_on', [monthStart(month), monthEnd(month)])
    .andWhere((q) =>
      q.whereRaw('s.performed_on < (w.birth_date + make_interval(years => ?))::date', [ENTRY_AGE]).orWhereRaw('s.performed_on >= (w.birth_date + make_interval(years => ?))::date', [EXIT_AGE]),
    )
    .orderBy(['v.code', 's.performed_on', 'w.name', 's.id'])
    .select('s.region_id', 'w.id as woman_id', 'w.name', 'w.birth_date', 's.performed_on as event_date', 's.kind as what');
}

/**
 * A report figure per township in a month (births: by the village the birth was recorded in; 初婚: the first
 * marriages of the marital history, in the village she lived in on the day she married — the report's own 出生人数
 * and 初婚人数), from the figure store's month sums: a past month's count does not move when she moves later, and a
 * county's read is its own villages' rows whatever else the deployment holds (at city scale the 初婚 count read
 * every marriage of the city's month with its woman: 15 ms against 5 for the county alone).
 */
export async function countsPerTownship(db: Knex, scope: Scope, prefix: string, figure: DropFigure, month: string): Promise<Map<number, number>> {
  const rows: { township_id: number; count: number }[] = await db('regions as v')
    .join('figure_count_months as m', 'm.village_id', 'v.id')
    .whereIn('v.id', villagesInScope(db, scope))
    .andWhere('v.level', 'village')
    .andWhereLike('v.code', `${prefix}%`)
    .andWhere('m.month', monthStart(month))
    .andWhere('m.key', figure)
    .groupBy('v.parent_id')
    .select('v.parent_id as township_id', db.raw('sum(m.n)::int as count'));
  return new Map(rows.map((r) => [r.township_id, r.count]));
}

export interface AckRow {
  rule_code: string;
  village_id: number;
  comment: string;
  acknowledged_by_name: string | null;
  acknowledged_at: Date;
}

/** Acknowledgements of a month for the places (villages, townships) under a prefix. */
export async function acknowledgements(db: Knex, prefix: string, month: string): Promise<AckRow[]> {
  return db('validation_acknowledgements as a')
    .join('regions as r', 'r.id', 'a.village_id')
    .leftJoin('users as u', 'u.id', 'a.acknowledged_by')
    .whereLike('r.code', `${prefix}%`)
    .andWhere('a.month', `${month}-01`)
    .select('a.rule_code', 'a.village_id', 'a.comment', 'u.display_name as acknowledged_by_name', 'a.acknowledged_at');
}

/** The month-close status of a township-month ('open' when no row exists yet). */
export async function periodStatus(db: Knex, townshipCode: string, month: string): Promise<string> {
  const row = await db('report_periods as p')
    .join('regions as t', 't.id', 'p.township_id')
    .where('t.code', townshipCode)
    .andWhere('p.month', `${month}-01`)
    .first<{ status: string } | undefined>('p.status');
  return row?.status ?? 'open';
}

/** Insert or replace the acknowledgement of a rule for a place and month; returns the previous comment, if any. */
export async function upsertAcknowledgement(
  db: Knex,
  row: { rule_code: string; village_id: number; month: string; comment: string; acknowledged_by: number | null; at: Date },
): Promise<{ id: number; before: string | null }> {
  const prev = await db('validation_acknowledgements')
    .where({ rule_code: row.rule_code, village_id: row.village_id, month: `${row.month}-01` })
    .forUpdate()
    .first('comment');
  const [saved] = await db('validation_acknowledgements')
    .insert({ rule_code: row.rule_code, village_id: row.village_id, month: `${row.month}-01`, comment: row.comment, acknowledged_by: row.acknowledged_by, acknowledged_at: row.at })
    .onConflict(['rule_code', 'village_id', 'month'])
    .merge(['comment', 'acknowledged_by', 'acknowledged_at'])
    .returning('id');
  return { id: (saved as { id: number }).id, before: prev?.comment ?? null };
}
