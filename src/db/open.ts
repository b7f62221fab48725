/**
 * Open the database the way the configuration says: DATABASE_URL when set (production), else the embedded
 * PostgreSQL in DATA_DIR. Then migrate and load reference data. Used by the server and the CLI alike.
 */
import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import { seedReference } from '../../seeds/reference.ts';
import { installFigureStore } from '../features/reports/store/service.ts';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from './embedded.ts';
import { createDb } from './knex.ts';
import { migrateLatest } from './migrate.ts';

export const EMBEDDED_DB_NAME = 'fp_portal';
/** A report waits at most this long for a replica connection before it reads the primary (src/http/reports-db.ts). */
export const REPLICA_ACQUIRE_TIMEOUT_MS = 1500;

export interface OpenDatabase {
  db: Knex;
  url: string;
  reportsDb: Knex;
  embedded?: EmbeddedServer;
  close(options?: { stopEmbedded?: boolean }): Promise<void>;
}

export async function openDatabase(config: Config, options: { log?: (line: string) => void; poolMax?: number; applicationName?: string } = {}): Promise<OpenDatabase> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'postgres'), log: options.log });
    await ensureDatabase(embedded.url('postgres'), EMBEDDED_DB_NAME);
    url = embedded.url(EMBEDDED_DB_NAME);
  }
  const parallelWorkers = config.dbParallelWorkers;
  const db = createDb(url, { poolMax: options.poolMax, applicationName: options.applicationName, parallelWorkers });
  const reportsDb = config.replicaUrl
    ? createDb(config.replicaUrl, { poolMax: options.poolMax, applicationName: 'fp-portal-reports', acquireTimeoutMs: REPLICA_ACQUIRE_TIMEOUT_MS, parallelWorkers })
    : db;
  return {
    db,
    url,
    reportsDb,
    embedded,
    async close({ stopEmbedded = true } = {}) {
      await db.destroy();
      if (reportsDb !== db) await reportsDb.destroy();
      if (embedded && stopEmbedded) await embedded.stop();
    },
  };
}

/** Bring the schema up to date and (re)load reference data (idempotent). */
export async function prepareSchema(db: Knex): Promise<string[]> {
  const applied = await migrateLatest(db);
  await seedReference(db);
  // The figure store's functions are rendered from the report sources (a change of them rebuilds the store).
  await installFigureStore(db);
  return applied;
}
