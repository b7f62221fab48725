/**
 * Migrations live in /migrations as timestamped TypeScript files. We give knex our own migration source so the
 * files are loaded through our import() — which works the same under tsx (npm start, the CLI) and vitest.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const migrationsDir = path.join(root, 'migrations');

interface MigrationModule {
  up: (knex: Knex) => Promise<void>;
  down?: (knex: Knex) => Promise<void>;
  config?: { transaction?: boolean };
}

class FolderMigrationSource implements Knex.MigrationSource<string> {
  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(migrationsDir)
      .filter((f) => /^\d{14}_[a-z0-9_]+\.ts$/.test(f))
      .sort();
  }
  getMigrationName(name: string): string {
    return name;
  }
  async getMigration(name: string): Promise<Knex.Migration> {
    const mod = (await import(pathToFileURL(path.join(migrationsDir, name)).href)) as MigrationModule;
    return {
      up: mod.up,
      down: mod.down ?? (async () => {
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
