/**
 * The partial index of procedures (migrations/20261214000000_services_procedure_region_index.ts) writes out the
 * procedure kinds; a query's `kind in (…)` lets the planner use it only when its list lies inside the index's
 * condition. This test fails when PROCEDURE_KIND gains or loses a kind the index does not, and shows the planner
 * choosing it for the validation's read of a village's procedures in a month.
 */
import { describe, expect, it } from 'vitest';
import { PROCEDURE_KIND } from '../../../src/domain/codes.ts';
import { indexPlan, useTestDatabase } from '../../helpers/db.ts';

describe('the procedures index', () => {
  const t = useTestDatabase();

  it('holds exactly the kinds of PROCEDURE_KIND', async () => {
    const { rows } = await t.db.raw<{ rows: { kinds: string[] }[] }>(
      `select array(select unnest(regexp_matches(pg_get_expr(i.indpred, i.indrelid), '''([a-z_]+)''', 'g')) order by 1) as kinds
         from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'services_procedure_region_date_idx'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.kinds).toEqual(Object.keys(PROCEDURE_KIND).sort());
  });

  it('is the one the planner reads for a village’s procedures of a month when scans are costed alike', async () => {
    const plan = await indexPlan(
      t.db,
      `select s.id from services s where s.region_id = 1 and s.kind in (${Object.keys(PROCEDURE_KIND)
        .map((k) => `'${k}'`)
        .join(', ')}) and s.performed_on between '2026-11-01' and '2026-11-30'`,
    );
    expect(plan).toContain('services_procedure_region_date_idx');
  });
});
