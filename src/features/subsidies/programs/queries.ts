/** Programs and their dated standards (reference data: not scoped, every role may read them). */
import type { Knex } from 'knex';
import type { SubsidyProgramRow, SubsidyStandardRow } from '../../../db/knex-tables.ts';
import type { SubsidyProgram, SubsidyTier } from '../../../domain/codes.ts';
import type { ProgramParams } from '../../../domain/eligibility.ts';
import type { ApprovalLevel } from '../../../domain/subsidy-workflow.ts';

export type ProgramRow = SubsidyProgramRow;

export interface StandardRow extends SubsidyStandardRow {
  created_by_name: string | null;
}

export async function listPrograms(db: Knex): Promise<ProgramRow[]> {
  return db<ProgramRow>('subsidy_programs').orderBy('sort_order').select('*');
}

export async function findProgram(db: Knex, code: SubsidyProgram): Promise<ProgramRow | undefined> {
  return db<ProgramRow>('subsidy_programs').where({ code }).first();
}

export async function updateProgram(
  db: Knex,
  code: SubsidyProgram,
  version: number,
  patch: { approval_levels: ApprovalLevel[]; params: ProgramParams; evidence: string[]; active: boolean; updated_by: number | null },
): Promise<ProgramRow | undefined> {
  const [row] = await db('subsidy_programs')
    .where({ code, version })
    .update({ ...patch, params: JSON.stringify(patch.params), version: db.raw('version + 1') })
    .returning('*');
  return row as ProgramRow | undefined;
}

/** Every standard of one program (or all), newest first: the history the admin sees. */
export async function standardsOf(db: Knex, program?: string): Promise<StandardRow[]> {
  const q = db('subsidy_standards as s')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select('s.*', 'u.display_name as created_by_name')
    .orderBy([{ column: 's.program' }, { column: 's.effective_from', order: 'desc' }, { column: 's.tier' }]);
  if (program) q.where('s.program', program);
  return q;
}

export async function findStandard(db: Knex, program: SubsidyProgram, tier: SubsidyTier, effectiveFrom: string) {
  return db('subsidy_standards').where({ program, tier, effective_from: effectiveFrom }).first();
}

export async function insertStandard(
  db: Knex,
  row: { program: SubsidyProgram; tier: SubsidyTier; effective_from: string; amount_fen: number; note: string | null; created_by: number | null },
): Promise<SubsidyStandardRow> {
  const [created] = await db('subsidy_standards').insert(row).returning('*');
  return created;
}

/** Applications waiting for county approval in a program (a program cannot drop the county level under them). */
export async function countAwaitingCounty(db: Knex, program: SubsidyProgram): Promise<number> {
  const [{ n }] = await db('subsidy_applications').where({ program, status: 'township_approved' }).count<{ n: number }[]>({ n: '*' });
  return n;
}
