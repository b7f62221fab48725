/**
 * 考核 (issue 15, part 1): the indicator catalogue and the county's yearly targets, as data.
 *
 * An indicator is computed from the report engine's counts ('report': its code is the engine's rate key, or the
 * sum of its numerator keys over its denominator key plus the extra keys), from the double-check rounds
 * ('check_rounds'), or not yet at all ('records_pending': the portal does not hold the records; shown as 数据待建,
 * never given a value). A target belongs to a statistical year and to every township (region_id null) or one
 * township (an override); `near` is the 接近 margin, `weight` the points on the score sheet. Targets are seeded for
 * the statistical years 2024–2027 with the thresholds of the county's 目标管理责任书 (seed 003 篇12).
 */
import type { Knex } from 'knex';

const UNITS = ['%', '‰', 'ratio'];
const DIRECTIONS = ['higher', 'lower', 'band'];
const SOURCES = ['report', 'check_rounds', 'records_pending'];
const RULES = ['full_or_zero', 'proportional'];
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

interface Indicator {
  code: string;
  name: string;
  unit: '%' | '‰' | 'ratio';
  direction: 'higher' | 'lower' | 'band';
  band_low?: number;
  band_high?: number;
  numerator_keys?: string[];
  denominator_key?: string;
  denominator_extra_keys?: string[];
  source: 'report' | 'check_rounds' | 'records_pending';
  definition: string;
}

