/**
 * The subsidy eligibility engine (DESIGN §7, domain-notes §4, peer-systems §3.7). Pure: the card, spouse,
 * children and certificates come in, with the program's parameters (data, not constants) and the date; out
 * comes every condition checked, each met / not met / unknown, with what to fix on the card when data is
 * missing. Eligibility is computed from the records, never typed (DESIGN §5) — the old half-empty benefit
 * forms and "调查不深入" errors are what this replaces.
 */
import { ageOn, type IsoDate } from './dates.ts';
import type { ExitReason, HukouKind, MaritalStatus, SubsidyBeneficiary, SubsidyProgram } from './codes.ts';
import { parseIdNumber } from './id-number.ts';

export type ConditionResult = 'met' | 'not_met' | 'unknown';

export interface Condition {
  key: string;
  label: string;
  result: ConditionResult;
  detail: string;
  /** The card field to complete or correct (DESIGN §11 names), when the answer depends on it. */
  field?: string;
}

export interface Eligibility {
  program: SubsidyProgram;
  result: ConditionResult;
  evaluatedOn: IsoDate;
  conditions: Condition[];
}

export interface CardFacts {
  birthDate: IsoDate;
  hukouKind: HukouKind | null;
  maritalStatus: MaritalStatus;
  status: 'active' | 'exited';
  exitReason: ExitReason | null;
  exitDate: IsoDate | null;
  spouseName: string | null;
  spouseIdNumber: string | null;
  spouseHukouKind: HukouKind | null;
}

export interface ChildFacts {
  name: string | null;
  sex: 'male' | 'female';
  birthDate: IsoDate;
  policyStatus: 'compliant' | 'non_compliant';
  vitalStatus: 'living' | 'deceased' | 'disabled';
  disabilityGrade: number | null;
  deathDate: IsoDate | null;
}

export interface CertificateFacts {
  kind: string;
  number: string;
  issuedOn: IsoDate;
  revokedOn: IsoDate | null;
}

/** Program parameters as stored in subsidy_programs.params (admin-editable). */
export interface ProgramParams {
  min_age?: number;
  born_on_or_after?: IsoDate;
  compliance_since?: IsoDate;
  resident_hukou_accepted?: boolean;
  mother_min_age?: number;
  max_disability_grade?: number;
}

export interface EligibilityInput {
  card: CardFacts;
  children: ChildFacts[];
  certificates: CertificateFacts[];
  beneficiary: SubsidyBeneficiary;
  /** Ages are counted on this date (the end of the application year: "当年年满60周岁"). */
  on: IsoDate;
  /** Assisted reproduction only: the cap in force, what the couple already has approved or pending, this request. */
  assisted?: { capFen: number | null; priorFen: number; requestedFen: number | null };
}

const yuan = (fen: number) => (fen / 100).toFixed(2);
const cond = (key: string, label: string, result: ConditionResult, detail: string, field?: string): Condition => (field ? { key, label, result, detail, field } : { key, label, result, detail });

const living = (c: ChildFacts) => c.vitalStatus !== 'deceased';
const HUKOU_LABEL: Record<HukouKind, string> = { agricultural: '农业', non_agricultural: '非农业', resident: '居民(统一户口)' };

/** The beneficiary is alive as far as the register knows. */
function beneficiaryAlive(i: EligibilityInput): Condition {
  const label = '享受对象健在';
  if (i.beneficiary === 'woman') {
    if (i.card.exitReason === 'deceased') return cond('beneficiary_alive', label, 'not_met', `本人已死亡（${i.card.exitDate} 出队）`);
    return cond('beneficiary_alive', label, 'met', '本人健在');
  }
  if (i.card.maritalStatus === 'widowed') return cond('beneficiary_alive', label, 'not_met', '婚姻状况为丧偶，配偶已故', 'marital_status');
  return cond('beneficiary_alive', label, 'met', '配偶健在');
}

/** Still registered here: a card exited as moved out means the household left the county. */
function registeredHere(i: EligibilityInput): Condition {
  const label = '户籍在本地';
  if (i.card.exitReason === 'moved_out') return cond('registered_here', label, 'not_met', `已迁出（${i.card.exitDate}）`);
  return cond('registered_here', label, 'met', '信息卡未迁出');
}

