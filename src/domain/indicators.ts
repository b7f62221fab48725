/**
 * The report figures and their formulas (DESIGN §6, GLOSSARY "Indicators" and "Report figure keys"). Counts
 * come from the records (src/features/reports); every rate is computed here, once, from its numerator and
 * denominator: a zero denominator gives value null (shown as "—"), and rounding to two decimals happens only
 * at the end, exactly (integer arithmetic, half away from zero), so 260/268 is 97.01 and never 97.00999.
 */

/** Counts over the period (events dated inside it, in the village where they happened). */
export const FLOW_KEYS = [
  'births',
  'births_first',
  'births_second',
  'births_third_plus',
  'births_compliant',
  'births_first_compliant',
  'births_second_compliant',
  'births_third_plus_compliant',
  'births_male',
  'births_female',
  'births_previous_years',
  'deaths',
  'pregnancies_new',
  'procedures',
  'iud_insertions',
  'iud_insertions_after_first_child',
  'iud_removals',
  'female_sterilizations',
  'male_sterilizations',
  'implant_insertions',
  'implant_removals',
  'surgical_abortions',
  'medical_abortions',
  'induced_labours',
  'abortions',
  'table2_abortions',
  'table2_procedures',
  'certificates_issued',
  'first_marriages',
  'first_marriages_late',
  'inflow',
  'outflow',
  'follow_ups_due',
  'follow_ups_done',
  'long_acting_due',
  'long_acting_done',
  'satisfaction_responses',
  'satisfaction_positive',
  'late_reports',
  'preconception_risk',
  'preconception_referred',
  'double_check_due',
  'double_check_done',
  'triple_check_due',
  'triple_check_done',
  'records_entered',
  'records_accurate',
  'subsidy_reviewed',
  'subsidy_review_confirmed',
  'migrant_queries_due',
  'migrant_queries_answered_on_time',
  'births_timely',
  'outside_births_listed',
  'outside_births_found',
  'outside_births_matched',
] as const;

/** Stock at the end of the period (where each woman lived on that date). */
export const STOCK_KEYS = [
  'population',
  'population_end',
  'wra',
  'married_wra',
  'contraceptive_users',
  'long_acting_users',
  'users_male_sterilization',
  'users_female_sterilization',
  'users_iud',
  'users_implant',
  'users_pill_or_injection',
  'users_condom',
  'users_topical',
  'users_other',
  'no_method',
  'certificate_holders',
  'one_child_couples',
  'short_acting_users',
  'free_supply_users',
  'preconception_targets',
  'preconception_checked',
  'special_families_eligible',
  'special_families_filed',
  'special_families_open',
  'special_families_cared',
] as const;

export const RATE_KEYS = [
  'compliance_rate',
  'sex_ratio',
  'birth_rate',
  'natural_growth_rate',
  'contraceptive_rate',
  'long_acting_rate',
  'long_acting_uptake_rate',
  'certificate_rate',
  'follow_up_rate',
  'free_supply_rate',
  'satisfaction_rate',
  'preconception_coverage_rate',
  'double_check_rate',
  'triple_check_rate',
] as const;

export type FlowKey = (typeof FLOW_KEYS)[number];
export type StockKey = (typeof STOCK_KEYS)[number];
export type CountKey = FlowKey | StockKey;
export type RateKey = (typeof RATE_KEYS)[number];
export type FigureKey = CountKey | RateKey;

export const COUNT_KEYS: readonly CountKey[] = [...FLOW_KEYS, ...STOCK_KEYS];

export type Unit = '%' | '‰' | 'ratio';

export interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
  unit: Unit;
}

export type Counts = Record<CountKey, number>;
export type Figures = Counts & Record<RateKey, Rate>;

const MULTIPLIER: Record<Unit, number> = { '%': 100, '‰': 1000, ratio: 100 };

/**
 * numerator / denominator × (100 | 1000), rounded to two decimals half away from zero. Inputs may carry up to
 * two decimals (an average population of 54,799.5), so both are scaled to integers and divided with BigInt.
 */