const INDICATORS: Indicator[] = [
  {
    code: 'compliance_rate',
    name: '符合政策生育率',
    unit: '%',
    direction: 'higher',
    numerator_keys: ['births_compliant'],
    denominator_key: 'births',
    source: 'report',
    definition: '报告期内符合政策生育的出生人数 ÷ 报告期内出生人数 × 100%',
  },
  {
    code: 'birth_rate',
    name: '出生率',
    unit: '‰',
    direction: 'lower',
    numerator_keys: ['births'],
    denominator_key: 'population',
    source: 'report',
    definition: '报告期内出生人数 ÷ 报告期平均人口 × 1000‰',
  },
  {
    code: 'natural_growth_rate',
    name: '自然增长率',
    unit: '‰',
    direction: 'lower',
    numerator_keys: ['births', 'deaths'],
    denominator_key: 'population',
    source: 'report',
    definition: '（报告期内出生人数 − 死亡人数）÷ 报告期平均人口 × 1000‰',
  },
  {
    code: 'sex_ratio',
    name: '出生人口性别比',
    unit: 'ratio',
    direction: 'band',
    band_low: 103,
    band_high: 107,
    numerator_keys: ['births_male'],
    denominator_key: 'births_female',
    source: 'report',
    definition: '报告期内出生男婴数 ÷ 出生女婴数 × 100（以女婴为 100）；103–107 为正常范围',
  },
  {
    code: 'statistical_accuracy_rate',
    name: '出生统计准确率',
    unit: '%',
    direction: 'higher',
    numerator_keys: ['births'],
    denominator_key: 'births',
    denominator_extra_keys: ['births_previous_years'],
    source: 'report',
    definition: '报告期内出生人数 ÷（报告期内出生人数 + 报告期内补录的往年出生未报人数）× 100%：往年漏报的出生在补录当期计入分母，漏报越多越低',
  },
  { code: 'double_check_rate', name: '双查到位率', unit: '%', direction: 'higher', source: 'check_rounds', definition: '与报告期相交的各季度双查中已查人数 ÷ 应查人数（免查者不计）× 100%' },
  {
    code: 'long_acting_uptake_rate',
    name: '当年长效节育措施落实率',
    unit: '%',
    direction: 'higher',
    numerator_keys: ['long_acting_done'],
    denominator_key: 'long_acting_due',
    source: 'report',
    definition: '报告期内到期应落实长效节育措施的妇女中已落实的人数 ÷ 应落实人数 × 100%（按县里现行的长效节育措施落实规则）',
  },
  {
    code: 'contraceptive_rate',
    name: '综合避孕率',
    unit: '%',
    direction: 'higher',
    numerator_keys: ['contraceptive_users'],
    denominator_key: 'married_wra',
    source: 'report',
    definition: '期末采取避孕措施的已婚育龄妇女数 ÷ 期末已婚育龄妇女数 × 100%',
  },
  {
    code: 'follow_up_rate',
    name: '随访率',
    unit: '%',
    direction: 'higher',
    numerator_keys: ['follow_ups_done'],
    denominator_key: 'follow_ups_due',
    source: 'report',
    definition: '报告期内到期的术后随访中已随访的次数 ÷ 到期应随访次数 × 100%',
  },
  {
    code: 'subsidy_eligibility_accuracy',
    name: '奖扶特扶资格确认准确率',
    unit: '%',
    direction: 'higher',
    source: 'records_pending',
    definition: '抽查核实资格确认正确的奖励扶助、特别扶助对象数 ÷ 抽查对象数 × 100%',
  },
  {
    code: 'pre_pregnancy_check_coverage',
    name: '免费孕前优生健康检查目标人群覆盖率',
    unit: '%',
    direction: 'higher',
    source: 'records_pending',
    definition: '报告期内夫妻双方接受免费孕前优生健康检查的目标夫妇数 ÷ 目标夫妇数（新婚或计划怀孕的夫妇）× 100%',
  },
  {
    code: 'free_contraceptive_access_rate',
    name: '免费计划生育药具获得率',
    unit: '%',
    direction: 'higher',
    source: 'records_pending',
    definition: '报告期内领取免费药具的使用短效措施（避孕套、口服及注射避孕药、外用药）的已婚育龄妇女数 ÷ 使用短效措施的已婚育龄妇女数 × 100%',
  },
  { code: 'satisfaction_rate', name: '群众满意率', unit: '%', direction: 'higher', source: 'records_pending', definition: '随访或服务时评价为“满意”“基本满意”的人次 ÷ 作出评价的人次 × 100%' },
  { code: 'migrant_feedback_rate', name: '流动人口婚育信息反馈率', unit: '%', direction: 'higher', source: 'records_pending', definition: '按期反馈的流动人口婚育信息条数 ÷ 应反馈的条数 × 100%' },
  {
    code: 'birth_info_accuracy',
    name: '出生信息准确率',
    unit: '%',
    direction: 'higher',
    source: 'records_pending',
    definition: '与出生医学证明、户籍登记核对一致的出生信息数 ÷ 核对的出生信息数 × 100%',
  },
  { code: 'birth_info_timeliness', name: '出生信息及时率', unit: '%', direction: 'higher', source: 'records_pending', definition: '出生后规定期限内录入的出生信息数 ÷ 报告期内出生信息数 × 100%' },
  { code: 'birth_info_completeness', name: '出生信息完整率', unit: '%', direction: 'higher', source: 'records_pending', definition: '必填项齐全的出生信息数 ÷ 报告期内出生信息数 × 100%' },
  {
    code: 'special_family_registration_rate',
    name: '计划生育特殊家庭建档率',
    unit: '%',
    direction: 'higher',
    source: 'records_pending',
    definition: '已建档的计划生育特殊家庭数 ÷ 计划生育特殊家庭总数 × 100%',
  },
  {
    code: 'special_family_support_rate',
    name: '计划生育特殊家庭扶助落实率',
    unit: '%',
    direction: 'higher',
    source: 'records_pending',
    definition: '已落实联系人、家庭医生签约等扶助关怀的特殊家庭数 ÷ 已建档的特殊家庭数 × 100%',
  },
];

