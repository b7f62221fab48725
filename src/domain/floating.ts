/**
 * Floating women (流动人口, issue 16 §2): the pure rules — is a 流动人口婚育证明 valid on a date, the state of a 协查
 * query on a day, its due date, and when a floating woman's next verification falls.
 */
import { addDays, addMonths, type IsoDate } from './dates.ts';

export interface MigrantCertificateDates {
  issued_on: IsoDate;
  expires_on: IsoDate | null;
  revoked_on: IsoDate | null;
}

/** Why a woman is on the 婚育证明 check list: no certificate, her certificate expired, or it was revoked. */
export type CertificateProblem = 'none' | 'expired' | 'revoked';
export const CERTIFICATE_PROBLEM: Record<CertificateProblem, string> = { none: '无婚育证明', expired: '婚育证明已过期', revoked: '婚育证明已注销' };

/** Valid on `on`: issued by then, not expired before it (the expiry day itself is still valid), not revoked by then. */
export function certificateValidOn(c: MigrantCertificateDates, on: IsoDate): boolean {
  return c.issued_on <= on && (c.expires_on === null || c.expires_on >= on) && (c.revoked_on === null || c.revoked_on > on);
}

/** The problem on `on` given her certificates, or undefined when one of them is valid then. */
export function certificateProblem(certs: readonly MigrantCertificateDates[], on: IsoDate): CertificateProblem | undefined {
  if (certs.some((c) => certificateValidOn(c, on))) return undefined;
  const issued = certs.filter((c) => c.issued_on <= on).sort((a, b) => (a.issued_on < b.issued_on ? 1 : -1));
  const latest = issued[0];
  if (!latest) return 'none';
  return latest.revoked_on !== null && latest.revoked_on <= on ? 'revoked' : 'expired';
}

/** A query is due `dueDays` after it was sent. */
export const queryDueOn = (sentOn: IsoDate, dueDays: number): IsoDate => addDays(sentOn, dueDays);

export type QueryState = 'pending' | 'overdue' | 'answered_on_time' | 'answered_late';
export const QUERY_STATE: Record<QueryState, string> = { pending: '待反馈', overdue: '逾期未反馈', answered_on_time: '按期反馈', answered_late: '逾期反馈' };

/** The state of a query on `today`: answered (on time when by the due day, inclusive) or not, overdue after the due day. */
export function queryState(q: { due_on: IsoDate; answered_on: IsoDate | null }, today: IsoDate): QueryState {
  if (q.answered_on) return q.answered_on <= q.due_on ? 'answered_on_time' : 'answered_late';
  return today > q.due_on ? 'overdue' : 'pending';
}

/** A floating woman's next verification: N months after her last one, or after she started floating when never verified. */
export function nextVerificationOn(lastVerified: IsoDate | null, floatingSince: IsoDate, everyMonths: number): IsoDate {
  return addMonths(lastVerified ?? floatingSince, everyMonths);
}
