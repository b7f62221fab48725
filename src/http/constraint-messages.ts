/**
 * The one mapping from database constraints to form messages (issue 12: "never a 500"). Every constraint on a
 * table written by a form has a zod or service rule that fires first with a message at its field; this mapping
 * is the net under those rules: a constraint error that still reaches the error handler (a race between two
 * clerks, a rule that was missed) becomes a 422 that re-renders the form with the values kept, the message at
 * the field when the constraint names one, else a general message above the form. Names are the ones in
 * migrations/ (knex names a unique key `<table>_<columns>_unique` and a foreign key `<table>_<column>_foreign`).
 */
import { ValidationError } from '../errors.ts';

export interface ConstraintMessage {
  /** The form field the message belongs to; omitted: a form-level message. */
  field?: string;
  message: string;
}

const at = (field: string, message: string): ConstraintMessage => ({ field, message });
const form = (message: string): ConstraintMessage => ({ message });

export const CONSTRAINT_MESSAGES: Readonly<Record<string, ConstraintMessage>> = {
  // women (育龄妇女信息卡)
  women_active_id_number_key: at('id_number', '该身份证号已有在册信息卡，不能重复建卡'),
  women_id_number_shape: at('id_number', '身份证号应为18位（前17位数字，最后一位数字或 X）'),
  women_spouse_id_shape: at('spouse_id_number', '配偶身份证号应为18位（前17位数字，最后一位数字或 X）'),
  women_name_check: at('name', '姓名应为 1–50 个字'),
  women_hukou_check: at('hukou_kind', '请选择户口性质'),
  women_spouse_hukou_check: at('spouse_hukou_kind', '配偶户口性质不是有效选项'),
  women_marital_check: at('marital_status', '请选择婚姻状况'),
  women_marriage_date_check: at('marriage_date', '已婚、离婚或丧偶须填写结婚日期'),
  women_migrant_check: at('migrant_status', '请选择流动状态'),
  women_status_check: form('信息卡状态有误，请刷新页面后重试'),
  women_exit_check: at('exit_reason', '出队须填写出队原因和出队日期'),
  women_region_id_foreign: at('village', '请选择有效的村(社区)'),
  // children (子女)
  children_sex_check: at('sex', '请选择性别'),
  children_order_check: at('birth_order', '孩次应为 1 以上的整数'),
  children_policy_check: at('policy_status', '政策属性不是有效选项'),
  children_vital_check: at('vital_status', '健康状况不是有效选项'),
  children_disability_check: at('disability_grade', '健康状况为伤残时须填写伤残等级（1–4 级），否则不填'),
  children_death_check: at('death_date', '健康状况为死亡时须填写死亡日期，否则不填'),
  // pregnancies (妊娠)
  pregnancies_one_ongoing: form('她已有一条未结束的妊娠记录，请先登记其结局'),
  pregnancies_outcome_check: at('outcome', '请选择妊娠结局'),
  pregnancies_outcome_date_check: at('outcome_date', '请填写结局日期'),
  pregnancies_failure_method_check: form('避孕失败对应的避孕方法有误'),
  // contraception episodes (避孕措施)
  episodes_one_current: form('她已有一项正在使用的避孕措施，请先登记其结束'),
  episodes_method_check: at('method', '请选择避孕方法'),
  episodes_end_check: at('ended_on', '结束日期不能早于开始日期，并须选择结束原因'),
  // services, follow-ups, check rounds (技术服务、随访、查环查孕)
  services_kind_check: at('kind', '请选择服务项目'),
  services_complication_check: at('complication', '并发症不是有效选项'),
  services_iud_result_check: at('iud_result', '查环结果不是有效选项'),
  services_pregnancy_result_check: at('pregnancy_result', '查孕结果不是有效选项'),
  follow_ups_level_check: form('随访层级有误'),
  follow_ups_done_check: at('result', '请填写随访结果'),
  follow_ups_trigger_check: form('随访的触发事件有误'),
  follow_ups_trigger_on_check: form('事件随访须有事件日期和随访规则'),
  follow_ups_event_once: form('该事件的随访已经生成'),
  // follow-up schedules and device lifetimes (/admin/follow-up-schedules)
  fus_kind_check: at('service_kind', '请选择服务项目'),
  fus_level_check: at('level', '请选择随访级别'),
  fus_months_check: at('months_after', '间隔月数应在 0–120 之间'),
  fus_days_check: at('days_after', '间隔天数应在 0–3660 之间'),
  fus_trigger_check: at('trigger', '请选择触发事件'),
  fus_trigger_kind_check: at('service_kind', '触发为“手术”时须选择服务项目，其他触发事件不选服务项目'),
  fus_event_serious_check: at('serious_complication_only', '仅手术后的严重并发症随访可勾选此项'),
  fus_event_unique: form('已有相同触发事件、服务项目、间隔和级别的随访规则'),
  follow_up_schedules_service_kind_months_after_level_serious_com: form('已有相同触发事件、服务项目、间隔和级别的随访规则'),
  device_lifetimes_method_check: form('节育器具不是有效选项'),
  device_lifetimes_years_check: form('有效年限应在 1–30 年之间'),
  check_rounds_township_id_year_quarter_unique: form('本乡镇该季度的查环查孕轮次已经开启'),
  check_rounds_quarter_check: at('quarter', '季度应为 1–4'),
  check_rounds_status_check: form('轮次状态有误，请刷新页面后重试'),
  check_results_round_id_woman_id_unique: form('她已在本轮名单中'),
  check_results_status_check: form('查环查孕结果状态有误'),
  check_results_iud_check: at('iud_result', '查环结果不是有效选项'),
  check_results_preg_check: at('pregnancy_result', '查孕结果不是有效选项'),
  // certificates (证件)
  certificates_number_key: at('number', '该证件编号已被使用'),
  certificates_kind_check: at('kind', '请选择证件类别'),
  certificates_revoke_check: at('revoke_reason', '注销须同时填写注销日期和注销原因'),
  // transfers (迁移)
  transfers_one_pending: form('她已有一条待处理的迁移申请'),
  transfers_status_check: form('迁移状态有误，请刷新页面后重试'),
  transfers_distinct_check: at('village', '迁入村(社区)不能与当前所在村相同'),
  transfers_initiated_by_check: form('迁移申请来源有误'),
  // regions and users (行政区划、用户)
  regions_code_unique: at('code', '该区划代码已存在'),
  regions_code_shape: at('code', '区划代码位数有误（省 2 位、市 4 位、县 6 位、乡镇 9 位、村 12 位）'),
  regions_name_check: at('name', '名称应为 1–50 个字'),
  regions_level_check: form('区划级别有误'),
  regions_parent_check: form('上级区划有误'),
  users_username_key: at('username', '该用户名已被使用'),
  users_username_shape: at('username', '用户名应为 3–32 位字母、数字、下划线、点或连字符'),
  users_role_check: at('role', '请选择角色'),
  users_region_id_foreign: at('region_id', '请选择有效的所属区划'),
  // population figures and month close (人口数、月报)
  population_figures_region_id_month_unique: form('该村本月人口数已由他人填报，请刷新页面后重试'),
  population_figures_population_check: at('population_end', '月末人口数不能为负数'),
  population_figures_deaths_check: at('deaths', '死亡人数不能为负数'),
  population_figures_moved_in_check: at('moved_in', '迁入人数不能为负数'),
  population_figures_moved_out_check: at('moved_out', '迁出人数不能为负数'),
  population_figures_month_check: at('month', '月份格式应为 2026-03'),
  report_periods_township_id_month_unique: form('该月报已由他人处理，请刷新页面后重试'),
  report_periods_status_check: form('月报状态有误，请刷新页面后重试'),
  report_periods_month_check: at('month', '月份格式应为 2026-03'),
  report_periods_accepted_check: form('月报状态有误，请刷新页面后重试'),
  report_periods_snapshot_check: form('月报数据缺失，请重新报送'),
  // subsidies (奖励扶助)
  subsidy_programs_code_check: form('项目代码有误'),
  subsidy_programs_code_unique: form('该补助项目已存在'),
  subsidy_programs_unit_check: form('发放单位有误'),
  subsidy_programs_levels_check: at('approval', '请选择审批层级'),
  subsidy_standards_program_tier_effective_from_unique: at('effective_from', '该档次在这一天已有标准，请换一个生效日期'),
  subsidy_standards_tier_check: at('tier', '请选择标准档次'),
  subsidy_standards_amount_check: at('amount', '金额不能为负数'),
  subsidy_applications_one_live: form('该享受对象已有一份同项目的申请，不能重复申请。'),
  subsidy_applications_status_check: form('申请状态有误，请刷新页面后重试'),
  subsidy_applications_beneficiary_check: at('beneficiary', '请选择享受对象'),
  subsidy_applications_year_check: at('year', '申请年度应在 1990–2100 之间'),
  subsidy_applications_id_shape: at('beneficiary_id_number', '身份证号应为18位'),
  subsidy_applications_amount_check: at('amount_requested', '申请金额应大于 0'),
  subsidy_applications_revoke_check: at('reason', '终止须填写终止原因和终止日期'),
  subsidy_decisions_action_check: form('审批操作有误'),
  subsidy_batches_period_check: at('period', '发放期间格式应为 2026 或 2026-03'),
  subsidy_payments_status_check: at('status', '请选择发放结果'),
  subsidy_payments_amount_check: form('发放金额应大于 0'),
  subsidy_payments_once_per_period: form('该期间已为这些申请生成过发放记录，不能重复发放'),
  // 证件申请 (certificate applications)
  certificate_applications_kind_check: at('kind', '请选择证件类别'),
  certificate_applications_status_check: form('申请状态有误，请刷新页面后重试'),
  certificate_applications_applicant_check: at('applicant', '请选择申请方式'),
  certificate_applications_agent_check: at('agent_name', '代办申请须填写代办员姓名，本人申请不填写'),
  certificate_applications_child_order_check: at('child_order', '登记孩次应为一孩、二孩或三孩'),
  certificate_applications_evidence_check: at('evidence', '证明材料不是有效选项'),
  certificate_applications_relation_check: at('collector_relation', '请选择领取人与申请人的关系'),
  certificate_applications_id_last4_check: at('collector_id_last4', '身份证后四位应为 4 位（前三位数字，最后一位数字或 X）'),
  certificate_applications_handover_check: at('collector_name', '领取须同时填写领取日期、领取人和关系'),
  certificate_applications_revoke_check: at('revoke_reason', '注销须同时填写注销日期和注销原因'),
  certificate_applications_number_check: form('证号与发证记录不一致，请刷新页面后重试'),
  certificate_applications_number_key: form('该证号已被使用，请重新批准'),
  // imports
  import_jobs_kind_check: at('kind', '请选择导入类型'),
  import_jobs_status_check: form('导入任务状态有误，请刷新页面后重试'),
  // satisfaction on follow-ups and services; 查病 in a double-check round
  follow_ups_satisfaction_check: at('satisfaction', '群众满意度不是有效选项'),
  follow_ups_satisfaction_note_check: at('satisfaction_note', '满意度说明不能超过 200 个字'),
  services_satisfaction_check: at('satisfaction', '群众满意度不是有效选项'),
  services_satisfaction_note_check: at('satisfaction_note', '满意度说明不能超过 200 个字'),
  check_results_gyn_check: at('gyn_result', '查病结果不是有效选项'),
  check_results_gyn_note_check: at('gyn_note', '查病所见不能超过 200 个字'),
  // 免费药具发放
  free_supplies_item_check: at('item', '请选择药具种类'),
  free_supplies_quantity_check: at('quantity', '数量应在 1–1000 之间'),
  free_supplies_channel_check: at('channel', '请选择发放渠道'),
  free_supplies_note_check: at('note', '备注不能超过 200 个字'),
  // 孕前优生
  pregnancy_plans_ended_check: at('ended_on', '结束日期不能早于计划怀孕日期'),
  pregnancy_plans_note_check: at('note', '备注不能超过 200 个字'),
  preconception_checks_whose_check: at('whose', '请选择受检人'),
  preconception_checks_result_check: at('result', '请选择检查结果'),
  preconception_checks_referral_check: at('referred_to', '未转诊时不能填写转诊机构'),
  preconception_checks_risk_note_check: at('risk_note', '风险说明不能超过 200 个字'),
  preconception_checks_referred_to_check: at('referred_to', '转诊机构不能超过 100 个字'),
  // 考核目标
  assessment_targets_year_check: at('year', '年度应在 2000–2100 之间'),
  assessment_targets_near_check: at('near', '接近幅度不能小于 0'),
  assessment_targets_weight_check: at('weight', '分值应在 0–100 之间'),
  assessment_targets_score_rule_check: at('score_rule', '请选择计分方法'),
  assessment_targets_unique: form('该年度该地区已有这项指标的目标，请刷新页面后修改'),
  // 计划生育特殊家庭 (special_family_files, special_family_contacts, special_family_care)
  special_family_files_kind_check: at('kind', '请选择家庭类别'),
  special_family_files_grade_check: at('disability_grade', '伤残等级应为一至四级'),
  special_family_files_kind_grade_check: at('disability_grade', '伤残家庭须填写伤残等级；失独家庭不填伤残等级'),
  special_family_files_income_check: at('income_level', '收入水平不是有效选项'),
  special_family_files_health_check: at('health', '健康状况不是有效选项'),
  special_family_files_close_reason_check: at('close_reason', '请选择结案原因'),
  special_family_files_closed_check: at('close_reason', '结案须填写结案日期和原因'),
  special_family_files_closed_order_check: at('closed_on', '结案日期不能早于建档日期'),
  special_family_files_husband_name_check: at('husband_name', '丈夫姓名不能超过 50 个字'),
  special_family_files_child_name_check: at('child_name', '子女姓名不能超过 50 个字'),
  special_family_files_household_note_check: at('household_note', '家庭情况说明不能超过 500 个字'),
  special_family_files_close_note_check: at('close_note', '结案说明不能超过 200 个字'),
  special_family_files_open_unique: form('该家庭已有未结案的特殊家庭档案，不能重复建档'),
  special_family_contacts_position_check: form('每户只登记两名联系人'),
  special_family_contacts_role_check: form('请选择联系人身份'),
  special_family_contacts_name_check: form('联系人姓名应为 1–50 个字'),
  special_family_contacts_phone_check: form('联系电话不能超过 20 个字'),
  special_family_contacts_file_id_position_unique: form('每户只登记两名联系人，请刷新页面后重试'),
  special_family_care_kind_check: at('kind', '请选择关怀类别'),
  special_family_care_mode_check: at('mode', '请选择联系方式'),
  special_family_care_carer_check: at('carer', '关怀人应为 1–50 个字'),
  special_family_care_content_check: at('content', '关怀内容应为 1–500 个字'),
  special_family_care_follow_up_note_check: at('follow_up_note', '后续事项不能超过 200 个字'),
  // 流动人口: 核查、协查、交换伙伴
  floating_settings_single_check: form('流动人口设置只有一行'),
  floating_settings_months_check: at('verify_every_months', '核查间隔应在 1–36 个月之间'),
  floating_verifications_result_check: at('result', '请选择核查结果'),
  floating_verifications_note_check: at('note', '备注不能超过 200 个字'),
  floating_query_kinds_kind_check: at('kind', '请选择协查类别'),
  floating_query_kinds_days_check: at('due_days', '反馈期限应在 1–365 天之间'),
  floating_queries_kind_check: at('kind', '请选择协查类别'),
  floating_queries_result_check: at('result_code', '请选择核实结果'),
  floating_queries_body_check: at('body', '协查内容应为 1–500 个字'),
  floating_queries_answer_check: at('answer', '反馈内容应为 1–500 个字'),
  floating_queries_answered_check: at('answer', '请填写反馈内容'),
  floating_queries_due_check: form('反馈期限不能早于发出日期'),
  floating_queries_answered_on_check: at('answered_on', '反馈日期不能早于发出日期'),
  floating_queries_from_check: form('协查的发出单位有误'),
  floating_queries_to_check: at('to_region', '请选择接收的乡镇或村'),
  floating_queries_county_code_check: form('县级代码应为6位数字'),
  floating_queries_name_check: at('id_number', '姓名应为 1–30 个字'),
  floating_queries_id_number_check: at('id_number', '身份证号应为18位（前17位数字，最后一位数字或 X）'),
  floating_queries_unit_check: form('发出单位名称不能超过 60 个字'),
  floating_queries_region_code_check: form('接收地区代码应为 6–12 位数字'),
  floating_queries_ref_key: form('该协查已存在，请勿重复导入'),
  exchange_partners_code_check: at('county_code', '县级代码应为6位数字'),
  exchange_partners_name_check: at('name', '名称应为 1–60 个字'),
  exchange_partners_secret_check: at('secret', '共享密钥应为 16–200 个字符'),
  exchange_partners_code_key: at('county_code', '该县已是交换伙伴'),
  exchange_partners_owner_check: form('交换伙伴所属县的代码应为 6 位数字'),
  exchange_packages_direction_check: form('交换包方向有误'),
  exchange_packages_key: form('该交换包已导入过，不能重复导入'),
  exchange_packages_county_code_check: form('交换包所属县的代码应为 6 位数字'),
  // outside birth lists (院外出生名单) and their rows
  outside_birth_lists_source_check: at('source_kind', '请选择名单来源'),
  outside_birth_lists_status_check: form('名单状态有误，请刷新页面后重试'),
  outside_birth_lists_name_check: at('name', '名单名称应为 1–100 个字'),
  outside_birth_lists_period_check: at('period', '所属期间不能超过 50 个字'),
  outside_birth_lists_rows_check: at('file', '文件中没有数据行'),
  outside_births_mother_id_shape: at('file', '母亲身份证号应为18位（前17位数字，最后一位数字或 X）'),
  outside_births_mother_name_check: at('file', '母亲姓名应为 1–50 个字'),
  outside_births_child_name_check: at('file', '子女姓名不能超过 50 个字'),
  outside_births_sex_check: at('file', '性别应为 男 或 女'),
  outside_births_register_sex_check: form('比对结果有误，请重新比对'),
  outside_births_facility_check: at('file', '医院/派出所不能超过 100 个字'),
  outside_births_certificate_check: at('file', '出生医学证明编号不能超过 30 个字'),
  outside_births_match_check: form('比对结果有误，请重新比对'),
  outside_births_explanation_check: at('explanation', '说明应为 1–500 个字'),
  outside_births_row_no_check: at('file', '文件行号有误'),
  // 网底上报事件 (reported_events)
  reported_events_kind_check: at('kind', '请选择上报事项'),
  reported_events_status_check: form('上报状态有误，请刷新页面后重试'),
  reported_events_result_entity_check: form('确认结果有误，请刷新页面后重试'),
  reported_events_child_sex_check: at('child_sex', '请选择婴儿性别'),
  reported_events_woman_check: at('woman_id', '请从本村花名册中选择妇女（迁入/流入则填写姓名和身份证号）'),
  reported_events_arrival_check: at('person_name', '迁入/流入须填写姓名和身份证号'),
  reported_events_birth_check: at('child_sex', '请选择婴儿性别'),
  reported_events_departure_check: at('destination', '请填写迁往何处'),
  reported_events_person_name_check: at('person_name', '姓名不能超过 50 个字'),
  reported_events_id_number_check: at('id_number', '身份证号应为 18 位'),
  reported_events_destination_check: at('destination', '去向不能超过 100 个字'),
  reported_events_note_check: at('note', '备注不能超过 200 个字'),
  reported_events_return_reason_check: at('return_reason', '退回原因不能超过 200 个字'),
  reported_events_decision_check: form('该上报已处理，请刷新页面'),
  reported_events_region_id_foreign: form('村(社区)有误'),
  reported_events_woman_id_foreign: at('woman_id', '请从本村花名册中选择妇女'),
  reported_events_reported_by_foreign: form('上报人有误'),
  reported_events_decided_by_foreign: form('确认人有误'),
  // 接口客户端 (api_clients) and their call log
  api_clients_name_check: at('name', '名称应为 1–60 个字'),
  api_clients_purpose_check: at('purpose', '用途应为 1–200 个字'),
  api_clients_access_check: at('access', '请选择访问权限'),
  api_clients_prefix_check: form('令牌生成有误，请重新提交'),
  api_clients_hash_check: form('令牌生成有误，请重新提交'),
  api_clients_hash_key: form('令牌生成有误，请重新提交'),
  api_clients_rate_check: at('rate_limit_per_minute', '每分钟调用上限应为 1–6000'),
  api_clients_revoked_check: at('reason', '吊销须填写原因（1–200 个字）'),
  api_clients_region_id_foreign: at('region_id', '请选择有效的区划'),
  api_calls_method_check: form('接口调用方法有误'),
  api_calls_path_check: form('接口调用地址过长'),
  api_calls_status_check: form('接口调用状态有误'),
  api_calls_ms_check: form('接口调用耗时有误'),
  // levels above the county: the county's month up the chain (县级月报上报)
  county_periods_county_id_month_unique: form('该县本月月报已由他人处理，请刷新页面后重试'),
  county_periods_status_check: form('县级月报状态有误，请刷新页面后重试'),
  county_periods_month_check: at('month', '月份格式应为 2026-03'),
  county_periods_accepted_check: form('县级月报状态有误，请刷新页面后重试'),
  county_periods_returned_check: at('comment', '退回须填写 1–500 字的退回原因'),
  county_periods_snapshot_check: form('县级月报数据缺失，请重新上报'),
};

