/** The API call log keeps 90 days: the nightly job removes older calls and nothing newer. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/context.ts';
import { apiJobs, RETENTION_DAYS } from '../../../src/features/api/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld } from '../../helpers/fixtures.ts';
import { TEST_NOW } from '../../helpers/clock.ts';

describe('the API call log’s nightly prune', () => {
  const t = useTestDatabase();
  let clientId: number;

  beforeAll(async () => {
    const w = await seedWorld(t.db);
    const [c] = await t
      .db('api_clients')
      .insert({ name: '市级平台', purpose: '取数', region_id: w.county.id, access: 'read', token_prefix: 'abcdefgh', token_hash: 'a'.repeat(64) })
      .returning('id');
    clientId = (c as { id: number }).id;
  });

  it('removes the calls older than the retention, keeps the rest', async () => {
    const day = 86_400_000;
    const at = (daysAgo: number) => new Date(TEST_NOW.getTime() - daysAgo * day);
    await t
      .db('api_calls')
      .insert([RETENTION_DAYS + 1, RETENTION_DAYS + 30, RETENTION_DAYS - 1, 0].map((d) => ({ client_id: clientId, at: at(d), method: 'GET', path: '/api/v1/figures', status: 200 })));
    const job = apiJobs.find((j) => j.name === 'api.prune-call-log')!;
    const summary = await job.run({ db: t.db, now: () => TEST_NOW } as unknown as AppContext, '');
    expect(summary).toBe(`2 calls older than ${RETENTION_DAYS} days removed`);
    const left = await t.db('api_calls').where({ client_id: clientId }).orderBy('at').pluck('at');
    expect(left.map((d: Date) => Math.round((TEST_NOW.getTime() - d.getTime()) / day))).toEqual([RETENTION_DAYS - 1, 0]);
  });
});
