/**
 * The code lists of GLOSSARY.md with their Chinese labels: one catalog so the same thing always has the same
 * name in forms, lists, reports and imports. Codes are stored; labels are shown.
 */
export type CodeList<K extends string> = Readonly<Record<K, string>>;

function codes<K extends string>(entries: Record<K, string>): CodeList<K> {
  return Object.freeze(entries);
}

export const REGION_LEVEL = codes({ county: '县(区)', township: '乡镇(街道)', village: '村(社区)', city: '市(州)', province: '省(自治区、直辖市)' });
export type RegionLevel = keyof typeof REGION_LEVEL;

export const ROLE = codes({ clerk: '录入员', supervisor: '审核员', admin: '管理员', village: '村计生专干' });
export type Role = keyof typeof ROLE;

export const MARITAL_STATUS = codes({
  unmarried: '未婚',
  first_marriage: '初婚',
  remarried: '再婚',
  divorced: '离婚',
  widowed: '丧偶',
});
export type MaritalStatus = keyof typeof MARITAL_STATUS;
export const MARRIED_STATUSES: readonly MaritalStatus[] = ['first_marriage', 'remarried'];

export const HUKOU_KIND = codes({ agricultural: '农业', non_agricultural: '非农业', resident: '居民(统一户口)' });
export type HukouKind = keyof typeof HUKOU_KIND;

export const CARD_STATUS = codes({ active: '在册', exited: '已出队' });
export type CardStatus = keyof typeof CARD_STATUS;

export const EXIT_REASON = codes({ over_age: '超龄', moved_out: '迁出', deceased: '死亡', other: '其他' });
export type ExitReason = keyof typeof EXIT_REASON;

export const MIGRANT_STATUS = codes({ none: '常住', outflow: '流出', inflow: '流入' });
export type MigrantStatus = keyof typeof MIGRANT_STATUS;

export const SEX = codes({ male: '男', female: '女' });
export type Sex = keyof typeof SEX;

export const VITAL_STATUS = codes({ living: '健在', deceased: '死亡', disabled: '伤残' });
export type VitalStatus = keyof typeof VITAL_STATUS;

export const DISABILITY_GRADE = codes({ '1': '一级', '2': '二级', '3': '三级', '4': '四级' });

export const POLICY_STATUS = codes({ compliant: '符合政策', non_compliant: '不符合政策' });
export type PolicyStatus = keyof typeof POLICY_STATUS;

/** The condition on the couple under which a birth-policy rule allows its number of children (src/domain/birth-policy.ts). */
export const POLICY_CONDITION = codes({
  none: '无条件（一般规定）',
  both_only_children: '夫妻双方均为独生子女（双独）',
  one_only_child: '夫妻一方为独生子女（单独）',
  rural_first_girl: '农村一孩为女孩（一孩半）',
  remarried: '再婚夫妻，女方婚前子女不超过一个',
  ethnic_minority: '少数民族',
});
export type PolicyCondition = keyof typeof POLICY_CONDITION;

export const POLICY_APPLIES_TO = codes({ all: '城乡', rural: '农村', urban: '城镇' });
export type PolicyAppliesTo = keyof typeof POLICY_APPLIES_TO;

export const PREGNANCY_OUTCOME = codes({
  ongoing: '妊娠中',
  live_birth: '活产',
  stillbirth: '死产',
  miscarriage: '自然流产',
  surgical_abortion: '人工流产',
  medical_abortion: '药物流产',
  induced_labour: '中期引产',
});
export type PregnancyOutcome = keyof typeof PREGNANCY_OUTCOME;

export const METHOD = codes({
  male_sterilization: '男性绝育',
  female_sterilization: '女性绝育',
  iud: '宫内节育器',
  implant: '皮下埋植',
  pill_or_injection: '口服及注射避孕药',
  condom: '避孕套',
  topical: '外用药',
  other: '其它',
});
export type Method = keyof typeof METHOD;
export const LONG_ACTING_METHODS: readonly Method[] = ['male_sterilization', 'female_sterilization', 'iud', 'implant'];
export const TERMINAL_METHODS: readonly Method[] = ['male_sterilization', 'female_sterilization'];
export const NO_METHOD_LABEL = '未避孕';

