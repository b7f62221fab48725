/** Row shapes of the register tables as the queries return them (dates are 'YYYY-MM-DD' strings). */
import type { IsoDate } from '../../../domain/dates.ts';

export interface WomanRow {
  id: number;
  region_id: number;
  id_number: string;
  name: string;
  birth_date: IsoDate;
  ethnicity: string;
  hukou_kind: string;
  hukou_place: string | null;
  phone: string | null;
  address: string | null;
  marital_status: string;
  marriage_date: IsoDate | null;
  early_marriage_note: string | null;
  spouse_name: string | null;
  spouse_id_number: string | null;
  spouse_hukou_kind: string | null;
  migrant_status: string;
  migrant_place: string | null;
  migrant_since: IsoDate | null;
  migrant_verified_on: IsoDate | null;
  status: 'active' | 'exited';
  exit_reason: string | null;
  exit_date: IsoDate | null;
  exit_note: string | null;
  version: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

/** A card with where it lives: village and township. */
export interface CardRow extends WomanRow {
  village_code: string;
  village_name: string;
  township_id: number;
  township_code: string;
  township_name: string;
  updated_by_name: string | null;
}

export interface ChildRow {
  id: number;
  woman_id: number;
  region_id: number;
  pregnancy_id: number | null;
  name: string | null;
  sex: string;
  birth_date: IsoDate;
  birth_order: number;
  policy_status: string;
  policy_proposed: string | null;
  policy_reason: string | null;
  permit_no: string | null;
  vital_status: string;
  disability_grade: number | null;
  death_date: IsoDate | null;
  version: number;
  created_by: number | null;
  created_at: Date;
}

export interface PregnancyRow {
  id: number;
  woman_id: number;
  region_id: number;
  lmp_date: IsoDate | null;
  found_on: IsoDate;
  outcome: string;
  outcome_date: IsoDate | null;
  contraceptive_failure: boolean;
  failure_method: string | null;
  notes: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
}

export interface EpisodeRow {
  id: number;
  woman_id: number;
  region_id: number;
  method: string;
  started_on: IsoDate;
  ended_on: IsoDate | null;
  end_reason: string | null;
  due_on: IsoDate | null;
  service_id: number | null;
  end_service_id: number | null;
  notes: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
}

export interface CertificateRow {
  id: number;
  woman_id: number;
  region_id: number;
  kind: string;
  number: string;
  issued_on: IsoDate;
  expires_on: IsoDate | null;
  child_id: number | null;
  revoked_on: IsoDate | null;
  revoke_reason: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
}

/** The columns of a service the register's consistency rules read (the services feature extends it). */
export interface ServiceRow {
  id: number;
  woman_id: number;
  region_id: number;
  kind: string;
  performed_on: IsoDate;
  facility: string | null;
  provider: string | null;
  findings: string | null;
  complication: string;
  notes: string | null;
  created_by: number | null;
  created_at: Date;
}

export interface TransferRow {
  id: number;
  woman_id: number;
  from_region_id: number;
  to_region_id: number;
  status: 'pending' | 'accepted' | 'rejected' | 'cancelled';
  initiated_by: 'origin' | 'destination';
  moved_on: IsoDate;
  reason: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
}
