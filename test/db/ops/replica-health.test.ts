/**
 * ReplicaHealth without a replica server (test/ops/replica.test.ts has the real one): a server that is not in
 * recovery is 0 seconds behind (no note); an address nobody answers on makes reports read the primary with the
 * fallback note, and it is not asked again before the cool-down is over.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../src/db/embedded.ts';
import { createDb } from '../../../src/db/knex.ts';
import { isUnavailableError, REPLICA_DOWN_NOTE, ReplicaHealth } from '../../../src/db/replica-health.ts';
import { TestClock } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';

describe('replica health: which database a report reads and its note', () => {
  const t = useTestDatabase();
  let other: Knex;

  beforeAll(() => {
    other = createDb(t.url, { poolMax: 2, applicationName: 'fp-portal-reports' });
  });
  afterAll(() => other.destroy());

  it('a server that is not behind: the replica is read, no note', async () => {
    const clock = new TestClock();
    const health = new ReplicaHealth(t.db, other, t.url, { now: clock.now, checkEveryMs: 5000 });
    const first = await health.read();
    expect(first.source).toBe('replica');
    expect(first.db).toBe(other);
    expect(first.note).toBeUndefined();
  });

  it('nobody answering: the primary with the fallback note, the replica left alone during the cool-down, then tried again', async () => {
    const clock = new TestClock();
    const port = await freePort();
    const dead = `postgres://postgres:x@127.0.0.1:${port}/nothing`;
    const unreachable = createDb(dead, { poolMax: 1, acquireTimeoutMs: 500 });
    try {
      const health = new ReplicaHealth(t.db, unreachable, dead, { now: clock.now, checkEveryMs: 5000, coolDownMs: 30_000, connectTimeoutMs: 500 });
      const down = await health.read();
      expect(down).toMatchObject({ source: 'primary', note: REPLICA_DOWN_NOTE });
      expect(down.db).toBe(t.db);
      // The replica's own pool fails fast with an error the fallback recognises.
      const err = await unreachable.raw('select 1').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isUnavailableError(err)).toBe(true);
      expect(isUnavailableError(new Error('column "x" does not exist'))).toBe(false);

      // Swap the replica for one that answers: within the cool-down the primary is still read …
      const healthy = new ReplicaHealth(t.db, other, t.url, { now: clock.now, checkEveryMs: 5000, coolDownMs: 30_000 });
      healthy.markDown();
      clock.advance(29_000);
      expect(await healthy.read()).toMatchObject({ source: 'primary', note: REPLICA_DOWN_NOTE });
      // … and after it, the replica again.
      clock.advance(2_000);
      const back = await healthy.read();
      expect(back.source).toBe('replica');
      expect(back.note).toBeUndefined();
    } finally {
      await unreachable.destroy();
    }
  });
});
