import { describe, expect, it } from 'vitest';
import { adoptReason, leaveReason, rosterChanges, shouldAdoptOn, type RosterFacts } from '../../../src/domain/rosters.ts';

/** A card; her marital history is her first marriage on the card's marriage date unless `extra.marital` says otherwise. */
function card(extra: Partial<RosterFacts> = {}, woman: Partial<RosterFacts['woman']> = {}): RosterFacts {
  const w = { birth_date: '1990-05-12', marital_status: 'first_marriage', marriage_date: '2013-10-01', status: 'active', ...woman };
  return {
    woman: w,
    children: [{ birth_date: '2015-04-02' }],
    pregnancies: [{ found_on: '2014-08-20', outcome: 'live_birth', outcome_date: '2015-04-02' }],
    episodes: [],
    certificates: [],
    marital: w.marital_status !== 'unmarried' && w.marriage_date ? [{ kind: 'first_marriage', effective_on: w.marriage_date }] : [],
    ...extra,
  };
}

describe('应措花名册 membership on a day', () => {
  it('married, no method, not pregnant, no recent birth: on it; each condition can take her off', () => {
    expect(shouldAdoptOn(card(), '2026-03-31')).toBe(true);
    expect(shouldAdoptOn(card({}, { marital_status: 'unmarried', marriage_date: null }), '2026-03-31')).toBe(false);
    expect(shouldAdoptOn(card({ episodes: [{ method: 'condom', started_on: '2020-01-01' }] }), '2026-03-31')).toBe(false);
    expect(shouldAdoptOn(card({ certificates: [{ kind: 'birth_registration', issued_on: '2026-01-01' }] }), '2026-03-31')).toBe(false);
    expect(shouldAdoptOn(card({}, { birth_date: '1976-03-31' }), '2026-03-31')).toBe(false);
    expect(shouldAdoptOn(card({}, { status: 'exited', exit_date: '2026-03-20', exit_reason: 'moved_out' }), '2026-03-31')).toBe(false);
  });

  it('married on the day by her marital history: a divorce takes her off from its date, a remarriage puts her back', () => {
    const history = card({
      marital: [
        { kind: 'first_marriage', effective_on: '2013-10-01' },
        { kind: 'divorce', effective_on: '2026-04-10' },
        { kind: 'remarriage', effective_on: '2026-06-01' },
      ],
    });
    expect(shouldAdoptOn(history, '2026-04-09')).toBe(true);
    expect(shouldAdoptOn(history, '2026-04-10')).toBe(false);
    expect(leaveReason(history, '2026-04-10')).toBe('婚姻状况变化');
    expect(shouldAdoptOn(history, '2026-06-01')).toBe(true);
    expect(adoptReason(history, '2026-06-30')).toBe('婚后未落实措施');
    // The card's field says divorced today, but on a day before the divorce she was married.
    expect(shouldAdoptOn({ ...history, woman: { ...history.woman, marital_status: 'divorced' } }, '2026-03-31')).toBe(true);
  });

  it('at month boundaries: a method started on the 1st counts from that day; one ended on the 31st is off that day', () => {
    const iud = card({ episodes: [{ method: 'iud', started_on: '2026-04-01' }] });
    expect(shouldAdoptOn(iud, '2026-03-31')).toBe(true);
    expect(shouldAdoptOn(iud, '2026-04-01')).toBe(false);
    const removed = card({ episodes: [{ method: 'iud', started_on: '2016-01-01', ended_on: '2026-03-31', end_reason: 'removed' }] });
    expect(shouldAdoptOn(removed, '2026-03-30')).toBe(false);
    expect(shouldAdoptOn(removed, '2026-03-31')).toBe(true);
    expect(adoptReason(removed, '2026-03-31')).toBe('宫内节育器取出后未落实措施');
  });

  it('a birth keeps her off for 6 months; an abortion does not', () => {
    const born = card({
      children: [{ birth_date: '2025-09-30' }],
      pregnancies: [{ found_on: '2025-02-01', outcome: 'live_birth', outcome_date: '2025-09-30' }],
    });
    expect(shouldAdoptOn(born, '2026-03-29')).toBe(false);
    expect(shouldAdoptOn(born, '2026-03-30')).toBe(true); // six whole months after the birth (2025-09-30 + 6 months)
    expect(adoptReason(born, '2026-03-31')).toBe('产后未落实措施');
    const aborted = card({ pregnancies: [{ found_on: '2026-02-01', outcome: 'surgical_abortion', outcome_date: '2026-03-05' }] });
    expect(shouldAdoptOn(aborted, '2026-03-04')).toBe(false); // pregnant
    expect(shouldAdoptOn(aborted, '2026-03-05')).toBe(true);
    expect(adoptReason(aborted, '2026-03-31')).toBe('流引产后未落实措施');
  });

  it('a pregnancy counts from the day it was found; a marriage from its date', () => {
    const pregnant = card({ pregnancies: [{ found_on: '2026-04-10', outcome: 'ongoing' }] });
    expect(shouldAdoptOn(pregnant, '2026-03-31')).toBe(true);
    expect(shouldAdoptOn(pregnant, '2026-04-10')).toBe(false);
    expect(leaveReason(pregnant, '2026-04-30')).toBe('已怀孕');
    const newlywed = card({ children: [], pregnancies: [] }, { marriage_date: '2026-04-08' });
    expect(shouldAdoptOn(newlywed, '2026-03-31')).toBe(false);
    expect(shouldAdoptOn(newlywed, '2026-04-30')).toBe(true);
    expect(adoptReason(newlywed, '2026-04-30')).toBe('婚后未落实措施');
  });

  it('says why she left: a method, an exit, a move', () => {
    expect(leaveReason(card({ episodes: [{ method: 'iud', started_on: '2026-04-03' }] }), '2026-04-30')).toBe('已落实措施：宫内节育器');
    expect(leaveReason(card({}, { status: 'exited', exit_date: '2026-04-02', exit_reason: 'deceased' }), '2026-04-30')).toBe('出队（死亡）');
    expect(leaveReason(card(), '2026-04-30', true)).toBe('迁出本村');
  });

  it('增补 and 核减 compare two days', () => {
    expect(rosterChanges([1, 2, 3], [2, 3, 4, 5])).toEqual({ added: [4, 5], removed: [1] });
    expect(rosterChanges([], [])).toEqual({ added: [], removed: [] });
  });
});
