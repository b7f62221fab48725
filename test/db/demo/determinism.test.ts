/**
 * Same seed and same day → the same county, row for row; another seed → another county. Compared through a hash
 * of a canonical dump (rows in id order, every column but the timestamps the database stamps itself: those of
 * the regions and of data_findings). The generator sets created_at and updated_at of everything else — the
 * register, population figures, month close and the subsidy rows written through the services.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../seeds/demo/index.ts';
import { testHasher } from '../../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.ts';

const TABLES = [
  'regions',
  'women',
  'children',
  'pregnancies',
  'contraception_episodes',
  'services',
  'follow_ups',
  'check_rounds',
  'check_results',
  'transfers',
  'certificates',
  'population_figures',
  'report_periods',
  'data_findings',
  'subsidy_applications',
  'subsidy_decisions',
  'subsidy_payment_batches',
  'subsidy_payments',
];
const STAMPED_BY_THE_DATABASE = new Set(['regions', 'data_findings']);
const TODAY = '2026-11-23';

async function dumpHash(db: Knex): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const drop = STAMPED_BY_THE_DATABASE.has(t) ? ` - 'created_at' - 'updated_at'` : '';
    const { rows } = await db.raw<{ rows: { n: number; h: string }[] }>(`select count(*)::int as n, md5(coalesce(string_agg((to_jsonb(x)${drop})::text, E'\\n' order by x.id), '')) as h from ${t} x`);
    out[t] = `${rows[0].n}:${rows[0].h}`;
  }
  return out;
}

describe('demo county: deterministic', () => {
  const dbs: TestDatabase[] = [];
  const hashes: Record<string, string>[] = [];

  beforeAll(async () => {
    for (const seed of [11, 11, 12]) {
      const t = await createTestDatabase();
      dbs.push(t);
      await seedDemo(t.db, testHasher, { women: 300, seed, env: 'test', today: TODAY });
      hashes.push(await dumpHash(t.db));
    }
  }, 120_000);

  afterAll(async () => {
    for (const t of dbs) await t.destroy();
  });

  it('gives identical data for the same seed', () => {
    expect(Number(hashes[0].women.split(':')[0])).toBe(300);
    expect(Number(hashes[0].services.split(':')[0])).toBeGreaterThan(1000);
    expect(Number(hashes[0].report_periods.split(':')[0])).toBeGreaterThan(590);
    expect(Number(hashes[0].subsidy_applications.split(':')[0])).toBeGreaterThan(3);
    expect(hashes[1]).toEqual(hashes[0]);
  });

  it('gives different people for another seed', () => {
    for (const t of ['women', 'children', 'services', 'contraception_episodes', 'report_periods', 'subsidy_applications']) expect(hashes[2][t]).not.toBe(hashes[0][t]);
  });

  it('refuses to run in production', async () => {
    const t = await createTestDatabase();
    dbs.push(t);
    await expect(seedDemo(t.db, testHasher, { women: 10, env: 'production', today: TODAY })).rejects.toThrow(/生产环境/);
    expect((await t.db('regions').count({ n: '*' }))[0].n).toBe(0);
  });
});
