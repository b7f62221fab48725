/**
 * The import job process: one phase of one job in a process of its own (forked by service.ts through forkModule, compiled or with tsx, and a
 * heap ceiling), so reading and checking a big file neither holds up the server's requests nor grows the
 * server's memory, and a file that exhausts the ceiling ends this process, not the portal. It has its own small
 * connection pool; the job row is the only thing it shares with the server. When the server goes away (crash,
 * kill) the IPC channel closes and this process ends too: the job then reads as interrupted (service.ts).
 */
import type { Actor } from '../../../auth/actor.ts';
import { createDb } from '../../../db/knex.ts';
import { FAILED, runPhase } from './job-run.ts';
import * as q from './queries.ts';

export interface WorkerInput {
  dbUrl: string;
  actor: Actor;
  jobId: number;
  phase: 'check' | 'write';
  now: string;
}

export type WorkerReport = { ok: true } | { ok: false; error: { message: string; stack?: string } };

async function run(input: WorkerInput): Promise<WorkerReport> {
  const db = createDb(input.dbUrl, { poolMax: 3, applicationName: 'fp-portal-import' });
  try {
    await runPhase(db, input.actor, input.jobId, input.phase, new Date(input.now));
    return { ok: true };
  } catch (err) {
    await q.updateJob(db, input.jobId, { status: 'failed', file: null, error: FAILED }).catch(() => undefined);
    return { ok: false, error: err instanceof Error ? { message: err.message, stack: err.stack } : { message: String(err) } };
  } finally {
    await db.destroy();
  }
}

process.on('disconnect', () => process.exit(1));
process.once('message', (input: WorkerInput) => {
  void run(input).then((report) => process.send?.(report, () => process.exit(0)));
});
