/** The county's dated long-acting rules (reference data: not scoped, every report reader may see them). */
import type { Knex } from 'knex';

export interface LongActingRuleRow {
  id: number;
  effective_from: string;
  min_birth_order: number;
  within_days: number;
  note: string;
  updated_by_name: string | null;
  created_at: Date;
}

/** Every rule, oldest first, with who entered it. */
export async function listRules(db: Knex): Promise<LongActingRuleRow[]> {
  return db('long_acting_rules as r')
    .leftJoin('users as u', 'u.id', 'r.updated_by')
    .orderBy('r.effective_from')
    .select('r.id', 'r.effective_from', 'r.min_birth_order', 'r.within_days', 'r.note', 'u.display_name as updated_by_name', 'r.created_at');
}

export async function ruleDated(db: Knex, effectiveFrom: string): Promise<{ id: number } | undefined> {
  return db('long_acting_rules').where({ effective_from: effectiveFrom }).first('id');
}

export async function insertRule(db: Knex, row: { effective_from: string; min_birth_order: number; within_days: number; note: string; updated_by: number | null }): Promise<{ id: number }> {
  const [created] = await db('long_acting_rules').insert(row).returning('id');
  return created;
}
