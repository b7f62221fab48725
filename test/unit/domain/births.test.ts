import { describe, expect, it } from 'vitest';
import { decidePolicyStatus, deliveries, farEnoughApart, motherOldEnough, policyInForce, proposeBirthOrder, proposeBirthOrders, sameDelivery } from '../../../src/domain/births.ts';

const POLICIES = [
  { effective_from: '1980-09-25', children_allowed: 1 },
  { effective_from: '2016-01-01', children_allowed: 2 },
  { effective_from: '2021-05-31', children_allowed: 3 },
];

describe('birth order', () => {
  it('numbers deliveries by birth date, whatever order the children were entered in', () => {
    const kids = [{ birth_date: '2019-06-01' }, { birth_date: '2012-03-04' }, { birth_date: '2016-08-09' }];
    expect(proposeBirthOrders(kids)).toEqual([3, 1, 2]);
  });

  it('gives twins (born the same day or a day apart) one shared order', () => {
    const kids = [{ birth_date: '2012-03-04' }, { birth_date: '2017-05-01' }, { birth_date: '2017-05-02' }, { birth_date: '2020-01-01' }];
    expect(proposeBirthOrders(kids)).toEqual([1, 2, 2, 3]);
    expect(deliveries(kids).map((g) => g.length)).toEqual([1, 2, 1]);
    expect(sameDelivery('2017-05-01', '2017-05-02')).toBe(true);
    expect(sameDelivery('2017-05-01', '2017-05-03')).toBe(false);
  });

  it('proposes the order of a new child among existing ones', () => {
    const existing = [{ birth_date: '2012-03-04' }, { birth_date: '2019-06-01' }];
    expect(proposeBirthOrder(existing, '2022-01-01')).toBe(3);
    expect(proposeBirthOrder(existing, '2015-01-01')).toBe(2);
    expect(proposeBirthOrder(existing, '2019-06-01')).toBe(2);
    expect(proposeBirthOrder([], '2019-06-01')).toBe(1);
  });
});

describe('policy status from the policy in force on the birth date', () => {
  it('finds the policy in force on a date (none before 1980-09-25)', () => {
    expect(policyInForce(POLICIES, '1979-01-01')).toBeUndefined();
    expect(policyInForce(POLICIES, '1980-09-25')?.children_allowed).toBe(1);
    expect(policyInForce(POLICIES, '2015-12-31')?.children_allowed).toBe(1);
    expect(policyInForce(POLICIES, '2016-01-01')?.children_allowed).toBe(2);
    expect(policyInForce(POLICIES, '2021-05-30')?.children_allowed).toBe(2);
    expect(policyInForce(POLICIES, '2021-05-31')?.children_allowed).toBe(3);
  });
});

describe('the status a birth is saved with (issue 12 item 12)', () => {
  it('a permit with no status chosen makes the birth compliant; none keeps the proposal', () => {
    expect(decidePolicyStatus('non_compliant', { permit_no: '再生育证2014-07' })).toEqual({ ok: true, status: 'compliant' });
    expect(decidePolicyStatus('non_compliant', { permit_no: '   ' })).toEqual({ ok: true, status: 'non_compliant' });
    expect(decidePolicyStatus('non_compliant', {})).toEqual({ ok: true, status: 'non_compliant' });
    expect(decidePolicyStatus('compliant', {})).toEqual({ ok: true, status: 'compliant' });
  });

  it('不符合政策 beside a permit needs a reason', () => {
    expect(decidePolicyStatus('non_compliant', { policy_status: 'non_compliant', permit_no: 'P-1' })).toEqual({ ok: false, problem: 'permit_unexplained', status: 'non_compliant' });
    expect(decidePolicyStatus('compliant', { policy_status: 'non_compliant', permit_no: 'P-1' })).toMatchObject({ ok: false, problem: 'permit_unexplained' });
    expect(decidePolicyStatus('non_compliant', { policy_status: 'non_compliant', permit_no: 'P-1', policy_reason: '证已注销' })).toEqual({ ok: true, status: 'non_compliant' });
  });

  it('overriding the proposal needs a permit or a reason', () => {
    expect(decidePolicyStatus('non_compliant', { policy_status: 'compliant' })).toMatchObject({ ok: false, problem: 'override_unexplained' });
    expect(decidePolicyStatus('non_compliant', { policy_status: 'compliant', permit_no: 'P-1' })).toEqual({ ok: true, status: 'compliant' });
    expect(decidePolicyStatus('compliant', { policy_status: 'non_compliant', policy_reason: '超生' })).toEqual({ ok: true, status: 'non_compliant' });
  });
});

describe('plausibility', () => {
  it('a mother must be 14 on the birth date', () => {
    expect(motherOldEnough('1990-05-12', '2004-05-11')).toBe(false);
    expect(motherOldEnough('1990-05-12', '2004-05-12')).toBe(true);
  });

  it('deliveries are six months apart', () => {
    expect(farEnoughApart('2018-01-15', '2018-07-14')).toBe(false);
    expect(farEnoughApart('2018-01-15', '2018-07-15')).toBe(true);
  });
});
