/**
 * Hands the one declaration of every table's row (tables.ts, generated from the schema) to knex, so that
 * `db('women')` returns `WomenTable` rows and inserts and updates are checked against the columns. The few things
 * the schema cannot say are added here, once: codes kept by a foreign key rather than a CHECK list (a subsidy
 * program), and the shapes of JSON columns.
 */
import type { ApprovalLevel } from '../domain/subsidy-workflow.ts';
import type { SubsidyProgram } from '../domain/codes.ts';
import type { Eligibility, ProgramParams } from '../domain/eligibility.ts';
import type { DbTables, SubsidyApplicationsTable, SubsidyPaymentBatchesTable, SubsidyPaymentsTable, SubsidyProgramsTable, SubsidyStandardsTable } from './tables.ts';

type Refine<Row, Known> = Omit<Row, keyof Known> & Known;

/** A payment batch's list of applications left out, with why (JSON). */
export interface SkippedApplication {
  application_id: number;
  name: string;
  reason: string;
}

export type SubsidyApplicationRow = Refine<SubsidyApplicationsTable, { program: SubsidyProgram; eligibility: Eligibility | null }>;
export type SubsidyProgramRow = Refine<SubsidyProgramsTable, { approval_levels: ApprovalLevel[]; params: ProgramParams }>;
export type SubsidyStandardRow = Refine<SubsidyStandardsTable, { program: SubsidyProgram }>;
export type SubsidyPaymentBatchRow = Refine<SubsidyPaymentBatchesTable, { program: SubsidyProgram; skipped: SkippedApplication[] }>;
export type SubsidyPaymentRow = Refine<SubsidyPaymentsTable, { program: SubsidyProgram }>;

type Refined = 'subsidy_applications' | 'subsidy_programs' | 'subsidy_standards' | 'subsidy_payment_batches' | 'subsidy_payments';

/**
 * What knex checks: the program code on every subsidy table. JSON columns stay `unknown` to knex (they are written
 * as JSON text, which pg needs for arrays), and the queries that read them return the row types above.
 */
export interface KnexTables extends Omit<DbTables, Refined> {
  subsidy_applications: Refine<SubsidyApplicationsTable, { program: SubsidyProgram }>;
  subsidy_programs: SubsidyProgramsTable;
  subsidy_standards: SubsidyStandardRow;
  subsidy_payment_batches: Refine<SubsidyPaymentBatchesTable, { program: SubsidyProgram }>;
  subsidy_payments: SubsidyPaymentRow;
}

declare module 'knex/types/tables.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tables extends KnexTables {}
}
