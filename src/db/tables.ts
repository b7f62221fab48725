/**
 * Every table's row as it arrives from PostgreSQL, declared once and given to knex (src/db/knex-tables.ts), so
 * `db('women')` is typed. Generated from the migrated schema by test/db/schema/tables-declaration.test.ts, which
 * fails when a migration changes a column without this file: regenerate with UPDATE_TABLES=1 (see that test).
 * Dates are 'YYYY-MM-DD' strings; bigint and numeric arrive as numbers (src/db/knex.ts); codes are the literal
 * lists of their CHECK constraints (the same lists as src/domain/codes.ts).
 */

export interface ApiCallsTable {
  id: number;
  client_id: number | null;
  at: Date;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  path: string;
  status: number;
  ms: number;
}

export interface ApiClientsTable {
  id: number;
  name: string;
  purpose: string;
  region_id: number;
  access: 'read' | 'write';
  token_prefix: string;
  token_hash: string;
  rate_limit_per_minute: number;
  created_by: number | null;
  created_at: Date;
  revoked_by: number | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
  last_used_at: Date | null;
}

export interface AssessmentIndicatorsTable {
  code: string;
  name: string;
  unit: '%' | '‰' | 'ratio';
  direction: 'higher' | 'lower' | 'band';
  band_low: number | null;
  band_high: number | null;
  numerator_keys: string[] | null;
  denominator_key: string | null;
  denominator_extra_keys: string[];
  source: 'report' | 'check_rounds' | 'records_pending';
  definition: string;
  sort_order: number;
  active: boolean;
}

export interface AssessmentTargetsTable {
  id: number;
  year: number;
  region_id: number | null;
  indicator_code: string;
  target: number;
  near: number | null;
  weight: number;
  score_rule: 'full_or_zero' | 'proportional';
  updated_by: number | null;
  updated_at: Date;
  version: number;
}

export interface AuditLogTable {
  id: number;
  created_at: Date;
  user_id: number | null;
  username: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  region_id: number | null;
  before: unknown | null;
  after: unknown | null;
  reason: string | null;
  ip: string | null;
}

export interface BirthPoliciesTable {
  id: number;
  effective_from: string;
  children_allowed: number;
  note: string;
  created_at: Date;
  updated_at: Date;
}

