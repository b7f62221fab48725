/**
 * A report page's reads: on the replica when there is one and it answers, else on the primary; the page's note
 * (lag, or the fallback) goes to the layout as `replicaNote`. A report query that fails because the replica went
 * away is run again on the primary, so the user sees the page with the fallback note, never a 500.
 */
import type { Response } from 'express';
import type { Knex } from 'knex';
import type { AppContext } from '../context.ts';
import { isUnavailableError, REPLICA_DOWN_NOTE } from '../db/replica-health.ts';

export async function withReportsDb<T>(ctx: Pick<AppContext, 'reportsDb' | 'replica'>, res: Response, read: (db: Knex) => Promise<T>): Promise<T> {
  const health = ctx.replica;
  if (!health) return read(ctx.reportsDb);
  const choice = await health.read();
  res.locals.replicaNote = choice.note;
  if (choice.source === 'primary') return read(choice.db);
  try {
    return await read(choice.db);
  } catch (err) {
    if (!isUnavailableError(err)) throw err;
    health.markDown();
    res.locals.replicaNote = REPLICA_DOWN_NOTE;
    return read(health.primary);
  }
}
