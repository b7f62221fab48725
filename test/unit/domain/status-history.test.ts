/** The rules of the status histories: which event a change records, and when an event may be dated. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/dates.ts';
import {
  changeDateProblem,
  fifteenthBirthday,
  floatingChange,
  floatingEventProblem,
  maritalChange,
  maritalEventProblem,
  redateProblem,
  registeredOnProblem,
  type DatedEvent,
  type FloatingEventKind,
  type MaritalEventKind,
} from '../../../src/domain/status-history.ts';

const facts = { today: '2026-03-15', birthDate: '1990-05-12' };

describe('the event a status change records', () => {
  it('maps each allowed marital change to its event, and refuses the others with a message', () => {
    expect(maritalChange('unmarried', 'first_marriage')).toEqual({ kind: 'first_marriage' });
    expect(maritalChange('first_marriage', 'divorced')).toEqual({ kind: 'divorce' });
    expect(maritalChange('remarried', 'widowed')).toEqual({ kind: 'widowed' });
    expect(maritalChange('divorced', 'remarried')).toEqual({ kind: 'remarriage' });
    expect(maritalChange('widowed', 'remarried')).toEqual({ kind: 'remarriage' });
    expect(maritalChange('first_marriage', 'first_marriage')).toBeNull();
    expect(maritalChange('unmarried', 'divorced')).toEqual({ problem: '离婚或丧偶只能发生在已婚（初婚或再婚）期间' });
    expect(maritalChange('first_marriage', 'remarried')).toEqual({ problem: '再婚只能在离婚或丧偶之后；请先登记离婚或丧偶' });
    expect(maritalChange('divorced', 'unmarried')).toEqual({ problem: '已有婚史，婚姻状况不能改回未婚' });
  });

  it('maps a migrant change to its flows: a return, then the new direction', () => {
    expect(floatingChange('none', 'outflow')).toEqual(['outflow']);
    expect(floatingChange('inflow', 'none')).toEqual(['return']);
    expect(floatingChange('outflow', 'inflow')).toEqual(['return', 'inflow']);
    expect(floatingChange('outflow', 'outflow')).toEqual([]);
  });
});

describe('the date of a change', () => {
  it('is not in the future, not before her birth, not before the previous event', () => {
    expect(changeDateProblem('2026-03-15', facts)).toBeUndefined();
    expect(changeDateProblem('2026-03-16', facts)).toBe('变更日期 2026-03-16 晚于今天，不能登记将来的变动');
    expect(changeDateProblem('1990-05-11', facts)).toBe('变更日期 1990-05-11 早于出生日期 1990-05-12');
    expect(changeDateProblem('2020-01-01', facts, '2020-01-02')).toBe('变更日期 2020-01-01 早于上一次变动的日期 2020-01-02，请按时间顺序登记');
  });

  it('keeps the marital history in order, a marriage not before 15', () => {
    const married: DatedEvent<MaritalEventKind>[] = [{ kind: 'first_marriage', effective_on: '2015-01-01' }];
    expect(maritalEventProblem('first_marriage', '2005-05-11', [], facts)).toBe('结婚日期 2005-05-11 时未满 15 周岁');
    expect(maritalEventProblem('first_marriage', '2005-05-12', [], facts)).toBeUndefined();
    expect(maritalEventProblem('divorce', '2014-12-31', married, facts)).toBe('变更日期 2014-12-31 早于上一次变动的日期 2015-01-01，请按时间顺序登记');
    expect(maritalEventProblem('divorce', '2025-06-01', married, facts)).toBeUndefined();
    expect(maritalEventProblem('remarriage', '2025-06-01', married, facts)).toBe('再婚只能在离婚或丧偶之后');
    expect(maritalEventProblem('divorce', '2025-06-01', [], facts)).toBe('离婚或丧偶只能发生在已婚（初婚或再婚）期间');
    const divorced = [...married, { kind: 'divorce' as const, effective_on: '2020-01-01' }];
    expect(maritalEventProblem('widowed', '2021-01-01', divorced, facts)).toBe('离婚或丧偶只能发生在已婚（初婚或再婚）期间');
    expect(maritalEventProblem('remarriage', '2021-01-01', divorced, facts)).toBeUndefined();
    expect(maritalEventProblem('first_marriage', '2021-01-01', divorced, facts)).toBe('已有婚史，不能再登记初婚');
  });

  it('lets a return follow only an outflow or inflow, and a new flow only after a return', () => {
    const out: DatedEvent<FloatingEventKind>[] = [{ kind: 'outflow', effective_on: '2025-03-01' }];
    expect(floatingEventProblem('return', '2025-06-01', [], facts)).toBe('只有流出或流入之后才能登记返回');
    expect(floatingEventProblem('return', '2025-06-01', out, facts)).toBeUndefined();
    expect(floatingEventProblem('return', '2025-02-28', out, facts)).toBe('变更日期 2025-02-28 早于上一次变动的日期 2025-03-01，请按时间顺序登记');
    expect(floatingEventProblem('inflow', '2025-06-01', out, facts)).toBe('上一次流出/流入尚未登记返回，请先登记返回');
    expect(floatingEventProblem('inflow', '2025-07-01', [...out, { kind: 'return', effective_on: '2025-06-01' }], facts)).toBeUndefined();
  });

  it('dates an event between its neighbours', () => {
    const prev = { kind: 'first_marriage', effective_on: '2015-01-01' };
    const next = { kind: 'remarriage', effective_on: '2022-01-01' };
    expect(redateProblem('divorce', '2018-01-01', prev, next, facts)).toBeUndefined();
    expect(redateProblem('divorce', '2022-01-02', prev, next, facts)).toBe('变更日期 2022-01-02 晚于下一次变动的日期 2022-01-01，请按时间顺序登记');
    expect(redateProblem('divorce', '2014-01-01', prev, next, facts)).toBe('变更日期 2014-01-01 早于上一次变动的日期 2015-01-01，请按时间顺序登记');
  });

  it('puts 建卡/迁入日期 between her birth and today; an import without it starts at 15', () => {
    expect(registeredOnProblem('2026-03-16', facts)).toBe('建卡/迁入日期 2026-03-16 晚于今天');
    expect(registeredOnProblem('1990-05-11', facts)).toBe('建卡/迁入日期 1990-05-11 早于出生日期 1990-05-12');
    expect(registeredOnProblem('1990-05-12', facts)).toBeUndefined();
    expect(fifteenthBirthday('1990-05-12')).toBe('2005-05-12');
    expect(fifteenthBirthday('2008-02-29')).toBe('2023-02-28');
  });

  it('property: any date after today is refused, any date between the previous event and today is accepted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 3000 }), (ahead, back) => {
        expect(changeDateProblem(addDays(facts.today, ahead), facts, '2018-01-01')).toMatch(/晚于今天/);
        const d = addDays(facts.today, -back);
        expect(changeDateProblem(d, facts, '2018-01-01') === undefined).toBe(d >= '2018-01-01');
      }),
      { seed: 20261206, numRuns: 200 },
    );
  });
});
