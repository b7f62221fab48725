/**
 * Restore an app backup (format.ts) into an empty database: refuse anything else, bring the schema to the
 * backup's migrations, load every table in dependency order in one transaction (the audit log's triggers refuse
 * only UPDATE/DELETE/TRUNCATE, so its rows load as inserts), set the sequences, verify every table's row count
 * and checksum against the backup before committing, then migrate to the code's latest schema (an upgrade).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import type { Knex } from 'knex';
import { availableMigrations, migrateUpTo } from '../../../db/migrate.ts';
import { REFERENCE_TABLES } from '../../../../seeds/reference.ts';
import { appliedMigrations, EXCLUDED_TABLES, insertJsonRows, setSequence, tableHasRows, tableSummary, userTables, type TableInfo } from './queries.ts';
import { BACKUP_FORMAT, isControlLine, type BackupHeader, type BackupTrailer } from './format.ts';
import { parentsFirst } from './load-order.ts';
import { pauseFigureStore } from '../../reports/service.ts';

export class RestoreRefused extends Error {}

const BATCH_ROWS = 1000;
const BATCH_CHARS = 4_000_000;

function lines(file: string): AsyncIterable<string> {
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  return readline.createInterface({ input, crlfDelay: Infinity });
}

export async function readHeader(file: string): Promise<BackupHeader> {
  for await (const line of lines(file)) {
    const header = JSON.parse(line) as BackupHeader;
    if (header.$ !== 'header' || header.format !== BACKUP_FORMAT) throw new RestoreRefused('不是本系统的备份文件。');
    return header;
  }
  throw new RestoreRefused('备份文件是空的。');
}

/** Why this database may not receive a restore, or undefined when it may. */
export async function notEmptyReason(db: Knex, header: BackupHeader): Promise<string | undefined> {
  const tables = await userTables(db);
  if (tables.includes('knex_migrations')) {
    const applied = await appliedMigrations(db);
    const prefix = applied.every((name, i) => header.migrations[i] === name);
    if (!prefix) return `目标数据库的结构（${applied.length} 个迁移）比备份（${header.migrations.length} 个迁移）新或不同：请恢复到一个新建的空数据库。`;
  }
  for (const t of tables) {
    if (EXCLUDED_TABLES.includes(t) || REFERENCE_TABLES.includes(t)) continue;
    if (await tableHasRows(db, t)) return `目标数据库不是空的（表 ${t} 中已有数据）。恢复只能装入空数据库，以免覆盖现有数据。`;
  }
  return undefined;
}

export interface RestoreResult {
  tables: number;
  rows: number;
  ms: number;
  upgradedBy: string[];
}

export async function restoreAppBackup(db: Knex, file: string, options: { log?: (l: string) => void; migrateLatest: (db: Knex) => Promise<string[]> }): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const header = await readHeader(file);
  const known = await availableMigrations();
  const unknown = header.migrations.filter((m) => !known.includes(m));
  if (unknown.length) throw new RestoreRefused(`备份来自更新的版本（含本程序没有的迁移 ${unknown.join(', ')}）：请先升级程序。`);
  const reason = await notEmptyReason(db, header);
  if (reason) throw new RestoreRefused(reason);

  if (header.migrations.length) await migrateUpTo(db, header.migrations[header.migrations.length - 1]);
  const byName = new Map(header.tables.map((t) => [t.name, t]));
  let trailer: BackupTrailer | undefined;
  let total = 0;
  await db.transaction(async (trx) => {
    // The figure store is derived: its triggers stay quiet during the load, and it is rebuilt after (service.ts).
    await pauseFigureStore(trx);
    // Reference data seeded by an earlier start is replaced by the backup's own copy.
    for (const t of [...header.tables].reverse()) {
      if (REFERENCE_TABLES.includes(t.name)) await trx(t.name).del();
    }
    let current: TableInfo | undefined;
    let batch: string[] = [];
    let chars = 0;
    let selfRefRows: string[] | undefined;
    const flush = async () => {
      await insertJsonRows(trx, current!, batch);
      batch = [];
      chars = 0;
    };
    const closeTable = async () => {
      if (!current) return;
      if (selfRefRows) {
        const ordered = parentsFirst(
          selfRefRows.map((r) => JSON.parse(r) as Record<string, unknown>),
          current.selfRefs,
        ).map((r) => JSON.stringify(r));
        for (let i = 0; i < ordered.length; i += BATCH_ROWS) await insertJsonRows(trx, current, ordered.slice(i, i + BATCH_ROWS));
      } else await flush();
    };
    let first = true;
    for await (const line of lines(file)) {
      if (first) {
        first = false;
        continue;
      }
      if (line === '') continue;
      if (isControlLine(line)) {
        const control = JSON.parse(line) as { $: string; name?: string } & BackupTrailer;
        await closeTable();
        if (control.$ === 'end') {
          trailer = control;
          current = undefined;
          break;
        }
        current = byName.get(control.name!);
        if (!current) throw new Error(`备份文件损坏：未知的表 ${control.name}`);
        selfRefRows = current.selfRefs.length ? [] : undefined;
        log(`  ${current.name} …`);
        continue;
      }
      if (!current) throw new Error('备份文件损坏：数据行不属于任何表');
      total += 1;
      if (selfRefRows) {
        selfRefRows.push(line);
        continue;
      }
      batch.push(line);
      chars += line.length;
      if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) await flush();
    }
    if (!trailer) throw new RestoreRefused('备份文件不完整（没有结尾记录），未装入任何数据。');

    for (const s of trailer.sequences) {
      if (s.lastValue == null) continue;
      await setSequence(trx, s);
    }
    // Prove the load before committing: every table's rows and checksum as they were in the snapshot.
    for (const [name, expected] of Object.entries(trailer.tables)) {
      const actual = await tableSummary(trx, name);
      if (actual.rows !== expected.rows || actual.checksum !== expected.checksum) {
        throw new Error(`表 ${name} 恢复后核对不符：应为 ${expected.rows} 行（${expected.checksum}），实为 ${actual.rows} 行（${actual.checksum}）。已撤销。`);
      }
    }
  });
  const upgradedBy = await options.migrateLatest(db);
  return { tables: header.tables.length, rows: total, ms: Date.now() - started, upgradedBy };
}
