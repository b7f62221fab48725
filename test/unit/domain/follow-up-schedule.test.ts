import { describe, expect, it } from 'vitest';
import { daysOverdue, doneDateProblem, followUpStatus, planFollowUps, type ScheduleEntry } from '../../../src/domain/follow-up-schedule.ts';
import { FOLLOW_UP_SCHEDULES } from '../../../seeds/reference.ts';

const SCHEDULES: ScheduleEntry[] = FOLLOW_UP_SCHEDULES;

describe('follow-up schedules', () => {
  it('an IUD insertion is followed up by the township at 1, 3, 6 and 12 months', () => {
    const plan = planFollowUps({ kind: 'iud_insertion', performed_on: '2026-03-10', serious: false }, SCHEDULES);
    expect(plan).toEqual([
      { level: 'township', months_after: 1, due_on: '2026-04-10' },
      { level: 'township', months_after: 3, due_on: '2026-06-10' },
      { level: 'township', months_after: 6, due_on: '2026-09-10' },
      { level: 'township', months_after: 12, due_on: '2027-03-10' },
    ]);
  });

  it('clamps to the last day of shorter months (01-31 → 02-28, 08-31 → 09-30, leap years)', () => {
    const plan = planFollowUps({ kind: 'iud_insertion', performed_on: '2026-01-31', serious: false }, SCHEDULES);
    expect(plan.map((p) => p.due_on)).toEqual(['2026-02-28', '2026-04-30', '2026-07-31', '2027-01-31']);
    const leap = planFollowUps({ kind: 'surgical_abortion', performed_on: '2023-11-30', serious: false }, SCHEDULES);
    expect(leap.map((p) => p.due_on)).toEqual(['2023-12-30', '2024-02-29']);
    const aug = planFollowUps({ kind: 'female_sterilization', performed_on: '2026-08-31', serious: false }, SCHEDULES);
    expect(aug.map((p) => p.due_on)).toEqual(['2026-09-30', '2026-11-30']);
  });

  it('sterilisation, abortion, removal and implants at 1 and 3 months; a serious complication adds the county at 1 month', () => {
    for (const kind of ['female_sterilization', 'male_sterilization', 'medical_abortion', 'induced_labour', 'iud_removal', 'implant_insertion', 'implant_removal']) {
      expect(planFollowUps({ kind, performed_on: '2026-05-15', serious: false }, SCHEDULES).map((p) => [p.level, p.due_on])).toEqual([
        ['township', '2026-06-15'],
        ['township', '2026-08-15'],
      ]);
    }
    const serious = planFollowUps({ kind: 'surgical_abortion', performed_on: '2026-05-15', serious: true }, SCHEDULES);
    expect(serious.map((p) => [p.level, p.due_on])).toEqual([
      ['township', '2026-06-15'],
      ['county', '2026-06-15'],
      ['township', '2026-08-15'],
    ]);
  });

  it('checks and other services have no schedule; inactive entries are skipped', () => {
    expect(planFollowUps({ kind: 'ring_pregnancy_check', performed_on: '2026-05-15', serious: false }, SCHEDULES)).toEqual([]);
    const custom: ScheduleEntry[] = [
      { service_kind: 'gyn_exam', months_after: 2, level: 'village', serious_complication_only: false },
      { service_kind: 'gyn_exam', months_after: 4, level: 'village', serious_complication_only: false, active: false },
    ];
    expect(planFollowUps({ kind: 'gyn_exam', performed_on: '2026-05-15', serious: false }, custom)).toEqual([{ level: 'village', months_after: 2, due_on: '2026-07-15' }]);
  });

  it('classifies a follow-up on a date: overdue the day after, due until the end of this month, then upcoming', () => {
    expect(followUpStatus({ due_on: '2026-03-14' }, '2026-03-15')).toBe('overdue');
    expect(followUpStatus({ due_on: '2026-03-15' }, '2026-03-15')).toBe('due');
    expect(followUpStatus({ due_on: '2026-03-31' }, '2026-03-15')).toBe('due');
    expect(followUpStatus({ due_on: '2026-04-01' }, '2026-03-15')).toBe('upcoming');
    expect(followUpStatus({ due_on: '2026-01-01', done_on: '2026-01-03' }, '2026-03-15')).toBe('done');
    expect(daysOverdue({ due_on: '2026-03-01' }, '2026-03-15')).toBe(14);
    expect(daysOverdue({ due_on: '2026-03-20' }, '2026-03-15')).toBe(0);
  });

  it('a follow-up is not done before its service nor in the future', () => {
    expect(doneDateProblem('2026-03-16', '2026-01-01', '2026-03-15')).toMatch(/不能晚于今天/);
    expect(doneDateProblem('2025-12-31', '2026-01-01', '2026-03-15')).toMatch(/不能早于服务日期 2026-01-01/);
    expect(doneDateProblem('2026-02-01', '2026-01-01', '2026-03-15')).toBeUndefined();
  });
});