export interface CertificateApplicationsTable {
  id: number;
  woman_id: number;
  region_id: number;
  kind: 'only_child_glory' | 'birth_registration' | 'migrant_certificate' | 'reproduction_permit' | 'reproductive_health_card';
  status: 'draft' | 'submitted' | 'returned' | 'approved' | 'handed_over' | 'refused' | 'revoked';
  child_order: number | null;
  applicant: 'self' | 'agent';
  agent_name: string | null;
  agent_user_id: number | null;
  evidence: string[];
  note: string | null;
  first_submitted_on: string | null;
  submitted_on: string | null;
  due_on: string | null;
  decided_on: string | null;
  decision_reason: string | null;
  decided_by: number | null;
  number: string | null;
  certificate_id: number | null;
  printed_at: Date | null;
  handed_over_on: string | null;
  collector_name: string | null;
  collector_relation: 'self' | 'spouse' | 'parent' | 'relative' | 'agent' | 'other' | null;
  collector_id_last4: string | null;
  revoked_on: string | null;
  revoke_reason: string | null;
  version: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface CertificateNumberCountersTable {
  township_id: number;
  kind: 'only_child_glory' | 'birth_registration' | 'migrant_certificate' | 'reproduction_permit' | 'reproductive_health_card';
  year: number;
  last_number: number;
}

export interface CertificatesTable {
  id: number;
  woman_id: number;
  region_id: number;
  kind: 'only_child_glory' | 'birth_registration' | 'migrant_certificate' | 'reproduction_permit' | 'reproductive_health_card';
  number: string;
  issued_on: string;
  expires_on: string | null;
  child_id: number | null;
  revoked_on: string | null;
  revoke_reason: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface CheckResultsTable {
  id: number;
  round_id: number;
  woman_id: number;
  status: 'due' | 'done' | 'excused';
  service_id: number | null;
  checked_on: string | null;
  iud_result: 'present' | 'absent' | 'not_applicable' | null;
  pregnancy_result: 'positive' | 'negative' | null;
  note: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  gyn_result: 'normal' | 'abnormal' | null;
  gyn_note: string | null;
}

export interface CheckRoundsTable {
  id: number;
  township_id: number;
  year: number;
  quarter: number;
  opened_on: string;
  closes_on: string;
  status: 'open' | 'closed';
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  includes_gyn_exam: boolean;
}

export interface ChildrenTable {
  id: number;
  woman_id: number;
  region_id: number;
  pregnancy_id: number | null;
  name: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  birth_order: number;
  policy_status: 'compliant' | 'non_compliant';
  policy_proposed: string | null;
  policy_reason: string | null;
  permit_no: string | null;
  vital_status: 'living' | 'deceased' | 'disabled';
  disability_grade: number | null;
  death_date: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface ContraceptionEpisodesTable {
  id: number;
  woman_id: number;
  region_id: number;
  method: 'male_sterilization' | 'female_sterilization' | 'iud' | 'implant' | 'pill_or_injection' | 'condom' | 'topical' | 'other';
  started_on: string;
  ended_on: string | null;
  end_reason: 'removed' | 'expelled' | 'failure' | 'switched' | 'reversal' | 'stopped' | 'exited' | 'other' | null;
  due_on: string | null;
  service_id: number | null;
  end_service_id: number | null;
  notes: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface CountyPeriodsTable {
  id: number;
  county_id: number;
  month: string;
  status: 'not_submitted' | 'submitted' | 'accepted' | 'returned';
  snapshot: unknown | null;
  submitted_by: number | null;
  submitted_at: Date | null;
  first_submitted_at: Date | null;
  accepted_by: number | null;
  accepted_at: Date | null;
  returned_by: number | null;
  returned_at: Date | null;
  comment: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface CountySettingsTable {
  key: string;
  value: string;
  updated_by: number | null;
  updated_at: Date;
}

export interface DataFindingsTable {
  id: number;
  woman_id: number;
  region_id: number;
  rule: string;
  level: 'E' | 'W';
  message: string;
  field: string | null;
  detected_on: string;
  created_at: Date;
  updated_at: Date;
}

export interface DeviceLifetimesTable {
  method: 'iud' | 'implant';
  years: number;
  note: string | null;
  created_at: Date;
  updated_at: Date;
  updated_by: number | null;
}

export interface ExchangePackagesTable {
  id: number;
  package_id: string;
  direction: 'out' | 'in';
  partner_county_code: string;
  queries: number;
  answers: number;
  created_by: number | null;
  created_at: Date;
  county_code: string | null;
}

export interface ExchangePartnersTable {
  id: number;
  county_code: string;
  name: string;
  secret: string;
  active: boolean;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
  owner_county_code: string;
}

export interface FigureCheckRunsTable {
  id: number;
  run_at: Date;
  keys_compared: number;
  differences: number;
  details: unknown;
  county_differences: unknown;
}

export interface FigureContributionsTable {
  woman_id: number;
  village_id: number;
  day: string;
  key: string;
  n: number;
}

export interface FigureCountMonthsTable {
  village_id: number;
  month: string;
  key: string;
  n: number;
}

export interface FigureCountsTable {
  village_id: number;
  day: string;
  key: string;
  n: number;
}

export interface FigureStockBaseTable {
  year: number;
  village_id: number;
  key: string;
  n: number;
}

export interface FigureStockChangesTable {
  village_id: number;
  day: string;
  key: string;
  n: number;
}

export interface FigureStockContributionsTable {
  woman_id: number;
  village_id: number;
  day: string;
  key: string;
  n: number;
}

export interface FigureStockMonthsTable {
  village_id: number;
  month: string;
  key: string;
  n: number;
}

export interface FigureStoreMetaTable {
  name: string;
  value: string;
}

export interface FigureTouchedTable {
  woman_id: number;
  stock_from: string | null;
  villages: number[];
}

export interface FloatingEventsTable {
  id: number;
  woman_id: number;
  kind: 'outflow' | 'inflow' | 'return';
  effective_on: string;
  undated: boolean;
  place: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface FloatingQueriesTable {
  id: number;
  ref: string;
  from_township_id: number | null;
  from_county_code: string | null;
  from_unit: string | null;
  to_region_id: number | null;
  to_county_code: string | null;
  to_region_code: string | null;
  woman_id: number | null;
  woman_name: string;
  woman_id_number: string;
  kind: 'arrival_notice' | 'pregnancy' | 'birth' | 'contraception' | 'verify_request';
  body: string;
  sent_on: string;
  due_on: string;
  answered_on: string | null;
  answer: string | null;
  result_code: 'confirmed' | 'not_confirmed' | 'not_found' | 'other' | null;
  answered_by: number | null;
  out_package_id: string | null;
  answer_package_id: string | null;
  created_by: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface FloatingQueryKindsTable {
  kind: 'arrival_notice' | 'pregnancy' | 'birth' | 'contraception' | 'verify_request';
  due_days: number;
}

export interface FloatingSettingsTable {
  id: number;
  verify_every_months: number;
  created_at: Date;
  updated_at: Date;
}

export interface FloatingVerificationsTable {
  id: number;
  woman_id: number;
  region_id: number;
  verified_on: string;
  result: 'in_place' | 'returned' | 'moved_on' | 'not_found';
  note: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface FollowUpSchedulesTable {
  id: number;
  service_kind: 'iud_insertion' | 'iud_removal' | 'female_sterilization' | 'male_sterilization' | 'implant_insertion' | 'implant_removal' | 'surgical_abortion' | 'medical_abortion' | 'induced_labour' | 'ring_pregnancy_check' | 'gyn_exam' | 'preconception_check' | 'ultrasound' | 'breast_exam' | 'contraceptive_supply' | 'counselling' | 'sterilization_reversal' | null;
  months_after: number;
  level: 'village' | 'township' | 'county';
  serious_complication_only: boolean;
  active: boolean;
  note: string | null;
  created_at: Date;
  updated_at: Date;
  trigger: 'service' | 'marriage' | 'pregnancy' | 'postpartum' | 'supply_user';
  days_after: number;
}

export interface FollowUpsTable {
  id: number;
  woman_id: number;
  service_id: number | null;
  region_id: number;
  level: 'village' | 'township' | 'county';
  due_on: string;
  done_on: string | null;
  result: string | null;
  done_by: number | null;
  note: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  satisfaction: 'satisfied' | 'basic' | 'dissatisfied' | null;
  satisfaction_note: string | null;
  trigger: 'service' | 'marriage' | 'pregnancy' | 'postpartum' | 'supply_user';
  trigger_on: string | null;
  schedule_id: number | null;
}

export interface FreeSuppliesTable {
  id: number;
  woman_id: number;
  region_id: number;
  supplied_on: string;
  item: 'condom' | 'pill' | 'injection' | 'topical';
  quantity: number;
  channel: 'service_room' | 'village' | 'self_service_box' | 'mobile_van';
  note: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface HomeDataVersionTable {
  id: number;
  version: number;
}

export interface HomeDirtyTable {
  txid: number;
}

export interface HomePanelCacheTable {
  cache_key: string;
  today: string;
  version: number;
  payload: unknown;
  computed_at: Date;
}

export interface HukouEventsTable {
  id: number;
  woman_id: number;
  whose: 'woman' | 'spouse';
  hukou_kind: 'agricultural' | 'non_agricultural' | 'resident';
  effective_on: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface ImportJobsTable {
  id: number;
  kind: 'women' | 'children' | 'services' | 'population' | 'regions';
  file_name: string;
  file_size: number;
  file: Buffer | null;
  user_id: number;
  region_id: number;
  status: 'queued' | 'checking' | 'checked' | 'writing' | 'done' | 'failed' | 'discarded';
  total_rows: number | null;
  processed_rows: number;
  problem_count: number;
  problems: unknown;
  to_create: number | null;
  unchanged: number | null;
  written: number | null;
  error: string | null;
  check_ms: number | null;
  write_ms: number | null;
  checked_at: Date | null;
  finished_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  notices: unknown;
}

export interface JobRunsTable {
  id: number;
  name: string;
  day: string;
  status: 'running' | 'done' | 'failed';
  attempts: number;
  started_at: Date;
  finished_at: Date | null;
  instance: string;
  summary: string | null;
}

export interface LoginFailuresTable {
  id: number;
  username_key: string;
  ip: string | null;
  at: Date;
}

export interface LongActingRulesTable {
  id: number;
  effective_from: string;
  min_birth_order: number;
  within_days: number;
  note: string;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface MaritalEventsTable {
  id: number;
  woman_id: number;
  kind: 'first_marriage' | 'divorce' | 'remarriage' | 'widowed';
  effective_on: string;
  undated: boolean;
  spouse_name: string | null;
  spouse_id_number: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface OutsideBirthListsTable {
  id: number;
  source_kind: 'hospital' | 'police';
  name: string;
  period: string | null;
  file_name: string;
  region_id: number;
  status: 'draft' | 'confirmed';
  row_count: number;
  matched_at: Date | null;
  confirmed_at: Date | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface OutsideBirthsTable {
  id: number;
  list_id: number;
  row_no: number;
  mother_id_number: string | null;
  mother_name: string;
  child_name: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  facility: string | null;
  certificate_no: string | null;
  village_id: number | null;
  region_id: number;
  match_status: 'matched' | 'differs' | 'not_recorded' | 'unknown_mother' | null;
  woman_id: number | null;
  child_id: number | null;
  register_sex: 'male' | 'female' | null;
  register_birth_date: string | null;
  matched_at: Date | null;
  explanation: string | null;
  explained_by: number | null;
  explained_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface PolicyRuleSetsTable {
  code: string;
  name: string;
  note: string;
}

export interface PolicyRulesTable {
  id: number;
  rule_set_code: string;
  effective_from: string;
  effective_to: string | null;
  condition: 'none' | 'both_only_children' | 'one_only_child' | 'rural_first_girl' | 'remarried' | 'ethnic_minority';
  applies_to: 'all' | 'rural' | 'urban';
  children_allowed: number;
  citation: string;
}

export interface PopulationFiguresTable {
  id: number;
  region_id: number;
  month: string;
  population_end: number;
  deaths: number;
  version: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
  moved_in: number | null;
  moved_out: number | null;
}

export interface PreconceptionChecksTable {
  id: number;
  woman_id: number;
  region_id: number;
  whose: 'woman' | 'spouse';
  checked_on: string;
  result: 'general' | 'risk';
  risk_note: string | null;
  referred: boolean;
  referred_to: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface PregnanciesTable {
  id: number;
  woman_id: number;
  region_id: number;
  lmp_date: string | null;
  found_on: string;
  outcome: 'ongoing' | 'live_birth' | 'stillbirth' | 'miscarriage' | 'surgical_abortion' | 'medical_abortion' | 'induced_labour';
  outcome_date: string | null;
  contraceptive_failure: boolean;
  failure_method: 'male_sterilization' | 'female_sterilization' | 'iud' | 'implant' | 'pill_or_injection' | 'condom' | 'topical' | 'other' | null;
  notes: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface PregnancyPlansTable {
  id: number;
  woman_id: number;
  planned_on: string;
  ended_on: string | null;
  note: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface RateLimitHitsTable {
  key: string;
  window_start: Date;
  hits: number;
}

export interface RegionsTable {
  id: number;
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
  parent_id: number | null;
  active: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ReportPeriodsTable {
  id: number;
  township_id: number;
  month: string;
  status: 'open' | 'submitted' | 'accepted' | 'returned';
  snapshot: unknown | null;
  submitted_by: number | null;
  submitted_at: Date | null;
  first_submitted_at: Date | null;
  accepted_by: number | null;
  accepted_at: Date | null;
  returned_by: number | null;
  returned_at: Date | null;
  comment: string | null;
  unlocked_by: number | null;
  unlocked_at: Date | null;
  unlock_reason: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ReportedEventsTable {
  id: number;
  kind: 'pregnancy' | 'birth' | 'arrival' | 'departure' | 'marriage' | 'death';
  status: 'pending' | 'confirmed' | 'returned';
  region_id: number;
  woman_id: number | null;
  person_name: string | null;
  id_number: string | null;
  event_date: string;
  lmp_date: string | null;
  child_sex: 'male' | 'female' | null;
  destination: string | null;
  note: string | null;
  reported_by: number;
  reported_at: Date;
  decided_by: number | null;
  decided_at: Date | null;
  return_reason: string | null;
  result_entity: 'pregnancy' | 'child' | 'woman' | null;
  result_id: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ServicesTable {
  id: number;
  woman_id: number;
  region_id: number;
  kind: 'iud_insertion' | 'iud_removal' | 'female_sterilization' | 'male_sterilization' | 'implant_insertion' | 'implant_removal' | 'surgical_abortion' | 'medical_abortion' | 'induced_labour' | 'ring_pregnancy_check' | 'gyn_exam' | 'preconception_check' | 'ultrasound' | 'breast_exam' | 'contraceptive_supply' | 'counselling' | 'sterilization_reversal';
  performed_on: string;
  facility: string | null;
  provider: string | null;
  findings: string | null;
  complication: 'none' | 'uterine_perforation' | 'infection' | 'incomplete_abortion' | 'haematoma' | 'organ_injury' | 'anaesthesia_accident' | 'heavy_bleeding' | 'other';
  complication_serious: boolean;
  notes: string | null;
  iud_result: 'present' | 'absent' | null;
  pregnancy_result: 'positive' | 'negative' | null;
  pregnancy_id: number | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  satisfaction: 'satisfied' | 'basic' | 'dissatisfied' | null;
  satisfaction_note: string | null;
}

export interface SessionTable {
  sid: string;
  sess: unknown;
  expire: Date;
}

export interface SpecialFamilyCareTable {
  id: number;
  file_id: number;
  cared_on: string;
  carer: string;
  kind: 'daily_life' | 'old_age' | 'serious_illness' | 'emotional';
  mode: 'visit' | 'phone';
  content: string;
  follow_up_needed: boolean;
  follow_up_note: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface SpecialFamilyCareRulesTable {
  id: number;
  code: string;
  label: string;
  kind: 'monthly' | 'window';
  mode: 'any' | 'visit' | 'phone';
  from_date: string | null;
  to_date: string | null;
}

export interface SpecialFamilyContactsTable {
  id: number;
  file_id: number;
  position: number;
  name: string;
  role: 'township_cadre' | 'village_doctor' | 'village_cadre' | 'other';
  phone: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SpecialFamilyFilesTable {
  id: number;
  woman_id: number;
  kind: 'loss' | 'disability';
  husband_name: string | null;
  child_name: string | null;
  child_event_on: string | null;
  disability_grade: number | null;
  subsidy_application_id: number | null;
  lives_alone: boolean;
  income_level: 'subsistence' | 'low' | 'average' | 'above_average' | null;
  health: 'good' | 'chronic' | 'serious' | 'disabled' | null;
  household_note: string | null;
  opened_on: string;
  closed_on: string | null;
  close_reason: 'both_deceased' | 'moved_out' | 'not_special' | 'other' | null;
  close_note: string | null;
  version: number;
  created_by: number | null;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface SubsidyApplicationsTable {
  id: number;
  program: string;
  woman_id: number;
  region_id: number;
  year: number;
  status: 'draft' | 'submitted' | 'township_approved' | 'approved' | 'returned' | 'rejected' | 'revoked';
  beneficiary: 'woman' | 'spouse';
  beneficiary_name: string;
  beneficiary_id_number: string | null;
  bank_name: string | null;
  bank_account: string | null;
  account_holder: string | null;
  amount_requested_fen: number | null;
  evidence: string[];
  note: string | null;
  eligibility: unknown | null;
  submitted_at: Date | null;
  decided_at: Date | null;
  revoked_on: string | null;
  revoke_reason: 'deceased' | 'ineligible' | 'moved_out' | 'other' | null;
  created_by: number | null;
  updated_by: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface SubsidyDecisionsTable {
  id: number;
  application_id: number;
  action: 'submit' | 'approve' | 'return' | 'reject' | 'revoke';
  level: 'township' | 'county' | null;
  from_status: 'draft' | 'submitted' | 'township_approved' | 'approved' | 'returned' | 'rejected' | 'revoked';
  to_status: 'draft' | 'submitted' | 'township_approved' | 'approved' | 'returned' | 'rejected' | 'revoked';
  opinion: string | null;
  user_id: number | null;
  user_name: string | null;
  decided_at: Date;
  created_at: Date;
  updated_at: Date;
}

export interface SubsidyEligibilityReviewsTable {
  id: number;
  application_id: number;
  woman_id: number;
  region_id: number;
  program: string;
  reviewed_on: string;
  result: 'met' | 'not_met' | 'unknown';
  failing: unknown;
  reviewed_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface SubsidyPaymentBatchesTable {
  id: number;
  program: string;
  period: string;
  period_start: string;
  skipped: unknown;
  exported_at: Date | null;
  created_by: number | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface SubsidyPaymentsTable {
  id: number;
  batch_id: number;
  application_id: number;
  program: string;
  period: string;
  region_id: number;
  payee_name: string;
  payee_id_number: string | null;
  bank_name: string;
  bank_account: string;
  amount_fen: number;
  status: 'pending' | 'paid' | 'failed';
  status_note: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface SubsidyProgramsTable {
  id: number;
  code: 'reward_assistance' | 'special_assistance_death' | 'special_assistance_disability' | 'only_child_reward' | 'assisted_reproduction';
  name: string;
  unit: 'per_year' | 'per_month' | 'once';
  approval_levels: string[];
  params: unknown;
  evidence: string[];
  active: boolean;
  sort_order: number;
  version: number;
  updated_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface SubsidyStandardsTable {
  id: number;
  program: string;
  tier: 'national' | 'provincial' | 'local';
  effective_from: string;
  amount_fen: number;
  note: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface TransfersTable {
  id: number;
  woman_id: number;
  from_region_id: number;
  to_region_id: number;
  status: 'pending' | 'accepted' | 'rejected' | 'cancelled';
  moved_on: string;
  reason: string | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  initiated_by: 'origin' | 'destination';
}

export interface UsersTable {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  role: 'clerk' | 'supervisor' | 'admin' | 'village';
  region_id: number;
  active: boolean;
  must_change_password: boolean;
  failed_logins: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  password_changed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ValidationAcknowledgementsTable {
  id: number;
  rule_code: string;
  village_id: number;
  month: string;
  comment: string;
  acknowledged_by: number | null;
  acknowledged_at: Date;
}

export interface ValidationRulesTable {
  code: string;
  name: string;
  kind: 'population_balance' | 'population_range' | 'births_without_pregnancy' | 'procedure_age' | 'drop_vs_last_year';
  level: 'blocking' | 'warning';
  params: unknown;
  active: boolean;
  sort_order: number;
  updated_by: number | null;
  updated_at: Date;
  version: number;
}

export interface WomenTable {
  id: number;
  region_id: number;
  id_number: string;
  name: string;
  birth_date: string;
  ethnicity: string;
  hukou_kind: 'agricultural' | 'non_agricultural' | 'resident';
  hukou_place: string | null;
  phone: string | null;
  address: string | null;
  marital_status: 'unmarried' | 'first_marriage' | 'remarried' | 'divorced' | 'widowed';
  marriage_date: string | null;
  early_marriage_note: string | null;
  spouse_name: string | null;
  spouse_id_number: string | null;
  spouse_hukou_kind: 'agricultural' | 'non_agricultural' | 'resident' | null;
  migrant_status: 'none' | 'outflow' | 'inflow';
  migrant_place: string | null;
  migrant_since: string | null;
  migrant_verified_on: string | null;
  status: 'active' | 'exited';
  exit_reason: 'over_age' | 'moved_out' | 'deceased' | 'other' | null;
  exit_date: string | null;
  exit_note: string | null;
  updated_by: number | null;
  version: number;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  registered_on: string;
  only_child: boolean | null;
  spouse_only_child: boolean | null;
}

/** Table name → row, handed to knex in src/db/knex-tables.ts. */
export interface DbTables {
  api_calls: ApiCallsTable;
  api_clients: ApiClientsTable;
  assessment_indicators: AssessmentIndicatorsTable;
  assessment_targets: AssessmentTargetsTable;
  audit_log: AuditLogTable;
  birth_policies: BirthPoliciesTable;
  certificate_applications: CertificateApplicationsTable;
  certificate_number_counters: CertificateNumberCountersTable;
  certificates: CertificatesTable;
  check_results: CheckResultsTable;
  check_rounds: CheckRoundsTable;
  children: ChildrenTable;
  contraception_episodes: ContraceptionEpisodesTable;
  county_periods: CountyPeriodsTable;
  county_settings: CountySettingsTable;
  data_findings: DataFindingsTable;
  device_lifetimes: DeviceLifetimesTable;
  exchange_packages: ExchangePackagesTable;
  exchange_partners: ExchangePartnersTable;
  figure_check_runs: FigureCheckRunsTable;
  figure_contributions: FigureContributionsTable;
  figure_count_months: FigureCountMonthsTable;
  figure_counts: FigureCountsTable;
  figure_stock_base: FigureStockBaseTable;
  figure_stock_changes: FigureStockChangesTable;
  figure_stock_contributions: FigureStockContributionsTable;
  figure_stock_months: FigureStockMonthsTable;
  figure_store_meta: FigureStoreMetaTable;
  figure_touched: FigureTouchedTable;
  floating_events: FloatingEventsTable;
  floating_queries: FloatingQueriesTable;
  floating_query_kinds: FloatingQueryKindsTable;
  floating_settings: FloatingSettingsTable;
  floating_verifications: FloatingVerificationsTable;
  follow_up_schedules: FollowUpSchedulesTable;
  follow_ups: FollowUpsTable;
  free_supplies: FreeSuppliesTable;
  home_data_version: HomeDataVersionTable;
  home_dirty: HomeDirtyTable;
  home_panel_cache: HomePanelCacheTable;
  hukou_events: HukouEventsTable;
  import_jobs: ImportJobsTable;
  job_runs: JobRunsTable;
  login_failures: LoginFailuresTable;
  long_acting_rules: LongActingRulesTable;
  marital_events: MaritalEventsTable;
  outside_birth_lists: OutsideBirthListsTable;
  outside_births: OutsideBirthsTable;
  policy_rule_sets: PolicyRuleSetsTable;
  policy_rules: PolicyRulesTable;
  population_figures: PopulationFiguresTable;
  preconception_checks: PreconceptionChecksTable;
  pregnancies: PregnanciesTable;
  pregnancy_plans: PregnancyPlansTable;
  rate_limit_hits: RateLimitHitsTable;
  regions: RegionsTable;
  report_periods: ReportPeriodsTable;
  reported_events: ReportedEventsTable;
  services: ServicesTable;
  session: SessionTable;
  special_family_care: SpecialFamilyCareTable;
  special_family_care_rules: SpecialFamilyCareRulesTable;
  special_family_contacts: SpecialFamilyContactsTable;
  special_family_files: SpecialFamilyFilesTable;
  subsidy_applications: SubsidyApplicationsTable;
  subsidy_decisions: SubsidyDecisionsTable;
  subsidy_eligibility_reviews: SubsidyEligibilityReviewsTable;
  subsidy_payment_batches: SubsidyPaymentBatchesTable;
  subsidy_payments: SubsidyPaymentsTable;
  subsidy_programs: SubsidyProgramsTable;
  subsidy_standards: SubsidyStandardsTable;
  transfers: TransfersTable;
  users: UsersTable;
  validation_acknowledgements: ValidationAcknowledgementsTable;
  validation_rules: ValidationRulesTable;
  women: WomenTable;
}
