/**
 * The certificate application workflow as pure rules (src/domain/certificate-workflow.ts): every status × action
 * pair against an expectation written out here, who may take each action, the evidence checklist, working days,
 * the deadline, waiting time, and the number's format.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  applicationProblems,
  certTransition,
  certificateNumber,
  decisionDueOn,
  isOverdue,
  isWorkingDay,
  missingEvidence,
  roleMayAct,
  waitingDays,
  workingDaysBetween,
} from '../../../src/domain/certificate-workflow.ts';
import { CERT_ACTION, CERT_APPLICATION_STATUS, type CertAction, type CertApplicationStatus } from '../../../src/domain/codes.ts';
import { addDays } from '../../../src/domain/dates.ts';

/** The allowed moves, written independently of the rule's table: anything not listed is refused. */
const ALLOWED: Record<string, CertApplicationStatus> = {
  'draft/submit': 'submitted',
  'returned/submit': 'submitted',
  'submitted/approve': 'approved',
  'submitted/return': 'returned',
  'submitted/refuse': 'refused',
  'approved/hand_over': 'handed_over',
  'approved/revoke': 'revoked',
  'handed_over/revoke': 'revoked',
};

describe('certificate application transitions', () => {
  const statuses = Object.keys(CERT_APPLICATION_STATUS) as CertApplicationStatus[];
  const actions = Object.keys(CERT_ACTION) as CertAction[];

  it('allows exactly the listed moves, every other status × action pair refused with a Chinese message', () => {
    let refused = 0;
    for (const status of statuses) {
      for (const action of actions) {
        const t = certTransition(status, action);
        const expected = ALLOWED[`${status}/${action}`];
        if (expected) expect(t, `${status} ${action}`).toEqual({ to: expected });
        else {
          expect('error' in t && t.error, `${status} ${action}`).toMatch(/^该申请.+，不能办理此操作/);
          refused += 1;
        }
      }
    }
    expect(refused).toBe(statuses.length * actions.length - Object.keys(ALLOWED).length);
  });

  it('names the current status in the refusal', () => {
    expect(certTransition('refused', 'approve')).toEqual({ error: '该申请不予办理，不能办理此操作（只有待乡镇审批的申请可以）。' });
  });

  it('the clerk submits and hands over; only the supervisor decides and revokes; an admin does nothing', () => {
    const byRole = (role: 'clerk' | 'supervisor' | 'admin') => (Object.keys(CERT_ACTION) as CertAction[]).filter((a) => roleMayAct(role, a));
    expect(byRole('clerk')).toEqual(['submit', 'hand_over']);
    expect(byRole('supervisor')).toEqual(['submit', 'approve', 'return', 'refuse', 'hand_over', 'revoke']);
    expect(byRole('admin')).toEqual([]);
  });
});

describe('evidence and the form', () => {
  it('lists the missing items of the kind, none when complete', () => {
    expect(missingEvidence('birth_registration', ['id_card'])).toEqual(['hukou_booklet', 'marriage_certificate']);
    expect(missingEvidence('birth_registration', ['hukou_booklet', 'id_card', 'marriage_certificate', 'photo'])).toEqual([]);
    expect(missingEvidence('only_child_glory', [])).toContain('birth_medical_certificate');
  });

  it('asks for the child order on a 生育登记 only, and the agent name when an agent applies', () => {
    expect(Object.keys(applicationProblems({ kind: 'birth_registration', applicant: 'self' }))).toEqual(['child_order']);
    expect(applicationProblems({ kind: 'birth_registration', applicant: 'self' }).child_order).toContain('孩次');
    expect(applicationProblems({ kind: 'only_child_glory', child_order: 2, applicant: 'self' })).toHaveProperty('child_order');
    expect(applicationProblems({ kind: 'migrant_certificate', applicant: 'agent' })).toEqual({ agent_name: '代办申请须填写代办员姓名' });
    expect(applicationProblems({ kind: 'birth_registration', child_order: 2, applicant: 'agent', agent_name: '张桂芳' })).toEqual({});
  });
});

describe('working days and deadlines', () => {
  it('skips weekends', () => {
    expect(isWorkingDay('2026-11-20')).toBe(true); // Friday
    expect(isWorkingDay('2026-11-21')).toBe(false);
    expect(isWorkingDay('2026-11-22')).toBe(false);
    expect(addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
    expect(decisionDueOn('birth_registration', '2026-11-20')).toBe('2026-11-25');
    expect(decisionDueOn('birth_registration', '2026-11-18')).toBe('2026-11-23');
    expect(workingDaysBetween('2026-11-13', '2026-11-18')).toBe(3);
    expect(workingDaysBetween('2026-11-18', '2026-11-18')).toBe(0);
  });

  it('counts back what it adds, never lands on a weekend (property)', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2020-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), (d, n) => {
        const due = addWorkingDays(d, n);
        expect(workingDaysBetween(d, due)).toBe(n);
        if (n > 0) expect(isWorkingDay(due)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('is overdue only while submitted and after the due day; waits from the first submission', () => {
    expect(isOverdue('submitted', '2026-11-17', '2026-11-18')).toBe(true);
    expect(isOverdue('submitted', '2026-11-18', '2026-11-18')).toBe(false);
    expect(isOverdue('returned', '2026-11-01', '2026-11-18')).toBe(false);
    expect(waitingDays(null, null, '2026-11-18')).toBeUndefined();
    expect(waitingDays('2026-11-13', null, '2026-11-18')).toBe(3);
    expect(waitingDays('2026-11-13', '2026-11-16', '2026-11-18')).toBe(1);
  });
});

describe('certificate numbers', () => {
  it('reads <township code>-<year>-<kind prefix>-<5 digits>', () => {
    expect(certificateNumber('990100001', 2026, 'birth_registration', 7)).toBe('990100001-2026-SY-00007');
    expect(certificateNumber('990100002', 2027, 'only_child_glory', 12345)).toBe('990100002-2027-GR-12345');
  });
});