/** The county's yearly thresholds (seed 003 篇12); weights sum to 100. */
const TARGETS = [
  { indicator_code: 'birth_rate', target: 13.6, near: 0.5, weight: 15, score_rule: 'full_or_zero' },
  { indicator_code: 'natural_growth_rate', target: 6, near: 0.5, weight: 10, score_rule: 'full_or_zero' },
  { indicator_code: 'compliance_rate', target: 93.5, near: 1.5, weight: 20, score_rule: 'proportional' },
  { indicator_code: 'statistical_accuracy_rate', target: 95, near: 2, weight: 15, score_rule: 'proportional' },
  { indicator_code: 'double_check_rate', target: 98, near: 2, weight: 15, score_rule: 'proportional' },
  { indicator_code: 'long_acting_uptake_rate', target: 95, near: 3, weight: 15, score_rule: 'proportional' },
  { indicator_code: 'sex_ratio', target: 105, near: 2, weight: 10, score_rule: 'full_or_zero' },
] as const;
const SEEDED_YEARS = [2024, 2025, 2026, 2027];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('assessment_indicators', (t) => {
    t.text('code').primary();
    t.text('name').notNullable().unique();
    t.text('unit').notNullable();
    t.text('direction').notNullable();
    t.decimal('band_low', 12, 2).nullable();
    t.decimal('band_high', 12, 2).nullable();
    t.specificType('numerator_keys', 'text[]').nullable();
    t.text('denominator_key').nullable();
    t.specificType('denominator_extra_keys', 'text[]').notNullable().defaultTo('{}');
    t.text('source').notNullable();
    t.text('definition').notNullable();
    t.integer('sort_order').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
  });
  await knex.raw(`
    alter table assessment_indicators
      add constraint assessment_indicators_unit_check check (unit in (${list(UNITS)})),
      add constraint assessment_indicators_direction_check check (direction in (${list(DIRECTIONS)})),
      add constraint assessment_indicators_source_check check (source in (${list(SOURCES)})),
      add constraint assessment_indicators_band_check check (
        (direction = 'band') = (band_low is not null and band_high is not null) and (band_low is null or band_low <= band_high)),
      add constraint assessment_indicators_formula_check check (
        (source = 'report') = (numerator_keys is not null and denominator_key is not null)),
      add constraint assessment_indicators_definition_check check (char_length(definition) between 1 and 500);
  `);
  await knex('assessment_indicators').insert(
    INDICATORS.map((i, n) => ({
      code: i.code,
      name: i.name,
      unit: i.unit,
      direction: i.direction,
      band_low: i.band_low ?? null,
      band_high: i.band_high ?? null,
      numerator_keys: i.numerator_keys ?? null,
      denominator_key: i.denominator_key ?? null,
      denominator_extra_keys: i.denominator_extra_keys ?? [],
      source: i.source,
      definition: i.definition,
      sort_order: (n + 1) * 10,
    })),
  );

  await knex.schema.createTable('assessment_targets', (t) => {
    t.increments('id');
    t.integer('year').notNullable();
    t.integer('region_id').nullable().references('regions.id');
    t.text('indicator_code').notNullable().references('assessment_indicators.code');
    t.decimal('target', 12, 2).notNullable();
    t.decimal('near', 12, 2).nullable();
    t.decimal('weight', 6, 2).notNullable().defaultTo(0);
    t.text('score_rule').notNullable().defaultTo('full_or_zero');
    t.integer('updated_by').references('users.id');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('version').notNullable().defaultTo(1);
  });
  await knex.raw(`
    alter table assessment_targets
      add constraint assessment_targets_year_check check (year between 2000 and 2100),
      add constraint assessment_targets_near_check check (near is null or near >= 0),
      add constraint assessment_targets_weight_check check (weight between 0 and 100),
      add constraint assessment_targets_score_rule_check check (score_rule in (${list(RULES)})),
      add constraint assessment_targets_unique unique nulls not distinct (year, region_id, indicator_code);
  `);
  await knex('assessment_targets').insert(SEEDED_YEARS.flatMap((year) => TARGETS.map((t) => ({ ...t, year, region_id: null }))));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('assessment_targets');
  await knex.schema.dropTable('assessment_indicators');
}
