/** The demo generator's pure plans: month close replayed into a report_periods state, subsidy workflow dates. */
import { describe, expect, it } from 'vitest';
import { applicationSteps, batchPlans, eligibleFrom } from '../../../seeds/demo/benefit-plan.ts';
import { ClosePlan, stateOf, type CloseStep } from '../../../seeds/demo/close-plan.ts';
import { at, dayOf, monthIndex } from '../../../seeds/demo/days.ts';
import { Random } from '../../../seeds/demo/random.ts';

const d = (iso: string, hour = 10) => at(dayOf(iso), hour);

describe('month close state', () => {
  const steps: CloseStep[] = [
    { kind: 'submit', at: d('2026-04-03') },
    { kind: 'return', at: d('2026-04-04'), text: '请核实' },
    { kind: 'submit', at: d('2026-04-06') },
    { kind: 'accept', at: d('2026-04-08') },
    { kind: 'unlock', at: d('2026-05-20'), text: '漏报出生' },
  ];

  it('leaves the row as the services would: resubmission clears the comment, an unlock returns it with the reason', () => {
    const s = stateOf(0, 0, steps, d('2026-05-01'));
    expect(s).toMatchObject({ status: 'accepted', firstSubmitted: d('2026-04-03'), submitted: d('2026-04-06'), accepted: d('2026-04-08'), returned: d('2026-04-04'), comment: null });
    const u = stateOf(0, 0, steps, d('2026-06-01'));
    expect(u).toMatchObject({ status: 'returned', accepted: null, everAccepted: true, comment: '已解锁：漏报出生' });
  });

  it('has not happened after the cap', () => {
    expect(stateOf(0, 0, steps, d('2026-04-05')).status).toBe('returned');
    expect(stateOf(0, 0, steps, d('2026-04-01'))).toMatchObject({ status: 'open', submitted: null, steps: [] });
  });

  it('plans sixty months per township, submitted in the month after, last month unfinished for some', () => {
    const today = dayOf('2026-11-23');
    const plan = new ClosePlan(7, 10, today, at(today, 0));
    const rows = plan.all();
    expect(rows).toHaveLength(600);
    for (const r of rows) if (r.submitted !== null) expect(monthIndex(Math.floor(r.firstSubmitted! / 1440))).toBe(r.month + 1);
    const last = rows.filter((r) => r.month === plan.last);
    expect(last.filter((r) => r.status === 'open')).toHaveLength(1);
    expect(last.filter((r) => r.status === 'submitted')).toHaveLength(2);
    expect(plan.lateTownships).toHaveLength(2);
    expect(new ClosePlan(7, 10, today, at(today, 0)).all()).toEqual(rows);
  });
});

describe('subsidy plan', () => {
  it('dates each step after the one before, none after the cap', () => {
    for (let seed = 1; seed < 200; seed++) {
      const steps = applicationSteps(new Random(seed), 2025, dayOf('2025-03-10'), d('2026-11-23', 0));
      expect(steps[0].kind).toBe('create');
      expect(steps.every((s, i) => i === 0 || s.at > steps[i - 1].at)).toBe(true);
      expect(steps.every((s) => s.at <= d('2026-11-23', 0))).toBe(true);
    }
    expect(applicationSteps(new Random(1), 2026, dayOf('2026-12-01'), d('2026-11-23', 0))).toEqual([]);
  });

  it('starts 奖扶 at 60 and 特扶 when the mother is 49 and the only child has died', () => {
    expect(eligibleFrom('reward_assistance', dayOf('1965-05-02'), dayOf('1967-01-01'), null)).toBe(dayOf('2025-05-02'));
    expect(eligibleFrom('special_assistance_death', dayOf('1970-01-01'), dayOf('1970-01-01'), dayOf('2022-03-01'))).toBe(dayOf('2022-03-01'));
    expect(eligibleFrom('special_assistance_disability', dayOf('1970-01-01'), dayOf('1970-01-01'), null)).toBe(dayOf('2019-01-01'));
  });

  it('pays last year and this year up to the cap', () => {
    const plans = batchPlans(2026, d('2026-07-11'));
    expect(plans.filter((b) => b.program === 'reward_assistance').map((b) => b.period)).toEqual(['2025', '2025', '2026']);
    expect(
      plans
        .filter((b) => b.program === 'special_assistance_death')
        .map((b) => b.period)
        .at(-1),
    ).toBe('2026-07');
  });
});
