/**
 * The floating rules (src/domain/floating.ts) and the exchange package (package.ts): a 婚育证明 valid, expired or
 * revoked on a date; a query's state by the day; the next verification; and any changed byte of a signed package
 * refused (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateProblem, certificateValidOn, nextVerificationOn, queryDueOn, queryState } from '../../../src/domain/floating.ts';
import { readPackage, writePackage, type PackageBodyValue } from '../../../src/features/floating/exchange/package.ts';
import { SEED } from '../../helpers/generative.ts';

describe('流动人口婚育证明 on a date', () => {
  const cert = { issued_on: '2025-01-10', expires_on: '2026-01-09', revoked_on: null };
  it('is valid from its issue day through its expiry day, not before or after', () => {
    expect(certificateValidOn(cert, '2025-01-09')).toBe(false);
    expect(certificateValidOn(cert, '2025-01-10')).toBe(true);
    expect(certificateValidOn(cert, '2026-01-09')).toBe(true);
    expect(certificateValidOn(cert, '2026-01-10')).toBe(false);
    expect(certificateValidOn({ ...cert, expires_on: null }, '2040-01-01')).toBe(true);
  });
  it('is not valid from the day it is revoked', () => {
    const revoked = { ...cert, revoked_on: '2025-06-01' };
    expect(certificateValidOn(revoked, '2025-05-31')).toBe(true);
    expect(certificateValidOn(revoked, '2025-06-01')).toBe(false);
  });
  it('names the problem from her latest certificate issued by then', () => {
    expect(certificateProblem([], '2025-03-01')).toBe('none');
    expect(certificateProblem([cert], '2024-12-31')).toBe('none');
    expect(certificateProblem([cert], '2025-03-01')).toBeUndefined();
    expect(certificateProblem([cert], '2026-02-01')).toBe('expired');
    expect(certificateProblem([{ ...cert, revoked_on: '2025-06-01' }], '2025-07-01')).toBe('revoked');
    // A renewed certificate makes her valid again, whatever the old one says.
    expect(certificateProblem([cert, { issued_on: '2026-01-05', expires_on: '2027-01-04', revoked_on: null }], '2026-02-01')).toBeUndefined();
  });
});

describe('协查 due dates and states', () => {
  it('is due sent + days, pending through the due day, overdue after; answered on time up to the due day', () => {
    expect(queryDueOn('2026-01-25', 15)).toBe('2026-02-09');
    const q = { due_on: '2026-02-09', answered_on: null };
    expect(queryState(q, '2026-02-09')).toBe('pending');
    expect(queryState(q, '2026-02-10')).toBe('overdue');
    expect(queryState({ ...q, answered_on: '2026-02-09' }, '2026-03-01')).toBe('answered_on_time');
    expect(queryState({ ...q, answered_on: '2026-02-10' }, '2026-03-01')).toBe('answered_late');
  });
  it('verifies every N months from the last verification, or from the start of floating', () => {
    expect(nextVerificationOn(null, '2025-08-31', 6)).toBe('2026-02-28');
    expect(nextVerificationOn('2026-01-15', '2025-08-31', 6)).toBe('2026-07-15');
  });
});

describe('the signed exchange package', () => {
  const SECRET = 'a-shared-secret-0123456789';
  const body: PackageBodyValue = {
    format: 'fp-portal.floating-exchange',
    version: 1,
    package_id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    from_county: '990100',
    to_county: '990200',
    created_on: '2026-03-03',
    queries: [
      {
        ref: '990100-6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4c',
        kind: 'pregnancy',
        body: '请核实孕情',
        sent_on: '2026-03-02',
        due_on: '2026-03-17',
        woman_name: '赵兰',
        woman_id_number: '11010519910401002X',
        to_region_code: null,
        from_unit: '城关镇',
      },
    ],
    answers: [{ ref: '990100-6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4d', answered_on: '2026-03-10', answer: '已核实', result_code: 'confirmed' }],
  };
  const text = writePackage(body, SECRET);
  const secretOf = (c: string) => (c === '990100' ? SECRET : undefined);

  it('reads back what was written, for the county it is addressed to', () => {
    expect(readPackage(Buffer.from(text), '990200', secretOf)).toEqual({ ok: true, body });
    const other = readPackage(Buffer.from(text), '990300', secretOf);
    expect(other.ok).toBe(false);
    expect(other.ok ? '' : other.message).toContain('不是本县');
  });

  it('refuses any package with one byte changed (fast-check)', () => {
    const bytes = Buffer.from(text);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const changed = Buffer.from(bytes);
        changed[at] = (changed[at]! + delta) % 256;
        expect(readPackage(changed, '990200', secretOf).ok).toBe(false);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('refuses a byte removed or added anywhere (fast-check)', () => {
    const bytes = Buffer.from(text);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.boolean(), (at, value, remove) => {
        const changed = remove ? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]) : Buffer.concat([bytes.subarray(0, at), Buffer.from([value]), bytes.subarray(at)]);
        expect(readPackage(changed, '990200', secretOf).ok).toBe(false);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
