/**
 * The application workflow as data and pure rules: which action may move which status at which level, the
 * usual opinions offered as one-click choices, and what must be filled in before an application may be
 * submitted (DESIGN §5 E-level: "奖励扶助申报表项目填写不全" is refused with the list, never saved half-empty).
 */
import type { ApplicationStatus, SubsidyAction, SubsidyEvidence, SubsidyProgram } from './codes.ts';
import { SUBSIDY_EVIDENCE } from './codes.ts';

export type ApprovalLevel = 'township' | 'county';

/** Where a decision by `level` takes the application, or why it cannot. */
export function transition(status: ApplicationStatus, action: SubsidyAction, level: ApprovalLevel, levels: readonly ApprovalLevel[]): { to: ApplicationStatus } | { error: string } {
  const final: ApprovalLevel = levels.includes('county') ? 'county' : 'township';
  switch (action) {
    case 'submit':
      if (level !== 'township') return { error: '申请由乡镇录入和提交。' };
      if (status === 'draft' || status === 'returned') return { to: 'submitted' };
      return { error: '只有草稿或退回的申请可以提交。' };
    case 'approve':
    case 'reject':
    case 'return': {
      if (level === 'township') {
        if (status !== 'submitted') return { error: '该申请不在待乡镇审核状态。' };
        if (action === 'approve') return { to: final === 'county' ? 'township_approved' : 'approved' };
        return { to: action === 'return' ? 'returned' : 'rejected' };
      }
      if (!levels.includes('county')) return { error: '该项目由乡镇审批，不需要县级审批。' };
      if (status !== 'township_approved') return { error: '该申请不在待县级审批状态。' };
      if (action === 'return') return { error: '县级审批只能批准或不予批准。' };
      return { to: action === 'approve' ? 'approved' : 'rejected' };
    }
    case 'revoke':
      if (level !== final) return { error: final === 'county' ? '终止享受由县级审批人办理。' : '终止享受由乡镇审批人办理。' };
      if (status !== 'approved') return { error: '只有已批准的申请可以终止享受。' };
      return { to: 'revoked' };
  }
}

/** Which level acts next on an application in this status (for "waiting for my decision"). */
export function waitingLevel(status: ApplicationStatus): ApprovalLevel | undefined {
  if (status === 'submitted') return 'township';
  if (status === 'township_approved') return 'county';
  return undefined;
}

const FINAL_APPROVAL: Record<SubsidyProgram, string> = {
  reward_assistance: '准予享受计划生育家庭奖励扶助政策。',
  special_assistance_death: '准予享受计划生育家庭特别扶助政策。',
  special_assistance_disability: '准予享受计划生育家庭特别扶助政策。',
  only_child_reward: '准予享受独生子女父母奖励费。',
  assisted_reproduction: '准予享受失独家庭辅助生育补助。',
};

/** The usual opinions of the offices (peer-systems §3.7), offered as one-click choices. */
export function cannedOpinions(program: SubsidyProgram, action: SubsidyAction, level: ApprovalLevel, levels: readonly ApprovalLevel[]): string[] {
  switch (action) {
    case 'approve':
      return level === 'township' && levels.includes('county') ? ['情况属实，同意上报审核。'] : [FINAL_APPROVAL[program]];
    case 'return':
      return ['证明材料不全，通知申请人补充。', '申报表项目填写不全，请补充完整。'];
    case 'reject':
      return ['不符合相关规定。'];
    case 'revoke':
      return ['享受对象已死亡，终止享受。', '经核查不再符合条件，终止享受。', '已迁出本地，终止享受。'];
    default:
      return [];
  }
}

export interface ApplicationDraft {
  program: SubsidyProgram;
  beneficiary_name: string | null;
  beneficiary_id_number: string | null;
  bank_name: string | null;
  bank_account: string | null;
  account_holder: string | null;
  amount_requested_fen: number | null;
  evidence: readonly string[];
}

export interface Missing {
  field: string;
  message: string;
}

/** A bank account number as banks print it: 8–30 digits (spaces allowed when typed). */
export function normalizeAccount(raw: string): string {
  return raw.replace(/[\s-]+/g, '');
}

export function accountProblem(account: string): string | undefined {
  return /^\d{8,30}$/.test(normalizeAccount(account)) ? undefined : '银行账号应为 8–30 位数字';
}

/**
 * Everything a submission needs besides eligibility: each required field and each evidence item of the
 * program, and the payee being the beneficiary (the "paid to the wrong parent" problem, domain-notes §4.3).
 */
export function missingForSubmission(a: ApplicationDraft, requiredEvidence: readonly string[]): Missing[] {
  const out: Missing[] = [];
  if (!a.beneficiary_name) out.push({ field: 'beneficiary', message: '享受对象姓名未填写（请先在信息卡中补充配偶姓名）' });
  if (!a.beneficiary_id_number) out.push({ field: 'beneficiary', message: '享受对象身份证号未填写（请先在信息卡中补充）' });
  if (!a.bank_name) out.push({ field: 'bank_name', message: '开户银行未填写' });
  if (!a.bank_account) out.push({ field: 'bank_account', message: '银行账号未填写' });
  else if (accountProblem(a.bank_account)) out.push({ field: 'bank_account', message: accountProblem(a.bank_account)! });
  if (!a.account_holder) out.push({ field: 'account_holder', message: '账户户名未填写' });
  else if (a.beneficiary_name && a.account_holder.trim() !== a.beneficiary_name.trim()) {
    out.push({ field: 'account_holder', message: `账户户名“${a.account_holder}”与享受对象“${a.beneficiary_name}”不一致：补助只能发到享受对象本人账户` });
  }
  if (a.program === 'assisted_reproduction' && a.amount_requested_fen == null) out.push({ field: 'amount_requested', message: '申请金额未填写' });
  for (const item of requiredEvidence) {
    if (!a.evidence.includes(item)) {
      out.push({ field: 'evidence', message: `缺少证明材料：${SUBSIDY_EVIDENCE[item as SubsidyEvidence] ?? item}` });
    }
  }
  return out;
}
