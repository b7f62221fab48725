/**
 * The county's month up the chain as pure rules (src/domain/county-month-workflow.ts): every status × action pair
 * against an expectation written out here, what blocks a submission, and when the township months stay locked.
 */
import { describe, expect, it } from 'vitest';
import { COUNTY_PERIOD_STATUS, type CountyPeriodStatus } from '../../../src/domain/codes.ts';
import { COUNTY_MONTH_ACTION, countyMonthHoldsTownships, countyMonthTransition, countySubmitProblems, type CountyMonthAction } from '../../../src/domain/county-month-workflow.ts';

/** The allowed moves, written independently of the rule's table: anything not listed is refused. */
const ALLOWED: Record<string, CountyPeriodStatus> = {
  'not_submitted/submit': 'submitted',
  'returned/submit': 'submitted',
  'submitted/accept': 'accepted',
  'submitted/return': 'returned',
};

describe('county month transitions', () => {
  const statuses = Object.keys(COUNTY_PERIOD_STATUS) as CountyPeriodStatus[];
  const actions = Object.keys(COUNTY_MONTH_ACTION) as CountyMonthAction[];

  it('allows exactly the listed moves, every other status × action pair refused with a Chinese message', () => {
    let refused = 0;
    for (const status of statuses) {
      for (const action of actions) {
        const t = countyMonthTransition(status, action);
        const expected = ALLOWED[`${status}/${action}`];
        if (expected) expect(t, `${status} ${action}`).toEqual({ to: expected });
        else {
          expect('error' in t && t.error, `${status} ${action}`).toMatch(/^该县本月月报.+，不能.+（只有.+的月报可以）。$/);
          refused += 1;
        }
      }
    }
    expect(statuses).toHaveLength(4);
    expect(refused).toBe(statuses.length * actions.length - Object.keys(ALLOWED).length);
  });

  it('names the status and the action in the refusal', () => {
    expect(countyMonthTransition('accepted', 'return')).toEqual({ error: '该县本月月报已接收，不能退回（只有已提交的月报可以）。' });
    expect(countyMonthTransition('submitted', 'submit')).toEqual({ error: '该县本月月报已提交，不能上报（只有未提交或已退回的月报可以）。' });
  });

  it('keeps the township months locked while the county month is with the region above or accepted there', () => {
    expect(statuses.filter(countyMonthHoldsTownships)).toEqual(['submitted', 'accepted']);
  });
});

describe('what stops a county from submitting', () => {
  it('a county at the root has nothing to submit to', () => {
    expect(countySubmitProblems({ hasParent: false, townships: [{ name: '城关镇', status: 'accepted' }] })).toEqual(['本县是本系统的最高区划，月报无需向上报送。']);
  });

  it('names every township whose month is not accepted', () => {
    const problems = countySubmitProblems({
      hasParent: true,
      townships: [
        { name: '城关镇', status: 'accepted' },
        { name: '东山镇', status: 'submitted' },
        { name: '西山镇', status: 'open' },
        { name: '南山镇', status: 'returned' },
      ],
    });
    expect(problems).toEqual(['以下乡镇本月月报尚未审核通过：东山镇、西山镇、南山镇。请先审核各乡镇月报。']);
  });

  it('a county whose townships are all accepted may submit; one without townships may not', () => {
    expect(countySubmitProblems({ hasParent: true, townships: [{ name: '城关镇', status: 'accepted' }] })).toEqual([]);
    expect(countySubmitProblems({ hasParent: true, townships: [] })).toHaveLength(1);
  });
});
