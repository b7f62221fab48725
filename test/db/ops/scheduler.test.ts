/**
 * Nightly jobs run once per day in the deployment: two schedulers (two app contexts, each with its own pool, on one
 * database) tick at the same moment → each job's work happens once and one job_runs row per job; the other instance
 * finds it running or done. A failed job is tried again at the next tick (by either instance) up to MAX_ATTEMPTS
 * times a day, and again the next day.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/knex.ts';
import { nightlyJobs } from '../../../src/jobs/index.ts';
import { jobTicker, MAX_ATTEMPTS, type NightlyJob } from '../../../src/jobs/scheduler.ts';
import { buildTestApp, type TestApp } from '../../helpers/app.ts';
import { TEST_TODAY } from '../../helpers/clock.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld } from '../../helpers/fixtures.ts';

describe('nightly jobs run once across instances', () => {
  const t = useTestDatabase();
  let dbA: Knex;
  let dbB: Knex;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    await seedWorld(t.db);
    dbA = createDb(t.url, { poolMax: 4, applicationName: 'instance-a' });
    dbB = createDb(t.url, { poolMax: 4, applicationName: 'instance-b' });
    a = buildTestApp(dbA, t.url, { config: { INSTANCE_NAME: 'A' } });
    b = buildTestApp(dbB, t.url, { config: { INSTANCE_NAME: 'B' } });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dbA.destroy();
    await dbB.destroy();
  });

  /** A job whose work is a row per run in a table of its own, slow enough for the two ticks to overlap. */
  async function countingJob(name: string, fail: () => boolean = () => false): Promise<NightlyJob> {
    await t.db.raw(`create table if not exists job_effects (job text not null, day date not null, by_instance text not null)`);
    return {
      name,
      run: async (ctx, today) => {
        await new Promise((r) => setTimeout(r, 150));
        if (fail()) throw new Error('上游数据暂不可用');
        await ctx.db('job_effects').insert({ job: name, day: today, by_instance: ctx.config.instanceName });
        return 'one row written';
      },
    };
  }
  const effects = async (job: string) => t.db('job_effects').where({ job }).orderBy('day').select('day', 'by_instance');
  const runs = async (name: string) => t.db('job_runs').where({ name }).orderBy('day').select('day', 'status', 'attempts', 'instance', 'summary');

  it('two schedulers ticking at the same moment: each job runs once, one job_runs row each', async () => {
    const jobs = [await countingJob('test.count-1'), await countingJob('test.count-2'), ...nightlyJobs];
    const tickA = jobTicker(a.ctx, jobs);
    const tickB = jobTicker(b.ctx, jobs);
    const [outA, outB] = await Promise.all([tickA(), tickB()]);
    for (const job of jobs) {
      const both = [outA[job.name], outB[job.name]].sort();
      // One ran it; the other found it running (lock taken) or already done.
      expect(
        both.filter((o) => o === 'done'),
        `${job.name}: ${both.join(', ')}`,
      ).toHaveLength(1);
      expect(['already-done', 'running']).toContain(both.find((o) => o !== 'done'));
    }
    const rows = await t.db('job_runs').where({ day: TEST_TODAY }).select('name', 'status', 'attempts', 'instance');
    expect(rows.map((r) => r.name).sort()).toEqual(jobs.map((j) => j.name).sort());
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1 && ['A', 'B'].includes(r.instance))).toBe(true);
    expect(await effects('test.count-1')).toHaveLength(1);
    expect(await effects('test.count-2')).toHaveLength(1);

    // Later the same day: neither runs anything again (the one that found a job running now finds it done).
    const [againA, againB] = await Promise.all([tickA(), tickB()]);
    expect([...Object.values(againA), ...Object.values(againB)].every((o) => o === 'already-done')).toBe(true);
    expect(await effects('test.count-1')).toHaveLength(1);
    // A third tick of an instance asks nothing: it knows today is settled.
    expect(await tickA()).toEqual({});

    // The next China day, the job runs once more.
    a.clock.advance(24 * 3600_000);
    b.clock.advance(24 * 3600_000);
    await Promise.all([tickA(), tickB()]);
    expect(await effects('test.count-1')).toHaveLength(2);
    expect((await runs('test.count-1')).map((r) => r.status)).toEqual(['done', 'done']);
  });

  it(`a failed job is tried again at the next tick, by either instance, up to ${MAX_ATTEMPTS} times a day`, async () => {
    let failuresLeft = 1;
    const flaky = await countingJob('test.flaky', () => failuresLeft-- > 0);
    const tickA = jobTicker(a.ctx, [flaky]);
    const tickB = jobTicker(b.ctx, [flaky]);
    expect(await tickA()).toEqual({ 'test.flaky': 'failed' });
    const failed = await runs('test.flaky');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ status: 'failed', attempts: 1, instance: 'A', summary: '上游数据暂不可用' });
    expect(await effects('test.flaky')).toHaveLength(0);
    // The next tick, here on the other instance, tries again and succeeds.
    expect(await tickB()).toEqual({ 'test.flaky': 'done' });
    expect(await runs('test.flaky')).toEqual([expect.objectContaining({ status: 'done', attempts: 2, instance: 'B', summary: 'one row written' })]);
    expect(await effects('test.flaky')).toHaveLength(1);
    expect(await tickA()).toEqual({ 'test.flaky': 'already-done' });

    const broken = await countingJob('test.broken', () => true);
    const tickBroken = jobTicker(a.ctx, [broken]);
    for (let i = 0; i < MAX_ATTEMPTS; i++) expect(await tickBroken()).toEqual({ 'test.broken': 'failed' });
    expect(await jobTicker(b.ctx, [broken])()).toEqual({ 'test.broken': 'gave-up' });
    expect(await tickBroken()).toEqual({ 'test.broken': 'gave-up' });
    expect(await tickBroken()).toEqual({});
    expect(await runs('test.broken')).toEqual([expect.objectContaining({ status: 'failed', attempts: MAX_ATTEMPTS })]);
  });
});
