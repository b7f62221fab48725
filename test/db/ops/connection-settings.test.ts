/**
 * The settings every app connection carries (db/knex.ts): China time for business dates, and no parallel workers
 * unless the deployment asks for them (DB_PARALLEL_WORKERS), whatever the server's own defaults are.
 */
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/knex.ts';
import { openDatabase } from '../../../src/db/open.ts';
import { loadConfig } from '../../../src/config.ts';
import { useTestDatabase } from '../../helpers/db.ts';

async function settings(url: string, parallelWorkers?: number) {
  const db = createDb(url, { poolMax: 1, parallelWorkers });
  try {
    const { rows } = await db.raw<{ rows: { workers: string; zone: string }[] }>(`select current_setting('max_parallel_workers_per_gather') as workers, current_setting('TimeZone') as zone`);
    return rows[0]!;
  } finally {
    await db.destroy();
  }
}

describe('app connection settings', () => {
  const t = useTestDatabase();

  it('no parallel workers by default, China time', async () => {
    expect(await settings(t.url)).toEqual({ workers: '0', zone: 'Asia/Shanghai' });
  });

  it('a configured number of workers reaches the server', async () => {
    expect((await settings(t.url, 2)).workers).toBe('2');
  });

  it('DB_PARALLEL_WORKERS goes from the environment to the primary pool', async () => {
    const opened = await openDatabase(loadConfig({ DATABASE_URL: t.url, DB_PARALLEL_WORKERS: '3' }), { poolMax: 1 });
    try {
      const { rows } = await opened.db.raw<{ rows: { w: string }[] }>(`select current_setting('max_parallel_workers_per_gather') as w`);
      expect(rows[0]!.w).toBe('3');
    } finally {
      await opened.close();
    }
  });
});