export function rate(numerator: number, denominator: number, unit: Unit): Rate {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) {
    return { numerator, denominator, value: null, unit };
  }
  const n = BigInt(Math.round(numerator * 100)) * BigInt(MULTIPLIER[unit]) * 100n;
  const d = BigInt(Math.round(denominator * 100));
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const hundredths = (2n * an + ad) / (2n * ad);
  const value = Number(hundredths) / 100;
  return { numerator, denominator, value: negative && value !== 0 ? -value : value, unit };
}

interface RateDef {
  numerator: (c: Counts) => number;
  denominator: (c: Counts) => number;
  /** The count keys behind the numerator and denominator (for the explanation and the drill-down links). */
  numeratorKeys: CountKey[];
  denominatorKey: CountKey;
  unit: Unit;
}

export const RATE_DEFS: Record<RateKey, RateDef> = {
  compliance_rate: { numerator: (c) => c.births_compliant, denominator: (c) => c.births, numeratorKeys: ['births_compliant'], denominatorKey: 'births', unit: '%' },
  sex_ratio: { numerator: (c) => c.births_male, denominator: (c) => c.births_female, numeratorKeys: ['births_male'], denominatorKey: 'births_female', unit: 'ratio' },
  birth_rate: { numerator: (c) => c.births, denominator: (c) => c.population, numeratorKeys: ['births'], denominatorKey: 'population', unit: '‰' },
  natural_growth_rate: {
    numerator: (c) => c.births - c.deaths,
    denominator: (c) => c.population,
    numeratorKeys: ['births', 'deaths'],
    denominatorKey: 'population',
    unit: '‰',
  },
  contraceptive_rate: { numerator: (c) => c.contraceptive_users, denominator: (c) => c.married_wra, numeratorKeys: ['contraceptive_users'], denominatorKey: 'married_wra', unit: '%' },
  long_acting_rate: { numerator: (c) => c.long_acting_users, denominator: (c) => c.contraceptive_users, numeratorKeys: ['long_acting_users'], denominatorKey: 'contraceptive_users', unit: '%' },
  long_acting_uptake_rate: {
    numerator: (c) => c.long_acting_done,
    denominator: (c) => c.long_acting_due,
    numeratorKeys: ['long_acting_done'],
    denominatorKey: 'long_acting_due',
    unit: '%',
  },
  certificate_rate: { numerator: (c) => c.certificate_holders, denominator: (c) => c.one_child_couples, numeratorKeys: ['certificate_holders'], denominatorKey: 'one_child_couples', unit: '%' },
  follow_up_rate: { numerator: (c) => c.follow_ups_done, denominator: (c) => c.follow_ups_due, numeratorKeys: ['follow_ups_done'], denominatorKey: 'follow_ups_due', unit: '%' },
  free_supply_rate: {
    numerator: (c) => c.free_supply_users,
    denominator: (c) => c.short_acting_users,
    numeratorKeys: ['free_supply_users'],
    denominatorKey: 'short_acting_users',
    unit: '%',
  },
  satisfaction_rate: {
    numerator: (c) => c.satisfaction_positive,
    denominator: (c) => c.satisfaction_responses,
    numeratorKeys: ['satisfaction_positive'],
    denominatorKey: 'satisfaction_responses',
    unit: '%',
  },
  preconception_coverage_rate: {
    numerator: (c) => c.preconception_checked,
    denominator: (c) => c.preconception_targets,
    numeratorKeys: ['preconception_checked'],
    denominatorKey: 'preconception_targets',
    unit: '%',
  },
  double_check_rate: { numerator: (c) => c.double_check_done, denominator: (c) => c.double_check_due, numeratorKeys: ['double_check_done'], denominatorKey: 'double_check_due', unit: '%' },
  triple_check_rate: { numerator: (c) => c.triple_check_done, denominator: (c) => c.triple_check_due, numeratorKeys: ['triple_check_done'], denominatorKey: 'triple_check_due', unit: '%' },
};

/** Every count zero: the starting point of a row with no records. */
export function emptyCounts(): Counts {
  return Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Counts;
}

