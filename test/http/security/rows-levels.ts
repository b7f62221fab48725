/**
 * Scope-matrix rows of the levels above the county (issue 19 §1): the counties' month up the chain. In the
 * matrix's one-county world the county is the root, so its supervisor reads her county's month and a submission
 * is refused with the reason (422: no region above); only a city or province supervisor accepts or returns (403
 * for everyone here). The city and province actors have their own matrix: test/http/levels/city-matrix.test.ts.
 */
import { lastMonth as previousMonth } from '../../../src/domain/report-periods.ts';
import { today } from './matrix-kit.ts';
import type { Expectation, MatrixFixtures, MatrixRow } from './role-matrix.ts';

const countyLevel = (ok: number): Expectation => ({ admin: ok, countySup: ok, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 });
const nobody: Expectation = { admin: 403, countySup: 403, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 };
const countyBody = (f: MatrixFixtures, extra: Record<string, string> = {}) => ({ region: f.world.county.code, month: previousMonth(today()), ...extra });

export const LEVELS_ROWS: MatrixRow[] = [
  { name: 'GET /reports/county-months', method: 'GET', path: () => '/reports/county-months', expect: countyLevel(200), mustShow: { countySup: (f) => [f.world.county.name, '最高区划'] } },
  {
    name: 'POST /reports/county-months/submit (root county)',
    method: 'POST',
    path: () => '/reports/county-months/submit',
    body: (f) => countyBody(f),
    expect: { ...countyLevel(422), admin: 403 },
  },
  { name: 'POST /reports/county-months/accept', method: 'POST', path: () => '/reports/county-months/accept', body: (f) => countyBody(f), expect: nobody },
  { name: 'POST /reports/county-months/return', method: 'POST', path: () => '/reports/county-months/return', body: (f) => countyBody(f, { comment: '请核实' }), expect: nobody },
];
