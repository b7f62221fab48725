/** Row shapes of the services feature as its queries return them (dates are 'YYYY-MM-DD' strings). */
import type { IsoDate } from '../../domain/dates.ts';
import type { ServiceRow as RegisterServiceRow } from '../women/service.ts';

/** A service row whole: the register's columns (women/rows.ts) plus what the services feature adds. */
export interface ServiceRow extends RegisterServiceRow {
  complication_serious: boolean;
  iud_result: string | null;
  pregnancy_result: string | null;
  pregnancy_id: number | null;
  version: number;
}

/** A service with where it happened and who recorded it (card and lists). */
export interface ServiceListRow extends ServiceRow {
  village_name: string;
  village_code: string;
  recorded_by: string | null;
  woman_name?: string;
  id_number?: string;
}

export interface FollowUpRow {
  id: number;
  woman_id: number;
  service_id: number | null;
  region_id: number;
  level: string;
  due_on: IsoDate;
  done_on: IsoDate | null;
  result: string | null;
  done_by: number | null;
  note: string | null;
  version: number;
  created_at: Date;
}

/** A follow-up as the lists show it: the woman (where she lives now), the service it follows, who did it. */
export interface FollowUpListRow extends FollowUpRow {
  woman_name: string;
  id_number: string;
  phone: string | null;
  address: string | null;
  village_id: number;
  village_code: string;
  village_name: string;
  township_name: string;
  service_kind: string | null;
  performed_on: IsoDate | null;
  done_by_name: string | null;
}

export interface CheckRoundRow {
  id: number;
  township_id: number;
  year: number;
  quarter: number;
  opened_on: IsoDate;
  closes_on: IsoDate;
  status: 'open' | 'closed';
  version: number;
  created_by: number | null;
  created_at: Date;
}

export interface CheckRoundListRow extends CheckRoundRow {
  township_name: string;
  township_code: string;
  due: number;
  done: number;
  excused: number;
}

export interface CheckResultRow {
  id: number;
  round_id: number;
  woman_id: number;
  status: 'due' | 'done' | 'excused';
  service_id: number | null;
  checked_on: IsoDate | null;
  iud_result: string | null;
  pregnancy_result: string | null;
  note: string | null;
  version: number;
}

/** A woman on a round's list, with her card's essentials. */
export interface CheckResultListRow extends CheckResultRow {
  woman_name: string;
  id_number: string;
  birth_date: IsoDate;
  phone: string | null;
  village_id: number;
  village_code: string;
  village_name: string;
  method: string | null;
}

/** A woman on a roster: the card's essentials and where she lives. */
export interface RosterPerson {
  id: number;
  name: string;
  id_number: string;
  birth_date: IsoDate;
  phone: string | null;
  address: string | null;
  spouse_name: string | null;
  village_id: number;
  village_code: string;
  village_name: string;
}
