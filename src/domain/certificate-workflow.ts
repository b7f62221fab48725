/**
 * Certificate applications as data and pure rules (issue 17 §1): the table of allowed transitions and who may
 * take each, the evidence checklist and the decision deadline of each kind, working days, and the number's
 * format. The services read these; nothing here touches the database.
 */
import type { CertAction, CertApplicationStatus, CertEvidence, CertificateKind, Role } from './codes.ts';
import { CERT_APPLICATION_STATUS, CERT_EVIDENCE } from './codes.ts';
import { addDays, toUtcMs, type IsoDate } from './dates.ts';

export interface TransitionRule {
  from: readonly CertApplicationStatus[];
  to: CertApplicationStatus;
  /** Township roles that may take it (every action is a township's: the clerk enters, the supervisor decides). */
  roles: readonly Role[];
}

/** The whole workflow. Printing is not a transition: an approved certificate may be printed again. */
export const CERT_TRANSITIONS: Readonly<Record<CertAction, TransitionRule>> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', roles: ['clerk', 'supervisor'] },
  approve: { from: ['submitted'], to: 'approved', roles: ['supervisor'] },
  return: { from: ['submitted'], to: 'returned', roles: ['supervisor'] },
  refuse: { from: ['submitted'], to: 'refused', roles: ['supervisor'] },
  hand_over: { from: ['approved'], to: 'handed_over', roles: ['clerk', 'supervisor'] },
  revoke: { from: ['approved', 'handed_over'], to: 'revoked', roles: ['supervisor'] },
};

/** Statuses in which the application's form may still be changed. */
export const EDITABLE_STATUSES: readonly CertApplicationStatus[] = ['draft', 'returned'];
/** Statuses with an issued certificate (a number, printable). */
export const ISSUED_STATUSES: readonly CertApplicationStatus[] = ['approved', 'handed_over'];

/** Where `action` takes an application in `status`, or why it cannot (a Chinese message). */
export function certTransition(status: CertApplicationStatus, action: CertAction): { to: CertApplicationStatus } | { error: string } {
  const rule = CERT_TRANSITIONS[action];
  if (!rule.from.includes(status)) {
    const allowed = rule.from.map((s) => CERT_APPLICATION_STATUS[s]).join('或');
    return { error: `该申请${CERT_APPLICATION_STATUS[status]}，不能办理此操作（只有${allowed}的申请可以）。` };
  }
  return { to: rule.to };
}

/** May this role take this action at all (the route's guard is the first net; this is the service's). */
export function roleMayAct(role: Role, action: CertAction): boolean {
  return CERT_TRANSITIONS[action].roles.includes(role);
}

/** The evidence checklist of each kind: every item listed is required before approval. */
export const REQUIRED_EVIDENCE: Readonly<Record<CertificateKind, readonly CertEvidence[]>> = {
  birth_registration: ['hukou_booklet', 'id_card', 'marriage_certificate'],
  reproduction_permit: ['hukou_booklet', 'id_card', 'marriage_certificate', 'permit_reason', 'village_certification'],
  only_child_glory: ['hukou_booklet', 'id_card', 'marriage_certificate', 'birth_medical_certificate', 'photo'],
  migrant_certificate: ['id_card', 'marriage_certificate', 'photo', 'village_certification'],
  reproductive_health_card: ['id_card', 'spouse_id_card', 'marriage_certificate'],
};

/** Items of the kind's checklist not ticked (empty: complete). */
export function missingEvidence(kind: CertificateKind, ticked: readonly string[]): CertEvidence[] {
  return REQUIRED_EVIDENCE[kind].filter((item) => !ticked.includes(item));
}

export function missingEvidenceMessage(missing: readonly CertEvidence[]): string {
  return `缺少证明材料：${missing.map((m) => CERT_EVIDENCE[m]).join('、')}。材料齐全后才能批准（可退回补正）。`;
}

/** The decision deadline of each kind, in working days after submission (weekends do not count). */
export const DECISION_WORKING_DAYS: Readonly<Record<CertificateKind, number>> = {
  birth_registration: 3,
  reproduction_permit: 20,
  only_child_glory: 10,
  migrant_certificate: 5,
  reproductive_health_card: 5,
};

/** Saturday and Sunday (holidays are not modelled). */
export function isWorkingDay(d: IsoDate): boolean {
  const day = new Date(toUtcMs(d)).getUTCDay();
  return day !== 0 && day !== 6;
}

/** The date `n` working days after `d` (the day itself does not count). */
export function addWorkingDays(d: IsoDate, n: number): IsoDate {
  let out = d;
  let left = n;
  while (left > 0) {
    out = addDays(out, 1);
    if (isWorkingDay(out)) left -= 1;
  }
  return out;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  if (to <= from) return 0;
  const days = Math.round((toUtcMs(to) - toUtcMs(from)) / 86_400_000);
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  let d = addDays(from, weeks * 7);
  while (d < to) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) count += 1;
  }
  return count;
}

export function decisionDueOn(kind: CertificateKind, submittedOn: IsoDate): IsoDate {
  return addWorkingDays(submittedOn, DECISION_WORKING_DAYS[kind]);
}

/** Overdue: still waiting for the township's decision after its due day. */
export function isOverdue(status: CertApplicationStatus, dueOn: IsoDate | null, today: IsoDate): boolean {
  return status === 'submitted' && dueOn != null && today > dueOn;
}

/** The family's waiting time: from the first submission to the decision, or to today while undecided. */
export function waitingDays(firstSubmittedOn: IsoDate | null, decidedOn: IsoDate | null, today: IsoDate): number | undefined {
  if (!firstSubmittedOn) return undefined;
  return workingDaysBetween(firstSubmittedOn, decidedOn ?? today);
}

/** The prefix of each kind in a certificate number. */
export const KIND_PREFIX: Readonly<Record<CertificateKind, string>> = {
  birth_registration: 'SY',
  reproduction_permit: 'ZS',
  only_child_glory: 'GR',
  migrant_certificate: 'LD',
  reproductive_health_card: 'JK',
};

export const MAX_SEQUENCE = 99999;

/** `<township code>-<year>-<kind prefix>-<5 digits>`, e.g. 990100001-2026-SY-00001. */
export function certificateNumber(townshipCode: string, year: number, kind: CertificateKind, sequence: number): string {
  return `${townshipCode}-${year}-${KIND_PREFIX[kind]}-${String(sequence).padStart(5, '0')}`;
}

/** The checks of the application form that the database's constraints repeat (they fire first, with a field). */
export function applicationProblems(a: { kind: CertificateKind; child_order?: number | null; applicant: string; agent_name?: string | null }): Record<string, string> {
  const out: Record<string, string> = {};
  if (a.kind === 'birth_registration' && a.child_order == null) out.child_order = '生育登记须选择登记的孩次（一孩、二孩或三孩）';
  if (a.kind !== 'birth_registration' && a.child_order != null) out.child_order = '只有生育登记填写孩次';
  if (a.applicant === 'agent' && !a.agent_name) out.agent_name = '代办申请须填写代办员姓名';
  if (a.applicant !== 'agent' && a.agent_name) out.agent_name = '本人申请不填写代办员';
  return out;
}
