/**
 * The five subsidy programs of GLOSSARY.md with their first standards, eligibility parameters, evidence lists
 * and approval levels (domain-notes §4, peer-systems §3.7). Idempotent, and it never overwrites what the
 * county admin changed: programs and standards are inserted only when missing. Amounts are data: 特扶 and
 * local top-ups differ by place and year, so the figures below are plausible defaults to be confirmed by the
 * county (the admin adds a new standard with its effective date; history is kept).
 */
import type { Knex } from 'knex';
import type { SubsidyEvidence, SubsidyProgram, SubsidyTier, SubsidyUnit } from '../src/domain/codes.ts';

interface ProgramSeed {
  code: SubsidyProgram;
  name: string;
  unit: SubsidyUnit;
  approval_levels: string[];
  params: Record<string, unknown>;
  evidence: SubsidyEvidence[];
  sort_order: number;
}

export const SUBSIDY_PROGRAMS: ProgramSeed[] = [
  {
    code: 'reward_assistance',
    name: '农村部分计划生育家庭奖励扶助(奖扶)',
    unit: 'per_year',
    approval_levels: ['township', 'county'],
    params: { min_age: 60, born_on_or_after: '1933-01-01', compliance_since: '1973-01-01', resident_hukou_accepted: true },
    evidence: ['hukou_booklet', 'id_card', 'marriage_certificate', 'village_certification', 'bank_account'],
    sort_order: 1,
  },
  {
    code: 'special_assistance_death',
    name: '计划生育家庭特别扶助(独生子女死亡)',
    unit: 'per_month',
    approval_levels: ['township', 'county'],
    params: { mother_min_age: 49 },
    evidence: ['hukou_booklet', 'id_card', 'only_child_certificate', 'death_certificate', 'bank_account'],
    sort_order: 2,
  },
  {
    code: 'special_assistance_disability',
    name: '计划生育家庭特别扶助(独生子女伤残)',
    unit: 'per_month',
    approval_levels: ['township', 'county'],
    params: { mother_min_age: 49, max_disability_grade: 3 },
    evidence: ['hukou_booklet', 'id_card', 'only_child_certificate', 'disability_certificate', 'bank_account'],
    sort_order: 3,
  },
  {
    code: 'only_child_reward',
    name: '独生子女父母奖励费',
    unit: 'per_year',
    approval_levels: ['township', 'county'],
    params: {},
    evidence: ['hukou_booklet', 'id_card', 'only_child_certificate', 'bank_account'],
    sort_order: 4,
  },
  {
    // Approval delegated to the township ("下放辅助生殖审批权限到乡镇", domain-notes §4.2).
    code: 'assisted_reproduction',
    name: '失独家庭辅助生育补助',
    unit: 'once',
    approval_levels: ['township'],
    params: {},
    evidence: ['hukou_booklet', 'id_card', 'marriage_certificate', 'death_certificate', 'medical_invoice', 'bank_account'],
    sort_order: 5,
  },
];

interface StandardSeed {
  program: SubsidyProgram;
  tier: SubsidyTier;
  effective_from: string;
  amount_fen: number;
  note: string;
}

export const SUBSIDY_STANDARDS: StandardSeed[] = [
  { program: 'reward_assistance', tier: 'national', effective_from: '2012-01-01', amount_fen: 96000, note: '国家标准 960 元/人/年' },
  { program: 'reward_assistance', tier: 'local', effective_from: '2016-01-01', amount_fen: 1000, note: '市级配套 10 元/人/年（地方示例，可调整）' },
  { program: 'special_assistance_death', tier: 'national', effective_from: '2014-01-01', amount_fen: 30000, note: '独生子女死亡 300 元/人/月（历史标准）' },
  { program: 'special_assistance_death', tier: 'national', effective_from: '2024-01-01', amount_fen: 59000, note: '独生子女死亡 590 元/人/月（可配置，请按本地文件核定）' },
  { program: 'special_assistance_disability', tier: 'national', effective_from: '2014-01-01', amount_fen: 20000, note: '独生子女伤残 200 元/人/月（历史标准）' },
  { program: 'special_assistance_disability', tier: 'national', effective_from: '2024-01-01', amount_fen: 46000, note: '独生子女伤残 460 元/人/月（可配置，请按本地文件核定）' },
  { program: 'only_child_reward', tier: 'local', effective_from: '2002-01-01', amount_fen: 12000, note: '独生子女父母奖励费 120 元/年（地方示例）' },
  { program: 'assisted_reproduction', tier: 'local', effective_from: '2014-01-01', amount_fen: 5000000, note: '每对夫妇累计不超过 5 万元' },
];

export async function seedSubsidies(db: Knex): Promise<void> {
  await db('subsidy_programs')
    .insert(SUBSIDY_PROGRAMS.map((p) => ({ ...p, params: JSON.stringify(p.params) })))
    .onConflict('code')
    .merge(['name', 'unit', 'sort_order'])
    // Only rows whose labels changed: an unchanged row is left alone (no updated_at or version bump on every
    // start, and a restored database stays identical to its backup).
    .whereRaw('(subsidy_programs.name, subsidy_programs.unit, subsidy_programs.sort_order) is distinct from (excluded.name, excluded.unit, excluded.sort_order)');
  await db('subsidy_standards').insert(SUBSIDY_STANDARDS).onConflict(['program', 'tier', 'effective_from']).ignore();
}
