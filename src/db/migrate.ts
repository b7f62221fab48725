/**
 * Migrations live in /migrations as timestamped TypeScript files. We give knex our own migration source so the
 * files are loaded through our import() — the .ts files under tsx and vitest, their compiled .js in
 * dist/migrations when the build output runs (npm start, the CLI). A migration is named by its .ts file either
 * way (knex_migrations and backups record that name).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Knex } from 'knex';
import { codeRoot, compiled } from '../runtime.ts';

export const migrationsDir = path.join(codeRoot, 'migrations');
const ext = compiled ? '.js' : '.ts';

interface MigrationModule {
  up: (knex: Knex) => Promise<void>;
  down?: (knex: Knex) => Promise<void>;
  config?: { transaction?: boolean };
}

class FolderMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(migrationsDir)
      .filter((f) => /^\d{14}_[a-z0-9_]+\.(ts|js)$/.test(f) && f.endsWith(ext))
      .map((f) => f.replace(/\.js$/, '.ts'))
      .sort();
  }
  getMigrationName(name: string): string {
    return name;
  }
  async getMigration(name: string): Promise<Knex.Migration> {
    const mod = (await import(pathToFileURL(path.join(migrationsDir, name.replace(/\.ts$/, ext))).href)) as MigrationModule;
    return {
      up: mod.up,
      down:
        mod.down ??
        (async () => {
          throw new Error(`${name} cannot be rolled back`);
        }),
      config: mod.config,
    } as Knex.Migration;
  }
}

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource: new FolderMigrationSource() })) as [number, string[]];
  return applied;
}

/** Every migration the code has, in order (backups record which of them their database had). */
export async function availableMigrations(): Promise<string[]> {
  return new FolderMigrationSource().getMigrations();
}

/** Apply migrations one at a time up to and including `last` — a restore loads data into the schema it came from. */
export async function migrateUpTo(db: Knex, last: string): Promise<void> {
  const source = new FolderMigrationSource();
  const applied = async () => ((await db.schema.hasTable('knex_migrations')) ? ((await db('knex_migrations').pluck('name')) as string[]) : []);
  while (!(await applied()).includes(last)) {
    const [, names] = (await db.migrate.up({ migrationSource: source })) as [number, string[]];
    if (names.length === 0) throw new Error(`migration ${last} not found`);
  }
}
