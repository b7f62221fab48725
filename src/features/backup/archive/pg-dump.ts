/**
 * pg_dump / pg_restore when a client of the server's major version is on PATH (a pg_dump older than the server
 * refuses to dump it; the embedded server is PostgreSQL 17 while Debian 12 ships client 15). pg_dump takes its
 * own consistent snapshot and does not block the running portal.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { DERIVED_TABLES, serverMajor } from './queries.ts';

const run = promisify(execFile);

async function clientMajor(tool: 'pg_dump' | 'pg_restore'): Promise<number | undefined> {
  try {
    const { stdout } = await run(tool, ['--version']);
    const m = /(\d+)(?:\.\d+)?/.exec(stdout);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Is a pg_dump of the server's major version installed? */
export async function matchingPgDump(db: Knex): Promise<boolean> {
  return (await clientMajor('pg_dump')) === (await serverMajor(db));
}

export async function matchingPgRestore(db: Knex): Promise<boolean> {
  const client = await clientMajor('pg_restore');
  return client !== undefined && client >= (await serverMajor(db));
}

/** Custom-format dump without the sessions' rows (short-lived credentials) and the derived tables (home page, figure store). */

export async function pgDump(url: string, file: string): Promise<void> {
  await run(
    'pg_dump',
    ['--format=custom', '--no-owner', '--no-privileges', '--exclude-table-data=session', ...DERIVED_TABLES.map((t) => `--exclude-table-data=${t}`), `--file=${file}`, `--dbname=${url}`],
    {
      maxBuffer: 16 * 1024 * 1024,
    },
  );
}

/** Into an empty database, all or nothing. */
export async function pgRestore(url: string, file: string): Promise<void> {
  await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file], {
    maxBuffer: 16 * 1024 * 1024,
  });
}
