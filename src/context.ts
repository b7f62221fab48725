/** What every feature's routes receive: configuration, the database, the clock and shared services. */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { ReplicaHealth } from './db/replica-health.ts';
import type { PasswordHasher } from './features/accounts/service.ts';

export interface AppContext {
  config: Readonly<Config>;
  db: Knex;
  /** Reads for reports (a streaming replica when DATABASE_REPLICA_URL is set; else the same as db). */
  reportsDb: Knex;
  /** With a replica: which of the two a report reads now, and the note it shows (src/http/reports-db.ts). */
  replica?: ReplicaHealth;
  hasher: PasswordHasher;
  logger: Logger;
  /** The clock: business "today" and session timeouts come from here, so tests can move time. */
  now: () => Date;
}
