/** A fresh database per test file, copied from the migrated template (fast: a file-level copy). */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createDb } from '../../src/db/knex.ts';

export interface TestDatabase {
  db: Knex;
  url: string;
  name: string;
  destroy(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // The global setup ran in the parent process: its pid names this run's databases (for cleanup).
  const runPid = inject('templateDb').replace('fp_template_', '');
  const name = `fp_t_${runPid}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name} template ${inject('templateDb')} strategy file_copy`);
  const url = withDatabase(inject('pgAdminUrl'), name);
  const db = createDb(url, { poolMax: 6 });
  return {
    db,
    url,
    name,
    async destroy() {
      await db.destroy();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** Register a per-file database: `const t = useTestDatabase(); … t.db` inside tests. */
export function useTestDatabase(): { readonly db: Knex; readonly url: string } {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  afterAll(async () => {
    await current?.destroy();
  });
  return {
    get db() {
      if (!current) throw new Error('test database not ready (use inside tests or hooks)');
      return current.db;
    },
    get url() {
      if (!current) throw new Error('test database not ready');
      return current.url;
    },
  };
}

/** Run fn inside a transaction that is always rolled back (db-tier isolation). */
export async function withRollback<T>(db: Knex, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const trx = await db.transaction();
  try {
    return await fn(trx);
  } finally {
    await trx.rollback().catch(() => undefined);
  }
}

/**
 * The planner's plan of `sql` in a rolled-back transaction with sequential and bitmap scans costed out: a test
 * database is tiny and would rightly be scanned, so a test asking "can this index answer" turns them off — after
 * `setup` (statements such as dropping the other indexes that could answer too).
 */
export async function indexPlan(db: Knex, sql: string, bindings: readonly unknown[] = [], setup: readonly string[] = []): Promise<string> {
  return withRollback(db, async (trx) => {
    for (const statement of setup) await trx.raw(statement);
    await trx.raw('set local enable_seqscan = off');
    await trx.raw('set local enable_bitmapscan = off');
    const { rows } = await trx.raw<{ rows: { 'QUERY PLAN': string }[] }>(`explain ${sql}`, bindings as Knex.RawBinding[]);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/**
 * indexPlan of the last query `call` sends through `db` (captured from knex, explained with its bindings): the plan of
 * what the code really asks, not of a copy of its SQL.
 */
export async function indexPlanOfCall(db: Knex, call: () => Promise<unknown>, setup: readonly string[] = []): Promise<string> {
  let sent: { sql: string; bindings: unknown[] } | undefined;
  const capture = (q: { sql: string; bindings: unknown[] }) => void (sent = q);
  db.on('query', capture);
  await call().finally(() => db.off('query', capture));
  if (!sent) throw new Error('the call sent no query');
  return indexPlan(db, sent.sql.replace(/\$\d+/g, '?'), sent.bindings, setup);
}
