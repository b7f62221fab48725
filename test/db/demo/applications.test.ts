/**
 * The demo county's certificate applications (issue 17 §1.7): every state of the workflow in each of three
 * townships, the issued ones numbered from their township's sequence with a certificate on the card, the overdue
 * one past its deadline on the demo's today.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../seeds/demo/index.ts';
import { testHasher } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';

const TODAY = '2026-11-23';

describe('demo county: certificate applications', () => {
  const t = useTestDatabase();

  beforeAll(async () => {
    await seedDemo(t.db, testHasher, { women: 400, seed: 7, env: 'test', today: TODAY });
  }, 180_000);

  it('has every state in each of three townships', async () => {
    const rows = await t
      .db('certificate_applications as a')
      .join('regions as v', 'v.id', 'a.region_id')
      .groupBy('v.parent_id', 'a.status')
      .select('v.parent_id as township', 'a.status')
      .count<{ township: number; status: string; n: number }[]>({ n: '*' });
    const townships = new Set(rows.map((r) => r.township));
    expect(townships.size).toBe(3);
    for (const tw of townships) {
      const states = Object.fromEntries(rows.filter((r) => r.township === tw).map((r) => [r.status, r.n]));
      expect(states, `township ${tw}`).toEqual({ draft: 1, submitted: 2, returned: 1, approved: 1, handed_over: 1, refused: 1, revoked: 1 });
    }
  });

  it('numbers the issued ones per township, each with its certificate on the card, printed; one overdue per township', async () => {
    const issued = await t
      .db('certificate_applications as a')
      .join('certificates as c', 'c.id', 'a.certificate_id')
      .whereNotNull('a.number')
      .select<{ number: string; cert: string; printed_at: Date | null; status: string; revoked_on: string | null }[]>('a.number', 'c.number as cert', 'a.printed_at', 'a.status', 'c.revoked_on');
    expect(issued.length).toBe(9);
    for (const r of issued) {
      expect(r.number).toBe(r.cert);
      expect(r.number).toMatch(/^\d{9}-2026-(LD|JK|ZS)-0000[12]$/);
      expect(r.printed_at).not.toBeNull();
      expect(r.revoked_on != null).toBe(r.status === 'revoked');
    }
    const overdue = await t.db('certificate_applications').where({ status: 'submitted' }).where('due_on', '<', TODAY).count<{ n: number }[]>({ n: '*' });
    expect(overdue).toEqual([{ n: 3 }]);
  });
});