/** Counts plus every rate computed from them. */
export function withRates(counts: Counts): Figures {
  const rates = Object.fromEntries(
    RATE_KEYS.map((k) => {
      const d = RATE_DEFS[k];
      return [k, rate(d.numerator(counts), d.denominator(counts), d.unit)];
    }),
  ) as Record<RateKey, Rate>;
  return { ...counts, ...rates };
}

/** Sum of rows (a total): counts add up; rates are recomputed from the summed counts, never averaged. */
export function sumCounts(rows: Counts[]): Counts {
  const out = emptyCounts();
  for (const r of rows) for (const k of COUNT_KEYS) out[k] += r[k] ?? 0;
  return out;
}

export function isRateKey(key: string): key is RateKey {
  return (RATE_KEYS as readonly string[]).includes(key);
}

export function isCountKey(key: string): key is CountKey {
  return (COUNT_KEYS as readonly string[]).includes(key);
}

export function isStockKey(key: string): key is StockKey {
  return (STOCK_KEYS as readonly string[]).includes(key);
}

/** Counts of a figures object (drops the rates), e.g. to compare a snapshot with live figures. */
export function countsOf(figures: Partial<Figures>): Counts {
  const out = emptyCounts();
  for (const k of COUNT_KEYS) {
    const v = figures[k];
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

export interface FigureDifference {
  key: CountKey;
  snapshot: number;
  live: number;
  difference: number;
}

/**
 * Which counts differ between a snapshot and the live figures (for a submitted or accepted month). Only the
 * counts the snapshot holds are compared: a figure added after the month was submitted is not a difference.
 */
export function differences(snapshot: Partial<Counts>, live: Counts): FigureDifference[] {
  return COUNT_KEYS.filter((k) => typeof snapshot[k] === 'number' && snapshot[k] !== (live[k] ?? 0)).map((k) => ({
    key: k,
    snapshot: snapshot[k] ?? 0,
    live: live[k] ?? 0,
    difference: Math.round(((live[k] ?? 0) - (snapshot[k] ?? 0)) * 100) / 100,
  }));
}

/** The counts a stored figures object holds (a snapshot from before a figure existed lacks it). */
export function storedCounts(figures: Record<string, unknown>): Partial<Counts> {
  const out: Partial<Counts> = {};
  for (const k of COUNT_KEYS) {
    const v = figures[k];
    if (typeof v === 'number') out[k] = v;
  }
  return out;
}

/**
 * Flows that do not add up over months: 往年出生未报 is "born before the period" (a January birth entered in
 * March is late for March, not for the year), 补报 and 按时准确录入 depend on the locks of the period's months,
 * and a beneficiary reviewed in two months counts once in the quarter (her latest review).
 */
const NOT_ADDITIVE: readonly CountKey[] = ['births_previous_years', 'late_reports', 'records_accurate', 'subsidy_reviewed', 'subsidy_review_confirmed'];

/**
 * Stock figures that depend on the whole period, not only its last day: the average population, 获得药具 (a
 * supply anywhere in the period) and 孕前优生 targets (a pregnancy plan open at any time in the period), so the
 * last month's figure is not the longer period's.
 */
const PERIOD_STOCK: readonly CountKey[] = ['population', 'free_supply_users', 'preconception_targets', 'preconception_checked', 'special_families_cared'];

/**
 * A longer period's counts from its months' stored counts (months in order): flows summed, stock taken from the
 * last month. Only what the months reproduce is returned: a flow every month holds and that adds up, a stock the
 * last month holds except the average population (an average of averages is not the period's average) and the
 * women supplied during the period.
 */
export function countsFromMonths(months: readonly Partial<Counts>[]): Partial<Counts> {
  const out: Partial<Counts> = {};
  const last = months[months.length - 1];
  if (!last) return out;
  for (const k of FLOW_KEYS) {
    if (NOT_ADDITIVE.includes(k) || !months.every((m) => typeof m[k] === 'number')) continue;
    out[k] = months.reduce((s, m) => s + (m[k] ?? 0), 0);
  }
  for (const k of STOCK_KEYS) if (!PERIOD_STOCK.includes(k) && typeof last[k] === 'number') out[k] = last[k];
  return out;
}
