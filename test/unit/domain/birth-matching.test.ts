import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BIRTH_RECORD_DAYS, matchChild, recordedOnTime, type RegisterChild } from '../../../src/domain/birth-matching.ts';
import { addDays } from '../../../src/domain/dates.ts';
import { SEED } from '../../helpers/generative.ts';

const kids: RegisterChild[] = [
  { id: 1, name: '李大宝', sex: 'male', birth_date: '2020-05-01' },
  { id: 2, name: '李二宝', sex: 'female', birth_date: '2026-09-03' },
];

describe('matchChild', () => {
  it('matches the same birth date and sex', () => {
    expect(matchChild({ name: null, sex: 'female', birth_date: '2026-09-03' }, kids)).toEqual({ status: 'matched', child: kids[1] });
  });
  it('the same date with the other sex differs', () => {
    expect(matchChild({ name: '李二宝', sex: 'male', birth_date: '2026-09-03' }, kids)).toEqual({ status: 'differs', child: kids[1] });
  });
  it('a date a few days off differs; far off is not recorded', () => {
    expect(matchChild({ name: null, sex: 'female', birth_date: '2026-09-10' }, kids).status).toBe('differs');
    expect(matchChild({ name: null, sex: 'female', birth_date: '2026-11-10' }, kids).status).toBe('not_recorded');
  });
  it('another name near the date is not the same child', () => {
    expect(matchChild({ name: '王小花', sex: 'female', birth_date: '2026-09-10' }, kids).status).toBe('not_recorded');
  });
  it('a child taken by another row (twins) is skipped', () => {
    expect(matchChild({ name: null, sex: 'female', birth_date: '2026-09-03' }, kids, new Set([2])).status).toBe('not_recorded');
  });
  it('property: a listed copy of a register child always matches it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.constantFrom<'male' | 'female'>('male', 'female'), (days, sex) => {
        const child = { id: 9, name: null, sex, birth_date: addDays('2018-01-01', days) };
        expect(matchChild({ ...child }, [...kids, child])).toEqual({ status: 'matched', child });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('recordedOnTime', () => {
  it(`is within ${BIRTH_RECORD_DAYS} days of the birth`, () => {
    expect(recordedOnTime('2026-09-01', '2026-10-01')).toBe(true);
    expect(recordedOnTime('2026-09-01', '2026-10-02')).toBe(false);
  });
});