export const EPISODE_END_REASON = codes({
  removed: '取出',
  expelled: '脱落',
  failure: '避孕失败',
  switched: '改用其他方法',
  reversal: '复通',
  stopped: '停用',
  exited: '出队',
  other: '其他',
});
export type EpisodeEndReason = keyof typeof EPISODE_END_REASON;

export const PROCEDURE_KIND = codes({
  iud_insertion: '放置宫内节育器(上环)',
  iud_removal: '取出宫内节育器(取环)',
  female_sterilization: '输卵管绝育(女扎)',
  male_sterilization: '输精管绝育(男扎)',
  implant_insertion: '皮下埋植',
  implant_removal: '取出皮下埋植',
  surgical_abortion: '人工流产',
  medical_abortion: '药物流产',
  induced_labour: '中期引产',
});
export const CHECK_KIND = codes({
  ring_pregnancy_check: '查环查孕(双查)',
  gyn_exam: '妇科检查',
  preconception_check: '孕前优生健康检查',
  ultrasound: 'B超',
  breast_exam: '乳腺检查',
  contraceptive_supply: '药具发放',
  counselling: '咨询指导',
  sterilization_reversal: '绝育复通',
});
export const SERVICE_KIND = codes({ ...PROCEDURE_KIND, ...CHECK_KIND });
export type ServiceKind = keyof typeof SERVICE_KIND;
export type ProcedureKind = keyof typeof PROCEDURE_KIND;

export const COMPLICATION = codes({
  none: '无',
  uterine_perforation: '子宫穿孔',
  infection: '感染',
  incomplete_abortion: '人流不全',
  haematoma: '血肿',
  organ_injury: '脏器损伤',
  anaesthesia_accident: '麻醉意外',
  heavy_bleeding: '大出血',
  other: '其他',
});
export type Complication = keyof typeof COMPLICATION;

