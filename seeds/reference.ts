/**
 * Reference data, safe to run in any environment and on every start (idempotent upserts): the national
 * birth-policy history and the default follow-up schedules. Features add their own reference data here.
 */
import type { Knex } from 'knex';
import type { FollowUpLevel, ServiceKind } from '../src/domain/codes.ts';
import { seedSubsidies } from './subsidies.ts';
import { seedServices } from './services.ts';

/** Which births are compliant depends on the policy in force on the birth date (DESIGN §4). */
export const BIRTH_POLICIES = [
  { effective_from: '1980-09-25', children_allowed: 1, note: '提倡一对夫妇只生育一个孩子（独生子女政策）' },
  { effective_from: '2016-01-01', children_allowed: 2, note: '全面两孩政策' },
  { effective_from: '2021-05-31', children_allowed: 3, note: '三孩生育政策' },
];

/**
 * Follow-ups after services (GLOSSARY "follow-up level"; domain-notes §3.2): IUD insertion at 1, 3, 6, 12
 * months; sterilisation, abortion, IUD removal and implants at 1 and 3 months, by the township; a serious
 * complication adds a county-station follow-up at 1 month.
 */
const TOWNSHIP_1_3: ServiceKind[] = ['female_sterilization', 'male_sterilization', 'surgical_abortion', 'medical_abortion', 'induced_labour', 'iud_removal', 'implant_insertion', 'implant_removal'];
interface ScheduleSeed {
  service_kind: ServiceKind;
  months_after: number;
  level: FollowUpLevel;
  serious_complication_only: boolean;
}
export const FOLLOW_UP_SCHEDULES: ScheduleSeed[] = [
  ...[1, 3, 6, 12].map((m): ScheduleSeed => ({ service_kind: 'iud_insertion', months_after: m, level: 'township', serious_complication_only: false })),
  ...TOWNSHIP_1_3.flatMap((kind) => [1, 3].map((m): ScheduleSeed => ({ service_kind: kind, months_after: m, level: 'township', serious_complication_only: false }))),
  ...(['iud_insertion', ...TOWNSHIP_1_3] as const).map((kind): ScheduleSeed => ({ service_kind: kind, months_after: 1, level: 'county', serious_complication_only: true })),
];

/**
 * Tables filled only by seedReference (or, for validation_rules, by its migration's seed rows): a restore may
 * replace their rows with the backup's. Add yours.
 */
export const REFERENCE_TABLES: string[] = ['birth_policies', 'follow_up_schedules', 'device_lifetimes', 'subsidy_programs', 'subsidy_standards', 'validation_rules'];

export async function seedReference(db: Knex): Promise<void> {
  await db('birth_policies')
    .insert(BIRTH_POLICIES)
    .onConflict('effective_from')
    .merge(['children_allowed', 'note'])
    .whereRaw('(birth_policies.children_allowed, birth_policies.note) is distinct from (excluded.children_allowed, excluded.note)');
  await db('follow_up_schedules').insert(FOLLOW_UP_SCHEDULES).onConflict(['service_kind', 'months_after', 'level', 'serious_complication_only']).ignore();
  // Other features' reference data (e.g. subsidy programs) is called from here, explicitly.
  await seedSubsidies(db);
  await seedServices(db);
}