/** Birth date of the beneficiary: the woman's card, or the spouse's ID number. */
function beneficiaryBirth(i: EligibilityInput): { date?: IsoDate; missing?: Condition; key: string; label: string } {
  if (i.beneficiary === 'woman') return { date: i.card.birthDate, key: 'age', label: '本人' };
  if (!i.card.spouseIdNumber) return { missing: cond('age', '年龄', 'unknown', '配偶身份证号未填写，无法计算年龄', 'spouse_id_number'), key: 'age', label: '配偶' };
  const parsed = parseIdNumber(i.card.spouseIdNumber);
  if (!parsed.ok) return { missing: cond('age', '年龄', 'unknown', '配偶身份证号有误，无法计算年龄', 'spouse_id_number'), key: 'age', label: '配偶' };
  return { date: parsed.info.birthDate, key: 'age', label: '配偶' };
}

function ageCondition(i: EligibilityInput, minAge: number, bornOnOrAfter?: IsoDate): Condition {
  const b = beneficiaryBirth(i);
  if (b.missing) return b.missing;
  const label = `年满${minAge}周岁`;
  const age = ageOn(b.date!, i.on);
  if (bornOnOrAfter && b.date! < bornOnOrAfter) return cond('age', label, 'not_met', `${b.label}出生于 ${b.date}，早于 ${bornOnOrAfter}`);
  if (age < minAge) return cond('age', label, 'not_met', `${b.label}至 ${i.on} 为 ${age} 周岁，不满 ${minAge} 周岁`);
  return cond('age', label, 'met', `${b.label}至 ${i.on} 为 ${age} 周岁`);
}

function motherAge(i: EligibilityInput, minAge: number): Condition {
  const age = ageOn(i.card.birthDate, i.on);
  const label = `女方年满${minAge}周岁`;
  if (age < minAge) return cond('mother_age', label, 'not_met', `女方至 ${i.on} 为 ${age} 周岁，不满 ${minAge} 周岁`);
  return cond('mother_age', label, 'met', `女方至 ${i.on} 为 ${age} 周岁`);
}

function hukouAgricultural(kind: HukouKind | null, who: string, key: string, field: string, p: ProgramParams): Condition {
  const label = `${who}为农业户口`;
  if (!kind) return cond(key, label, 'unknown', `${who}户口性质未填写`, field);
  if (kind === 'agricultural') return cond(key, label, 'met', `${who}户口性质：农业`);
  if (kind === 'resident' && p.resident_hukou_accepted !== false) return cond(key, label, 'met', `${who}户口性质：居民（按农村居民认定）`);
  return cond(key, label, 'not_met', `${who}户口性质：${HUKOU_LABEL[kind]}`, field);
}

function spouseHukou(i: EligibilityInput, p: ProgramParams): Condition {
  const m = i.card.maritalStatus;
  if (i.beneficiary === 'woman' && (m === 'widowed' || m === 'divorced' || m === 'unmarried')) {
    return cond('hukou_spouse', '配偶为农业户口', 'met', `婚姻状况为${{ widowed: '丧偶', divorced: '离婚', unmarried: '未婚' }[m]}，按本人户口认定`);
  }
  return hukouAgricultural(i.card.spouseHukouKind, '配偶', 'hukou_spouse', 'spouse_hukou_kind', p);
}

/** 奖扶: 现存一个子女，或两个女孩，或子女死亡现无子女 (never having had a child does not qualify). */
function rewardChildren(i: EligibilityInput): Condition {
  const label = '现存一个子女或两个女孩，或子女死亡现无子女';
  const born = i.children.length;
  const alive = i.children.filter(living);
  if (born === 0) return cond('children', label, 'not_met', '信息卡未登记子女（从未生育不符合条件；如有子女请先在信息卡登记）', 'children');
  if (alive.length === 1) return cond('children', label, 'met', `共生育 ${born} 个，现存 1 个子女`);
  if (alive.length === 2 && alive.every((c) => c.sex === 'female')) return cond('children', label, 'met', '现存两个女孩');
  if (alive.length === 0) return cond('children', label, 'met', `共生育 ${born} 个，子女均已死亡`);
  return cond('children', label, 'not_met', `现存 ${alive.length} 个子女${alive.length === 2 ? '（非两个女孩）' : ''}`);
}

function compliance(i: EligibilityInput, since: IsoDate): Condition {
  const label = `${since.slice(0, 4)}年以来无违反政策生育`;
  const bad = i.children.filter((c) => c.policyStatus === 'non_compliant' && c.birthDate >= since);
  if (bad.length > 0) {
    const names = bad.map((c) => `${c.name ?? '子女'}（${c.birthDate}）`).join('、');
    return cond('compliance', label, 'not_met', `不符合政策生育：${names}`);
  }
  return cond('compliance', label, 'met', '所登记子女均符合政策');
}

