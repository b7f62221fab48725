import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  daysOverdue,
  doneDateProblem,
  dueAfter,
  followUpLevelOf,
  followUpStatus,
  planEventFollowUps,
  planFollowUps,
  planQuarterFollowUps,
  scheduleEntryProblems,
  type ScheduleEntry,
} from '../../../src/domain/follow-up-schedule.ts';
import { SEED } from '../../helpers/generative.ts';
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

describe('graded follow-ups by event (issue 16 §1)', () => {
  const EVENTS: ScheduleEntry[] = [
    { id: 1, trigger: 'marriage', service_kind: null, months_after: 1, days_after: 0, level: 'village', serious_complication_only: false },
    { id: 2, trigger: 'pregnancy', service_kind: null, months_after: 0, days_after: 30, level: 'village', serious_complication_only: false },
    { id: 3, trigger: 'postpartum', service_kind: null, months_after: 0, days_after: 42, level: 'village', serious_complication_only: false },
    { id: 4, trigger: 'supply_user', service_kind: null, months_after: 0, days_after: 0, level: 'village', serious_complication_only: false },
    { id: 5, trigger: 'postpartum', service_kind: null, months_after: 6, days_after: 0, level: 'township', serious_complication_only: false, active: false },
    { id: 6, trigger: 'marriage', service_kind: null, months_after: 1, days_after: 10, level: 'township', serious_complication_only: false },
  ];

  it('days vs months: months first (clamped to the month end), then days', () => {
    expect(dueAfter('2026-01-31', { months_after: 1, days_after: 0 })).toBe('2026-02-28');
    expect(dueAfter('2026-01-31', { months_after: 0, days_after: 30 })).toBe('2026-03-02');
    expect(dueAfter('2026-01-31', { months_after: 1, days_after: 10 })).toBe('2026-03-10');
    expect(planEventFollowUps({ trigger: 'marriage', on: '2026-01-31' }, EVENTS, '2026-02-01').map((p) => [p.schedule_id, p.level, p.due_on])).toEqual([
      [1, 'village', '2026-02-28'],
      [6, 'township', '2026-03-10'],
    ]);
  });

  it('产后 is due 42 days after the birth (across a leap February); the inactive entry makes nothing', () => {
    expect(planEventFollowUps({ trigger: 'postpartum', on: '2028-01-25' }, EVENTS, '2028-01-26')).toEqual([
      { schedule_id: 3, trigger: 'postpartum', trigger_on: '2028-01-25', level: 'village', due_on: '2028-03-07' },
    ]);
    expect(planEventFollowUps({ trigger: 'postpartum', on: '2026-12-20' }, EVENTS, '2026-12-20').map((p) => p.due_on)).toEqual(['2027-01-31']);
  });

  it('a service entry never answers an event, an event entry never a service', () => {
    expect(planEventFollowUps({ trigger: 'pregnancy', on: '2026-05-01' }, [...EVENTS, ...SCHEDULES], '2026-05-01').map((p) => p.schedule_id)).toEqual([2]);
    expect(planFollowUps({ kind: 'iud_insertion', performed_on: '2026-03-10', serious: false }, [...EVENTS, ...SCHEDULES])).toHaveLength(4);
  });

  it('an old event typed in late plans no visit more than 90 days past due', () => {
    expect(planEventFollowUps({ trigger: 'pregnancy', on: '2026-01-01' }, EVENTS, '2026-05-02')).toEqual([]);
    expect(planEventFollowUps({ trigger: 'pregnancy', on: '2026-01-01' }, EVENTS, '2026-05-01').map((p) => p.due_on)).toEqual(['2026-01-31']);
  });

  it('药具: one per quarter, due at the quarter end, keyed by the quarter start whatever the day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), (n) => {
        const day = new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10);
        const [p, ...rest] = planQuarterFollowUps(day, EVENTS);
        expect(rest).toEqual([]);
        const month = Number(day.slice(5, 7));
        const qStart = `${day.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
        expect(p).toMatchObject({ schedule_id: 4, trigger: 'supply_user', trigger_on: qStart, level: 'village' });
        expect(p!.due_on >= day).toBe(true);
        expect(dueAfter(p!.due_on, { months_after: 0, days_after: 1 }).slice(8)).toBe('01');
      }),
      { seed: SEED },
    );
    expect(planQuarterFollowUps('2026-11-18', EVENTS).map((p) => p.due_on)).toEqual(['2026-12-31']);
    expect(
      planQuarterFollowUps(
        '2026-02-01',
        EVENTS.map((e) => ({ ...e, active: false })),
      ),
    ).toEqual([]);
  });

  it('an entry as the admin types it: a service needs its kind, an event has none and no complication flag', () => {
    expect(scheduleEntryProblems({ trigger: 'service', service_kind: null, months_after: 1, days_after: 0, serious_complication_only: false })).toEqual({
      service_kind: '触发为“手术”时请选择服务项目',
    });
    expect(scheduleEntryProblems({ trigger: 'marriage', service_kind: 'iud_insertion', months_after: 1, days_after: 0, serious_complication_only: true })).toEqual({
      service_kind: '仅触发为“手术”时选择服务项目',
      serious_complication_only: '仅手术后的严重并发症随访可勾选此项',
    });
    expect(scheduleEntryProblems({ trigger: 'postpartum', service_kind: null, months_after: 0, days_after: 42, serious_complication_only: false })).toEqual({});
  });

  it('the level an office visits itself', () => {
    expect([followUpLevelOf('county'), followUpLevelOf('township'), followUpLevelOf('village')]).toEqual(['county', 'township', 'village']);
  });
});
