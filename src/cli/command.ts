/**
 * What every operator command is and the one way it opens the database: open (joining the running portal's
 * embedded database or starting it), migrate, run, close — the embedded database is stopped only if this
 * command started it. commands.ts and the files next to it all use these.
 */
import type { Knex } from 'knex';
import { systemActor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import { openDatabase, prepareSchema } from '../db/open.ts';
import { getCounty } from '../features/regions/service.ts';
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

/** The county's system actor that command-line writes are audited under (none before the county exists). */
export async function cliActor(db: Knex) {
  const county = await getCounty(db);
  return county ? systemActor(county) : null;
}
