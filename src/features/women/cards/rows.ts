/**
 * Row shapes of the register as the queries return them: the tables' rows are the one declaration in
 * src/db/tables.ts; what is added here are joined columns and the subset the consistency rules read.
 */
import type { CertificatesTable, ChildrenTable, ContraceptionEpisodesTable, PregnanciesTable, ServicesTable, TransfersTable, WomenTable } from '../../../db/tables.ts';

export type WomanRow = WomenTable;

/** A card with where it lives: village and township. */
export interface CardRow extends WomanRow {
  village_code: string;
  village_name: string;
  township_id: number;
  township_code: string;
  township_name: string;
  updated_by_name: string | null;
}

export type ChildRow = ChildrenTable;

export type PregnancyRow = PregnanciesTable;

export type EpisodeRow = ContraceptionEpisodesTable;

export type CertificateRow = CertificatesTable;

/** The columns of a service the register's consistency rules read (the services feature reads them all). */
export type ServiceRow = Pick<ServicesTable, 'id' | 'woman_id' | 'region_id' | 'kind' | 'performed_on' | 'facility' | 'provider' | 'findings' | 'complication' | 'notes' | 'created_by' | 'created_at'>;

export type TransferRow = TransfersTable;
