/**
 * A consistent backup made by the app: one REPEATABLE READ READ ONLY transaction (one snapshot: the portal
 * keeps running and writing meanwhile), every table read through a cursor in batches, written as gzip'd JSON
 * lines (format.ts) to `<file>.partial` and renamed only when complete, with row counts and checksums taken
 * in the same snapshot so a restore can prove it loaded exactly what was saved.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import zlib from 'node:zlib';
import type { Knex } from 'knex';
import { appliedMigrations, backupTables, beginSnapshot, sequenceStates, serverVersion, tableRowsAsJson, tableSummary, type TableSummary } from './queries.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, type BackupTrailer } from './format.ts';

const BATCH = 2000;

export interface BackupResult {
  file: string;
  tables: number;
  rows: number;
  bytes: number;
  ms: number;
}

async function write(out: zlib.Gzip, text: string) {
  if (!out.write(text)) await once(out, 'drain');
}

export async function writeAppBackup(db: Knex, file: string, options: { appVersion: string; log?: (l: string) => void }): Promise<BackupResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const partial = `${file}.partial`;
  const out = zlib.createGzip({ level: 6 });
  const sink = fs.createWriteStream(partial, { mode: 0o600 });
  out.pipe(sink);
  const finished = once(sink, 'close');
  let total = 0;
  let tableCount = 0;
  try {
    await db.transaction(async (trx) => {
      await beginSnapshot(trx);
      const tables = await backupTables(trx);
      const header: BackupHeader = {
        $: 'header',
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        created_at: new Date().toISOString(),
        app_version: options.appVersion,
        server_version: await serverVersion(trx),
        migrations: await appliedMigrations(trx),
        tables,
      };
      await write(out, `${JSON.stringify(header)}\n`);
      const summaries: Record<string, TableSummary> = {};
      for (const t of tables) {
        await write(out, `${JSON.stringify({ $: 'table', name: t.name })}\n`);
        let n = 0;
        for await (const rows of tableRowsAsJson(trx, t, BATCH)) {
          await write(out, rows.join('\n') + '\n');
          n += rows.length;
        }
        summaries[t.name] = await tableSummary(trx, t.name);
        if (summaries[t.name].rows !== n) throw new Error(`表 ${t.name} 导出 ${n} 行，与快照中的 ${summaries[t.name].rows} 行不符`);
        total += n;
        tableCount += 1;
        log(`  ${t.name}: ${n} 行`);
      }
      const trailer: BackupTrailer = {
        $: 'end',
        tables: summaries,
        sequences: await sequenceStates(
          trx,
          tables.map((t) => t.name),
        ),
      };
      await write(out, `${JSON.stringify(trailer)}\n`);
    });
    out.end();
    await finished;
    fs.renameSync(partial, file);
  } catch (err) {
    out.destroy();
    sink.destroy();
    fs.rmSync(partial, { force: true });
    throw err;
  }
  return { file, tables: tableCount, rows: total, bytes: fs.statSync(file).size, ms: Date.now() - started };
}
