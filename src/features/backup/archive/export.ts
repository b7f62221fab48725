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
import { backupTables, ident, sequenceStates, tableSummary, type TableSummary } from './queries.ts';
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
      await trx.raw('set transaction isolation level repeatable read, read only');
      const tables = await backupTables(trx);
      const { rows: mig } = await trx.raw<{ rows: { name: string }[] }>('select name from knex_migrations order by id');
      const { rows: ver } = await trx.raw<{ rows: { v: string }[] }>("select current_setting('server_version') as v");
      const header: BackupHeader = {
        $: 'header',
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        created_at: new Date().toISOString(),
        app_version: options.appVersion,
        server_version: ver[0].v,
        migrations: mig.map((m) => m.name),
        tables,
      };
      await write(out, `${JSON.stringify(header)}\n`);
      const summaries: Record<string, TableSummary> = {};
      for (const t of tables) {
        await write(out, `${JSON.stringify({ $: 'table', name: t.name })}\n`);
        const order = t.primaryKey.length ? ` order by ${t.primaryKey.map((c) => `x.${ident(c)}`).join(', ')}` : '';
        await trx.raw(`declare backup_rows no scroll cursor for select to_json(x)::text as j from ${ident(t.name)} x${order}`);
        let n = 0;
        for (;;) {
          const { rows } = await trx.raw<{ rows: { j: string }[] }>(`fetch ${BATCH} from backup_rows`);
          if (rows.length === 0) break;
          await write(out, rows.map((r) => r.j).join('\n') + '\n');
          n += rows.length;
        }
        await trx.raw('close backup_rows');
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
