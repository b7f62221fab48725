/**
 * Backup and restore (DESIGN §2): `pg_dump` when a client matching the server is installed, otherwise the app's
 * own consistent export (export.ts). Restore recognises either kind of file and loads it into an empty
 * database only.
 */
import fs from 'node:fs';
import type { Knex } from 'knex';
import { PG_DUMP_MAGIC } from './format.ts';
import { writeAppBackup, type BackupResult } from './export.ts';
import { matchingPgDump, matchingPgRestore, pgDump, pgRestore } from './pg-dump.ts';
import { RestoreRefused, restoreAppBackup, type RestoreResult } from './restore.ts';
import { userTables } from './queries.ts';
import { rebuildFigureStore } from '../../reports/service.ts';

export { RestoreRefused };
export type BackupMethod = 'auto' | 'app' | 'pg_dump';

export interface BackupOptions {
  method: BackupMethod;
  appVersion: string;
  log?: (line: string) => void;
}

export async function backup(db: Knex, url: string, file: string, options: BackupOptions): Promise<BackupResult & { method: 'app' | 'pg_dump' }> {
  const usePgDump = options.method === 'pg_dump' || (options.method === 'auto' && (await matchingPgDump(db)));
  if (options.method === 'pg_dump' && !(await matchingPgDump(db))) {
    throw new RestoreRefused('没有与数据库服务器版本一致的 pg_dump：请安装对应版本的 PostgreSQL 客户端，或使用 --method app。');
  }
  if (usePgDump) {
    const started = Date.now();
    const partial = `${file}.partial`;
    await pgDump(url, partial);
    fs.renameSync(partial, file);
    return { method: 'pg_dump', file, tables: (await userTables(db)).length, rows: 0, bytes: fs.statSync(file).size, ms: Date.now() - started };
  }
  return { method: 'app', ...(await writeAppBackup(db, file, { appVersion: options.appVersion, log: options.log })) };
}

function isPgDumpArchive(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(5);
    fs.readSync(fd, buf, 0, 5, 0);
    return buf.toString('latin1') === PG_DUMP_MAGIC;
  } finally {
    fs.closeSync(fd);
  }
}

export async function restore(
  db: Knex,
  url: string,
  file: string,
  options: { log?: (line: string) => void; migrateLatest: (db: Knex) => Promise<string[]> },
): Promise<RestoreResult & { method: 'app' | 'pg_dump' }> {
  if (!fs.existsSync(file)) throw new RestoreRefused(`找不到备份文件 ${file}`);
  if (isPgDumpArchive(file)) {
    if ((await userTables(db)).length) throw new RestoreRefused('目标数据库不是空的（已有数据表）。pg_dump 备份只能恢复到新建的空数据库。');
    if (!(await matchingPgRestore(db))) throw new RestoreRefused('这是 pg_dump 备份，但没有找到版本足够新的 pg_restore。');
    const started = Date.now();
    await pgRestore(url, file);
    const upgradedBy = await options.migrateLatest(db);
    await rebuildFigureStore(db, { log: options.log });
    return { method: 'pg_dump', tables: (await userTables(db)).length, rows: 0, ms: Date.now() - started, upgradedBy };
  }
  const restored = await restoreAppBackup(db, file, options);
  // The figure store is left out of backups (derived): recomputed from the restored records.
  await rebuildFigureStore(db, { log: options.log });
  return { method: 'app', ...restored };
}
