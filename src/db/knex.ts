/**
 * The knex instance. Type parsers are set once here (DESIGN §13): DATE stays a 'YYYY-MM-DD' string (never a JS
 * Date shifted by the server's zone); bigint and numeric (count(*), sum()) come back as numbers.
 */
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

export type Db = Knex;
export type Trx = Knex.Transaction;

export interface DbOptions {
  poolMax?: number;
  /** Name shown in pg_stat_activity, handy when several processes share a server. */
  applicationName?: string;
  /** How long a query waits for a connection (ms); a replica's is short so a report falls back quickly. */
  acquireTimeoutMs?: number;
  /**
   * PostgreSQL's max_parallel_workers_per_gather for these connections; 0 by default. A report already runs its
   * sources two at a time on the pool (QUERIES_AT_ONCE), one query each, and other requests share the pool, so the
   * cores are busy; a parallel plan only adds its workers'
   * start-up (about 33 ms per gather on the 2-core bench machine, on the embedded and Debian's server alike) and
   * competes for the same cores. Measured by hand at 1,000,000 cards: a county's month 214 → 150 ms, the same
   * county alone 136 → 95 ms, the city's statistical year 5.4 → 3.0 s (`npm run bench -- --scale city`).
   * A deployment on a server with many idle cores may raise it (DB_PARALLEL_WORKERS).
   */
  parallelWorkers?: number;
}

export function createDb(url: string, options: DbOptions = {}): Knex {
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: url,
      application_name: options.applicationName ?? 'fp-portal',
      // Business dates are China dates whatever the server's zone (DESIGN §13): now(), current_date and
      // date_trunc in SQL follow this.
      options: `-c timezone=Asia/Shanghai -c max_parallel_workers_per_gather=${options.parallelWorkers ?? 0}`,
    },
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      // Fail fast when the database is down so /healthz and requests answer 503 instead of hanging.
      acquireTimeoutMillis: options.acquireTimeoutMs ?? 5000,
      createTimeoutMillis: Math.min(3000, options.acquireTimeoutMs ?? 3000),
      idleTimeoutMillis: 30000,
    },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 5000,
  });
}

/** A plain pg.Pool for connect-pg-simple (knex's pool is not a pg.Pool). */
export function createPgPool(url: string, max = 5): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 });
  // An idle client killed by a database restart emits 'error' on the pool; without a listener Node exits.
  pool.on('error', () => undefined);
  return pool;
}

/** Is the database answering? Used by /healthz. */
export async function ping(db: Knex): Promise<boolean> {
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  }
}