/** Results of a 查环查孕 (services.iud_result / pregnancy_result; check_results adds not_applicable). */
export const IUD_RESULT = codes({ present: '有环', absent: '无环(脱落)' });
export const PREGNANCY_RESULT = codes({ positive: '阳性(怀孕)', negative: '阴性(未孕)' });
export const CHECK_STATUS = codes({ due: '未查', done: '已查', excused: '免查' });
/** 免费药具发放 (free_supplies): what was handed out and through which channel (issue 15 §2). */
export const SUPPLY_ITEM = codes({ condom: '避孕套', pill: '口服避孕药', injection: '避孕针', topical: '外用避孕药' });
export type SupplyItem = keyof typeof SUPPLY_ITEM;
export const SUPPLY_CHANNEL = codes({ service_room: '服务室', village: '村级发放', self_service_box: '自助发放机', mobile_van: '流动服务车' });
export type SupplyChannel = keyof typeof SUPPLY_CHANNEL;
/** The woman's satisfaction with a follow-up or service visit (群众满意率: 满意 + 基本满意 are positive). */
export const SATISFACTION = codes({ satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' });
export type Satisfaction = keyof typeof SATISFACTION;
export const POSITIVE_SATISFACTION: readonly Satisfaction[] = ['satisfied', 'basic'];
/** The short-acting methods whose users are the denominator of 免费计划生育药具获得率. */
export const SHORT_ACTING_METHODS: readonly Method[] = ['pill_or_injection', 'condom', 'topical'];
/** 三查: the gynaecological exam (查病) of a round that includes it. */
export const GYN_RESULT = codes({ normal: '未见异常', abnormal: '异常' });
/** 孕前优生健康检查: the result category of one spouse's check. */
export const PRECONCEPTION_RESULT = codes({ general: '一般人群', risk: '风险人群' });
/** Whose preconception check it is (the couple is on her card). */
export const PRECONCEPTION_WHOSE = codes({ woman: '女方', spouse: '男方（配偶）' });
export const FOLLOW_UP_STATUS = codes({ overdue: '逾期未随访', due: '本月应随访', upcoming: '未到期', done: '已随访' });

export const FOLLOW_UP_LEVEL = codes({ village: '村级服务员', township: '乡镇计生办/服务站', county: '县计生指导站' });
export type FollowUpLevel = keyof typeof FOLLOW_UP_LEVEL;

export const CERTIFICATE_KIND = codes({
  only_child_glory: '独生子女父母光荣证',
  birth_registration: '生育登记',
  migrant_certificate: '流动人口婚育证明',
  reproduction_permit: '再生育证',
  reproductive_health_card: '生殖健康服务证',
});
export type CertificateKind = keyof typeof CERTIFICATE_KIND;

export const TRANSFER_STATUS = codes({ pending: '迁移中', accepted: '已接收', rejected: '已拒收', cancelled: '已撤回' });

export const REPORT_STATUS = codes({ open: '未上报', submitted: '已上报', accepted: '已审核(锁定)', returned: '已退回' });
export type ReportStatus = keyof typeof REPORT_STATUS;

export const SUBSIDY_PROGRAM = codes({
  reward_assistance: '农村部分计划生育家庭奖励扶助(奖扶)',
  special_assistance_death: '计划生育家庭特别扶助(独生子女死亡)',
  special_assistance_disability: '计划生育家庭特别扶助(独生子女伤残)',
  only_child_reward: '独生子女父母奖励费',
  assisted_reproduction: '失独家庭辅助生育补助',
});
export type SubsidyProgram = keyof typeof SUBSIDY_PROGRAM;

export const APPLICATION_STATUS = codes({
  draft: '草稿',
  submitted: '待乡镇审核',
  township_approved: '待县级审批',
  approved: '已批准',
  returned: '退回补充材料',
  rejected: '不予批准',
  revoked: '已终止享受',
});
export type ApplicationStatus = keyof typeof APPLICATION_STATUS;

/** Subsidies (issue 6): who receives, evidence items, standard tiers, payment and termination codes. */
export const SUBSIDY_BENEFICIARY = codes({ woman: '本人（女方）', spouse: '配偶（男方）' });
export type SubsidyBeneficiary = keyof typeof SUBSIDY_BENEFICIARY;
export const SUBSIDY_EVIDENCE = codes({
  hukou_booklet: '户口簿',
  id_card: '身份证',
  marriage_certificate: '结婚证',
  only_child_certificate: '独生子女父母光荣证',
  death_certificate: '子女死亡证明',
  disability_certificate: '残疾人证',
  medical_invoice: '辅助生殖医疗费用票据',
  village_certification: '村(居)委会证明',
  bank_account: '银行账户(存折/银行卡)',
});
export type SubsidyEvidence = keyof typeof SUBSIDY_EVIDENCE;
export const SUBSIDY_TIER = codes({ national: '国家标准', provincial: '省级标准', local: '地方配套' });
export type SubsidyTier = keyof typeof SUBSIDY_TIER;
export const SUBSIDY_UNIT = codes({ per_year: '元/人/年', per_month: '元/人/月', once: '元/户(累计上限)' });
export type SubsidyUnit = keyof typeof SUBSIDY_UNIT;
export const APPROVAL_LEVELS = codes({ township_county: '乡镇审核、县级审批', township_only: '乡镇审批' });
export const SUBSIDY_ACTION = codes({ submit: '提交', approve: '批准', return: '退回', reject: '不予批准', revoke: '终止享受' });
export type SubsidyAction = keyof typeof SUBSIDY_ACTION;
export const REVOKE_REASON = codes({ deceased: '死亡', ineligible: '不再符合条件', moved_out: '迁出', other: '其他' });
export type RevokeReason = keyof typeof REVOKE_REASON;
export const PAYMENT_STATUS = codes({ pending: '待发放', paid: '已发放', failed: '发放失败' });
export type PaymentStatus = keyof typeof PAYMENT_STATUS;

/** The 56 recognised ethnic groups, 汉族 first (92% of the demo county). */
export const ETHNICITIES: readonly string[] = [
  '汉族',
  '壮族',
  '满族',
  '回族',
  '苗族',
  '维吾尔族',
  '土家族',
  '彝族',
  '蒙古族',
  '藏族',
  '布依族',
  '侗族',
  '瑶族',
  '朝鲜族',
  '白族',
  '哈尼族',
  '哈萨克族',
  '黎族',
  '傣族',
  '畲族',
  '傈僳族',
  '仡佬族',
  '东乡族',
  '高山族',
  '拉祜族',
  '水族',
  '佤族',
  '纳西族',
  '羌族',
  '土族',
  '仫佬族',
  '锡伯族',
  '柯尔克孜族',
  '达斡尔族',
  '景颇族',
  '毛南族',
  '撒拉族',
  '布朗族',
  '塔吉克族',
  '阿昌族',
  '普米族',
  '鄂温克族',
  '怒族',
  '京族',
  '基诺族',
  '德昂族',
  '保安族',
  '俄罗斯族',
  '裕固族',
  '乌孜别克族',
  '门巴族',
  '鄂伦春族',
  '独龙族',
  '塔塔尔族',
  '赫哲族',
  '珞巴族',
  '其他',
];

/** Label of a code, or the code itself when unknown (never an empty cell). */
export function label<K extends string>(list: CodeList<K>, code: string | null | undefined): string {
  if (code == null || code === '') return '';
  return (list as Record<string, string>)[code] ?? code;
}

/** Accept either the code or its Chinese label (imports: cells may hold either). */
export function codeFromInput<K extends string>(list: CodeList<K>, value: string): K | undefined {
  const v = value.trim();
  if (v in list) return v as K;
  const hit = (Object.entries(list) as [K, string][]).find(([, l]) => l === v || l.split('(')[0] === v);
  return hit?.[0];
}

export function options<K extends string>(list: CodeList<K>): { value: K; label: string }[] {
  return (Object.entries(list) as [K, string][]).map(([value, l]) => ({ value, label: l }));
}

/** 计划生育特殊家庭 (issue 17 §2): the family's kind, its situation, its contact persons and the care given. */
export const SPECIAL_FAMILY_KIND = codes({ loss: '失独家庭', disability: '伤残家庭' });
export type SpecialFamilyKind = keyof typeof SPECIAL_FAMILY_KIND;
export const SPECIAL_FAMILY_INCOME = codes({ subsistence: '低保', low: '低收入', average: '一般', above_average: '较好' });
export const SPECIAL_FAMILY_HEALTH = codes({ good: '健康', chronic: '慢性病', serious: '重病', disabled: '残疾/失能' });
export const SPECIAL_FAMILY_CLOSE_REASON = codes({ both_deceased: '夫妻双方均已死亡', moved_out: '迁出本县', not_special: '经核实不属特殊家庭', other: '其他' });
export const SPECIAL_FAMILY_CONTACT_ROLE = codes({ township_cadre: '乡镇干部', village_doctor: '村医', village_cadre: '村干部', other: '其他' });
export const SPECIAL_FAMILY_CARE_KIND = codes({ daily_life: '生活照料', old_age: '养老保障', serious_illness: '大病治疗', emotional: '精神慰藉' });
export const SPECIAL_FAMILY_CARE_MODE = codes({ visit: '上门走访', phone: '电话联系' });
/** Certificate applications (issue 17 §1): status, actions, applicant, evidence items, who collected it. */
export const CERT_APPLICATION_STATUS = codes({
  draft: '草稿',
  submitted: '待乡镇审批',
  returned: '退回补正',
  approved: '已批准',
  handed_over: '已领取',
  refused: '不予办理',
  revoked: '已注销',
});
export type CertApplicationStatus = keyof typeof CERT_APPLICATION_STATUS;
export const CERT_ACTION = codes({ submit: '提交', approve: '批准', return: '退回补正', refuse: '不予办理', hand_over: '领取', revoke: '注销' });
export type CertAction = keyof typeof CERT_ACTION;
export const CERT_APPLICANT = codes({ self: '本人申请', agent: '代办员代办' });
export type CertApplicant = keyof typeof CERT_APPLICANT;
export const CERT_EVIDENCE = codes({
  hukou_booklet: '户口簿',
  id_card: '身份证',
  marriage_certificate: '结婚证',
  birth_medical_certificate: '子女出生医学证明',
  spouse_id_card: '配偶身份证',
  residence_permit: '居住证',
  photo: '近期免冠照片',
  village_certification: '村(居)委会证明',
  permit_reason: '再生育申请理由证明',
});
export type CertEvidence = keyof typeof CERT_EVIDENCE;
export const COLLECTOR_RELATION = codes({ self: '本人', spouse: '配偶', parent: '父母', relative: '其他亲属', agent: '代办员', other: '其他' });
export type CollectorRelation = keyof typeof COLLECTOR_RELATION;
/** 协查 kinds between 户籍地 and 现居地 (floating women); due days per kind are data (floating_query_kinds). */
export const FLOATING_QUERY_KIND = codes({ arrival_notice: '到达告知', pregnancy: '怀孕信息', birth: '生育信息', contraception: '避孕节育信息', verify_request: '请求核实' });
export type FloatingQueryKind = keyof typeof FLOATING_QUERY_KIND;
/** The result code of a 协查 answer. */
export const FLOATING_QUERY_RESULT = codes({ confirmed: '情况属实', not_confirmed: '情况不符', not_found: '查无此人', other: '其他' });
export type FloatingQueryResult = keyof typeof FLOATING_QUERY_RESULT;
/** The result of a floating woman's verification (流动人口核查). */
export const FLOATING_VERIFY_RESULT = codes({ in_place: '在流入地', returned: '已返回', moved_on: '已迁往他处', not_found: '未找到' });
export type FloatingVerifyResult = keyof typeof FLOATING_VERIFY_RESULT;
/** Births from outside (issue 16 §3): where a list comes from, and how a row matched the register. */
export const OUTSIDE_BIRTH_SOURCE = codes({ hospital: '医院住院分娩/出生医学证明', police: '派出所新生儿落户' });
export type OutsideBirthSource = keyof typeof OUTSIDE_BIRTH_SOURCE;
export const BIRTH_MATCH = codes({ matched: '一致', differs: '信息不一致', not_recorded: '未登记出生（漏报）', unknown_mother: '母亲不在册' });
export type BirthMatch = keyof typeof BIRTH_MATCH;
/** What makes a follow-up (issue 16 §1, seed 002): a service, or an event of her life; the list's 触发 column. */
export const FOLLOW_UP_TRIGGER = codes({ service: '手术', marriage: '新婚', pregnancy: '怀孕', postpartum: '产后', supply_user: '药具' });
export type FollowUpTrigger = keyof typeof FOLLOW_UP_TRIGGER;
/** Events a village worker reports for the township to confirm (reported_events.kind). */
export const REPORTED_EVENT_KIND = codes({ pregnancy: '孕情', birth: '出生', arrival: '迁入/流入', departure: '迁出/流出', marriage: '结婚', death: '死亡' });
export type ReportedEventKind = keyof typeof REPORTED_EVENT_KIND;
/** A reported event's state (reported_events.status). */
export const REPORTED_EVENT_STATUS = codes({ pending: '待确认', confirmed: '已确认', returned: '已退回' });
export type ReportedEventStatus = keyof typeof REPORTED_EVENT_STATUS;
/** A county's month up the chain (county_periods.status): submitted to the city (or province), accepted or returned. */
export const COUNTY_PERIOD_STATUS = codes({ not_submitted: '未提交', submitted: '已提交', accepted: '已接收', returned: '已退回' });
export type CountyPeriodStatus = keyof typeof COUNTY_PERIOD_STATUS;