/** Said when the database refused a value no rule names: the form comes back with everything kept. */
export const GENERIC_CONSTRAINT_MESSAGE = '保存未成功：填写的内容与已有记录或数据规则冲突，其他人可能刚刚修改了相关记录。请核对后重新提交。';

/** PostgreSQL errors that mean "this input cannot be stored", by SQLSTATE, with what to tell the user. */
const DATA_ERRORS: Readonly<Record<string, string>> = {
  '23505': GENERIC_CONSTRAINT_MESSAGE,
  '23514': GENERIC_CONSTRAINT_MESSAGE,
  '23503': '保存未成功：所引用的记录不存在或已被删除，请刷新页面后重试。',
  '23502': '保存未成功：有必填项未填写，请检查后重新提交。',
  '22001': '保存未成功：有内容超过了允许的长度，请缩短后重新提交。',
  '22003': '保存未成功：有数值超出了允许的范围，请检查后重新提交。',
  '22007': '保存未成功：有日期或时间格式有误，请检查后重新提交。',
  '22008': '保存未成功：有日期超出了允许的范围，请检查后重新提交。',
  '22P02': '保存未成功：有内容格式有误（如应填数字处填了文字），请检查后重新提交。',
  '22021': '保存未成功：输入中含有无法保存的字符（如不可见的控制字符），请删除后重新提交。',
  '22P05': '保存未成功：输入中含有无法保存的字符（如不可见的控制字符），请删除后重新提交。',
};

export const DATA_ERROR_CODES: readonly string[] = Object.keys(DATA_ERRORS);

interface PgErrorLike {
  code?: string;
  constraint?: string;
  column?: string;
}

/** Is `err` a PostgreSQL error that bad or conflicting input causes (see DATA_ERRORS)? */
export function isDataError(err: unknown): boolean {
  const code = (err as PgErrorLike | undefined)?.code;
  return typeof code === 'string' && code in DATA_ERRORS;
}

/** The ValidationError for a PostgreSQL data or constraint error, or undefined when `err` is not one. */
export function constraintError(err: unknown): ValidationError | undefined {
  if (!isDataError(err)) return undefined;
  const e = err as PgErrorLike;
  const known = e.constraint ? CONSTRAINT_MESSAGES[e.constraint] : undefined;
  if (known) return known.field ? ValidationError.field(known.field, known.message) : ValidationError.form(known.message);
  return ValidationError.form(DATA_ERRORS[e.code!]);
}