function holdsCertificate(i: EligibilityInput): CertificateFacts | undefined {
  return i.certificates.find((c) => c.kind === 'only_child_glory' && !c.revokedOn && c.issuedOn <= i.on);
}

/** 特扶: only one child born (the register, or the 光荣证 when the child is not on the card). */
function onlyOneChild(i: EligibilityInput): Condition {
  const label = '只生育一个子女';
  const born = i.children.length;
  const cert = holdsCertificate(i);
  if (born === 1) return cond('only_one_child', label, 'met', `共生育 1 个子女${cert ? `，持光荣证 ${cert.number}` : ''}`);
  if (born > 1) return cond('only_one_child', label, 'not_met', `共生育 ${born} 个子女`);
  if (cert) return cond('only_one_child', label, 'met', `持独生子女父母光荣证 ${cert.number}（子女未登记）`);
  return cond('only_one_child', label, 'unknown', '信息卡未登记子女，也无独生子女父母光荣证', 'children');
}

function onlyChild(i: EligibilityInput): ChildFacts | undefined {
  return i.children.length === 1 ? i.children[0] : undefined;
}

function childDeceased(i: EligibilityInput): Condition {
  const label = '独生子女死亡';
  const child = onlyChild(i);
  if (i.children.length === 0) return cond('child_deceased', label, 'unknown', '信息卡未登记子女，无法确认子女死亡', 'children');
  if (!child) return cond('child_deceased', label, 'not_met', '不止一个子女');
  if (child.vitalStatus === 'deceased') return cond('child_deceased', label, 'met', `${child.name ?? '子女'}于 ${child.deathDate} 死亡`);
  return cond('child_deceased', label, 'not_met', `${child.name ?? '子女'}${child.vitalStatus === 'disabled' ? '为伤残，健在' : '健在'}`);
}

function childDisabled(i: EligibilityInput, maxGrade: number): Condition {
  const label = `独生子女伤残（${maxGrade === 1 ? '一级' : `一至${'一二三四'[maxGrade - 1]}级`}）`;
  const child = onlyChild(i);
  if (i.children.length === 0) return cond('child_disabled', label, 'unknown', '信息卡未登记子女，无法确认伤残等级', 'children');
  if (!child) return cond('child_disabled', label, 'not_met', '不止一个子女');
  if (child.vitalStatus === 'deceased') return cond('child_disabled', label, 'not_met', '子女已死亡（应申请独生子女死亡特别扶助）');
  if (child.vitalStatus !== 'disabled') return cond('child_disabled', label, 'not_met', `${child.name ?? '子女'}未登记伤残`);
  if (child.disabilityGrade == null) return cond('child_disabled', label, 'unknown', '子女伤残等级未填写', 'disability_grade');
  if (child.disabilityGrade > maxGrade) return cond('child_disabled', label, 'not_met', `伤残等级为${child.disabilityGrade}级`);
  return cond('child_disabled', label, 'met', `${child.name ?? '子女'}伤残${child.disabilityGrade}级`);
}

function noLivingChild(i: EligibilityInput, key = 'no_living_child', label = '现无存活子女'): Condition {
  const alive = i.children.filter(living).length;
  if (alive > 0) return cond(key, label, 'not_met', `现存 ${alive} 个子女`);
  if (i.children.length === 0) return cond(key, label, 'unknown', '信息卡未登记子女', 'children');
  return cond(key, label, 'met', '子女均已死亡');
}

/** 特扶 death: no birth after the only child died (a later child would be on the card). */
function noLaterBirth(i: EligibilityInput): Condition {
  const label = '子女死亡后未再生育';
  const firstDeath = i.children
    .filter((c) => c.deathDate)
    .map((c) => c.deathDate!)
    .sort()[0];
  if (!firstDeath)
    return cond(
      'no_later_birth',
      label,
      i.children.length === 0 ? 'unknown' : 'met',
      i.children.length === 0 ? '信息卡未登记子女' : '无子女死亡记录',
      i.children.length === 0 ? 'children' : undefined,
    );
  const later = i.children.filter((c) => c.birthDate > firstDeath);
  if (later.length > 0) return cond('no_later_birth', label, 'not_met', `${firstDeath} 后又生育 ${later.length} 个子女`);
  return cond('no_later_birth', label, 'met', `${firstDeath} 后无生育记录`);
}

