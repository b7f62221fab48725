/**
 * The demo county's floating women (issue 16 §2): 协查 in every state on the demo's day (waiting, overdue, answered on
 * time and late), verifications, and women without a valid 婚育证明 on the check list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../seeds/demo/index.ts';
import { systemActor } from '../../../src/auth/actor.ts';
import { certificateCheckList } from '../../../src/features/floating/certificates-check/service.ts';
import { testHasher } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';

const TODAY = '2026-11-18';

describe('demo county: floating women', () => {
  const t = useTestDatabase();

  beforeAll(async () => {
    await seedDemo(t.db, testHasher, { women: 1500, env: 'test', today: TODAY });
  }, 600_000);

  it('has 协查 in each state and verifications', async () => {
    const { rows } = await t.db.raw<{ rows: { state: string; n: number }[] }>(
      `select case when answered_on is null and due_on >= ?::date then 'pending' when answered_on is null then 'overdue'
                   when answered_on <= due_on then 'on_time' else 'late' end as state, count(*)::int as n
         from floating_queries group by 1 order by 1`,
      [TODAY],
    );
    expect(rows.map((r) => r.state)).toEqual(['late', 'on_time', 'overdue', 'pending']);
    expect(rows.every((r) => r.n > 0)).toBe(true);
    expect(Number((await t.db('floating_verifications').count<{ n: number }[]>('* as n'))[0]!.n)).toBeGreaterThan(0);
    expect(Number((await t.db('floating_queries').where('answered_on', '>', TODAY).count<{ n: number }[]>('* as n'))[0]!.n)).toBe(0);
  });

  it('lists women without a valid 婚育证明 on the demo’s day', async () => {
    const county = (await t.db('regions').where({ level: 'county' }).first())!;
    const { total } = await certificateCheckList(t.db, systemActor(county).scope, { on: TODAY }, { limit: 50, offset: 0 });
    expect(total).toBeGreaterThan(0);
  });
});
