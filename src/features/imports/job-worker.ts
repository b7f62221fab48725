/**
 * The import worker thread: one phase of one job, off the server's event loop, so reading and checking a big
 * file never holds up other requests (and a file that exhausts the thread's heap ends the thread, not the
 * server). It has its own small connection pool; the job row is the only thing it shares with the server.
 * Started by service.ts through worker-boot.mjs (which lets the thread load TypeScript).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Actor } from '../../auth/actor.ts';
import { createDb } from '../../db/knex.ts';
import { FAILED, runPhase } from './job-run.ts';
import * as q from './queries.ts';

export interface WorkerInput {
  entry: string;
  dbUrl: string;
  actor: Actor;
  jobId: number;
  phase: 'check' | 'write';
  now: string;
}

const input = workerData as WorkerInput;
const db = createDb(input.dbUrl, { poolMax: 3, applicationName: 'fp-portal-import' });
try {
  await runPhase(db, input.actor, input.jobId, input.phase, new Date(input.now));
  parentPort?.postMessage({ ok: true });
} catch (err) {
  const e = err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) };
  parentPort?.postMessage({ ok: false, error: e });
  await q.updateJob(db, input.jobId, { status: 'failed', file: null, error: FAILED }).catch(() => undefined);
} finally {
  await db.destroy();
}
