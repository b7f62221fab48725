/** Scope-matrix row of the figure store's check page (issue 19 §2): the county supervisor and admin only. */
import type { MatrixRow } from './role-matrix.ts';

export const FIGURE_ROWS: MatrixRow[] = [
  {
    name: 'GET /admin/figure-check',
    method: 'GET',
    path: () => '/admin/figure-check',
    expect: { admin: 200, countySup: 200, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 },
    mustShow: { countySup: () => ['指标库核对'] },
  },
];
