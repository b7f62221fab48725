/** What every operator command is, and how it opens the database (commands.ts lists them; each file adds some). */
import type { Knex } from 'knex';
import type { Config } from '../config.ts';
import { openDatabase, prepareSchema } from '../db/open.ts';
import type { Args } from './args.ts';

export interface Command {
  usage: string;
  summary: string;
  run: (config: Config, args: Args) => Promise<number>;
}

/** Open, migrate, run, close — the embedded database is stopped only if this command started it. */
export async function withDatabase<T>(config: Config, fn: (db: Knex) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, { applicationName: 'fp-portal-cli', log: (l) => console.error(l) });
  try {
    await prepareSchema(database.db);
    return await fn(database.db);
  } finally {
    await database.close({ stopEmbedded: database.embedded?.startedHere ?? false });
  }
}
