/**
 * Reference data, safe to run in any environment and on every start (idempotent upserts): the national
 * birth-policy history and the default follow-up schedules. Features add their own reference data here.
 */
import type { Knex } from 'knex';
import type { FollowUpLevel, PolicyAppliesTo, PolicyCondition, ServiceKind } from '../src/domain/codes.ts';
import { seedSubsidies } from './subsidies.ts';
import { seedServices } from './services.ts';

/** Which births are compliant depends on the policy in force on the birth date (DESIGN §4). */
export const BIRTH_POLICIES = [
  { effective_from: '1980-09-25', children_allowed: 1, note: '提倡一对夫妇只生育一个孩子（独生子女政策）' },
  { effective_from: '2016-01-01', children_allowed: 2, note: '全面两孩政策' },
  { effective_from: '2021-05-31', children_allowed: 3, note: '三孩生育政策' },
];

/**
 * Birth policy as dated rules with a condition on the couple (src/domain/birth-policy.ts). The national set is
 * the history above as rules without a condition; the example province (示例省, an example, not a real
 * province's text) adds the second children provincial regulations allowed before 2016. The county chooses
 * its set on /admin/birth-policy; the national rules without a condition apply whatever it chooses.
 */
export const POLICY_RULE_SETS = [
  { code: 'national', name: '国家政策', note: '全国统一的生育数量政策：1980 年提倡一孩，2016 年全面两孩，2021 年三孩。' },
  {
    code: 'example_province',
    name: '示例省人口与计划生育条例',
    note: '示例：一个省级条例的典型规定（双独、单独、农村一孩为女孩、再婚、少数民族可生育第二个子女），供演示和核对，不是任何真实省份的条文。',
  },
];

export interface PolicyRuleSeed {
  rule_set_code: string;
  effective_from: string;
  effective_to: string | null;
  condition: PolicyCondition;
  applies_to: PolicyAppliesTo;
  children_allowed: number;
  citation: string;
}

export const POLICY_RULES: PolicyRuleSeed[] = [
  {
    rule_set_code: 'national',
    effective_from: '1980-09-25',
    effective_to: '2015-12-31',
    condition: 'none',
    applies_to: 'all',
    children_allowed: 1,
    citation: '1980 年 9 月 25 日中共中央公开信：提倡一对夫妇只生育一个孩子',
  },
  {
    rule_set_code: 'national',
    effective_from: '2016-01-01',
    effective_to: '2021-05-30',
    condition: 'none',
    applies_to: 'all',
    children_allowed: 2,
    citation: '2016 年 1 月 1 日起施行的《人口与计划生育法》：全面两孩，一对夫妻可生育两个子女',
  },
  {
    rule_set_code: 'national',
    effective_from: '2021-05-31',
    effective_to: null,
    condition: 'none',
    applies_to: 'all',
    children_allowed: 3,
    citation: '2021 年 5 月 31 日起实施三孩生育政策：一对夫妻可以生育三个子女',
  },
  ...[
    { effective_from: '2002-09-01', condition: 'both_only_children', applies_to: 'all', citation: '示例省 2002 年条例：夫妻双方均为独生子女的，可生育第二个孩子' },
    { effective_from: '2014-01-17', condition: 'one_only_child', applies_to: 'all', citation: '示例省 2014 年修正条例：夫妻一方为独生子女的，可生育第二个孩子（单独两孩）' },
    { effective_from: '2002-09-01', condition: 'rural_first_girl', applies_to: 'rural', citation: '示例省 2002 年条例：农村一孩为女孩的，可生育第二个孩子' },
    { effective_from: '2002-09-01', condition: 'remarried', applies_to: 'all', citation: '示例省 2002 年条例：再婚夫妻，女方再婚前生育子女不超过一个的，可生育第二个孩子' },
    { effective_from: '2002-09-01', condition: 'ethnic_minority', applies_to: 'rural', citation: '示例省 2002 年条例：农村少数民族夫妻，可生育第二个孩子' },
  ].map((r): PolicyRuleSeed => ({
    rule_set_code: 'example_province',
    effective_to: '2015-12-31',
    children_allowed: 2,
    ...(r as Pick<PolicyRuleSeed, 'effective_from' | 'condition' | 'applies_to' | 'citation'>),
  })),
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
 * Tables filled only by seedReference (or, for validation_rules, long_acting_rules and the assessment tables, by their migration's seed
 * rows): a restore may replace their rows with the backup's. Add yours.
 */
export const REFERENCE_TABLES: string[] = [
  'assessment_indicators',
  'assessment_targets',
  'birth_policies',
  'long_acting_rules',
  'policy_rule_sets',
  'policy_rules',
  'follow_up_schedules',
  'device_lifetimes',
  'floating_query_kinds',
  'floating_settings',
  'special_family_care_rules',
  'subsidy_programs',
  'subsidy_standards',
  'validation_rules',
];

export async function seedReference(db: Knex): Promise<void> {
  await db('birth_policies')
    .insert(BIRTH_POLICIES)
    .onConflict('effective_from')
    .merge(['children_allowed', 'note'])
    .whereRaw('(birth_policies.children_allowed, birth_policies.note) is distinct from (excluded.children_allowed, excluded.note)');
  await db('policy_rule_sets')
    .insert(POLICY_RULE_SETS)
    .onConflict('code')
    .merge(['name', 'note'])
    .whereRaw('(policy_rule_sets.name, policy_rule_sets.note) is distinct from (excluded.name, excluded.note)');
  await db('policy_rules')
    .insert(POLICY_RULES)
    .onConflict(['rule_set_code', 'effective_from', 'condition', 'applies_to'])
    .merge(['effective_to', 'children_allowed', 'citation'])
    .whereRaw('(policy_rules.effective_to, policy_rules.children_allowed, policy_rules.citation) is distinct from (excluded.effective_to, excluded.children_allowed, excluded.citation)');
  await db('follow_up_schedules').insert(FOLLOW_UP_SCHEDULES).onConflict(['service_kind', 'months_after', 'level', 'serious_complication_only']).ignore();
  // Other features' reference data (e.g. subsidy programs) is called from here, explicitly.
  await seedSubsidies(db);
  await seedServices(db);
}