function certificateHeld(i: EligibilityInput): Condition {
  const label = '持有效的独生子女父母光荣证';
  const cert = holdsCertificate(i);
  if (cert) return cond('certificate', label, 'met', `光荣证 ${cert.number}（${cert.issuedOn} 发证）`);
  const revoked = i.certificates.find((c) => c.kind === 'only_child_glory' && c.revokedOn);
  if (revoked) return cond('certificate', label, 'not_met', `光荣证 ${revoked.number} 已于 ${revoked.revokedOn} 收回`);
  return cond('certificate', label, 'not_met', '未登记独生子女父母光荣证', 'certificates');
}

function exactlyOneLiving(i: EligibilityInput): Condition {
  const label = '现有一个存活子女';
  const alive = i.children.filter(living).length;
  if (i.children.length === 0) return cond('one_living_child', label, 'unknown', '信息卡未登记子女', 'children');
  if (alive === 1) return cond('one_living_child', label, 'met', '现存 1 个子女');
  return cond('one_living_child', label, 'not_met', `现存 ${alive} 个子女`);
}

function withinCap(i: EligibilityInput): Condition {
  const label = '累计补助不超过上限';
  const a = i.assisted;
  if (!a || a.capFen == null) return cond('cap', label, 'unknown', '未设置辅助生育补助上限标准');
  if (a.requestedFen == null) return cond('cap', label, 'unknown', '申请金额未填写', 'amount_requested');
  const total = a.priorFen + a.requestedFen;
  const text = `已批准及在审 ${yuan(a.priorFen)} 元 + 本次 ${yuan(a.requestedFen)} 元 = ${yuan(total)} 元，上限 ${yuan(a.capFen)} 元`;
  return cond('cap', label, total <= a.capFen ? 'met' : 'not_met', text);
}

/** Defaults apply when a parameter was never set; the admin page shows and edits the stored ones. */
export const DEFAULT_PARAMS: Record<SubsidyProgram, ProgramParams> = {
  reward_assistance: { min_age: 60, born_on_or_after: '1933-01-01', compliance_since: '1973-01-01', resident_hukou_accepted: true },
  special_assistance_death: { mother_min_age: 49 },
  special_assistance_disability: { mother_min_age: 49, max_disability_grade: 3 },
  only_child_reward: {},
  assisted_reproduction: {},
};

export function conditionsFor(program: SubsidyProgram, params: ProgramParams, i: EligibilityInput): Condition[] {
  const p = { ...DEFAULT_PARAMS[program], ...params };
  const common = [beneficiaryAlive(i), registeredHere(i)];
  switch (program) {
    case 'reward_assistance':
      return [
        ...common,
        hukouAgricultural(i.card.hukouKind, '本人', 'hukou_woman', 'hukou_kind', p),
        spouseHukou(i, p),
        ageCondition(i, p.min_age!, p.born_on_or_after),
        rewardChildren(i),
        compliance(i, p.compliance_since!),
      ];
    case 'special_assistance_death':
      return [...common, onlyOneChild(i), childDeceased(i), noLivingChild(i), motherAge(i, p.mother_min_age!), noLaterBirth(i)];
    case 'special_assistance_disability':
      return [...common, onlyOneChild(i), childDisabled(i, p.max_disability_grade!), motherAge(i, p.mother_min_age!)];
    case 'only_child_reward':
      return [...common, certificateHeld(i), exactlyOneLiving(i)];
    case 'assisted_reproduction':
      return [...common, noLivingChild(i, 'shidu', '失独家庭（曾生育，现无存活子女）'), withinCap(i)];
  }
}

/** Overall: not met if any condition fails; unknown while any is undecided; met only when all are met. */
export function overall(conditions: Condition[]): ConditionResult {
  if (conditions.some((c) => c.result === 'not_met')) return 'not_met';
  if (conditions.some((c) => c.result === 'unknown')) return 'unknown';
  return 'met';
}

export function evaluateEligibility(program: SubsidyProgram, params: ProgramParams, input: EligibilityInput): Eligibility {
  const conditions = conditionsFor(program, params, input);
  return { program, result: overall(conditions), evaluatedOn: input.on, conditions };
}

/** The conditions that stop an application, as one line each ("配偶户口性质未填写"). */
export function blockingReasons(e: Eligibility): string[] {
  return e.conditions.filter((c) => c.result !== 'met').map((c) => `${c.label}：${c.detail}`);
}
