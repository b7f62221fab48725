/**
 * Operator commands: `backup <file> [--method auto|app|pg_dump]` and `restore <file>`. Both open the configured
 * database (DATABASE_URL or the embedded one — joining it when the portal already runs it) without migrating
 * first: a backup must not change what it saves, and a restore must see the database as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../config.ts';
import { openDatabase, prepareSchema } from '../../../db/open.ts';
import { CliError, type Args } from '../../../cli/args.ts';
import { backup, restore, RestoreRefused, type BackupMethod } from './service.ts';
import { projectRoot as root } from '../../../runtime.ts';

function appVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
}

function fileArg(args: Args, verb: string): string {
  const file = args.positional[0];
  if (!file) throw new CliError(`请给出备份文件名，例如: npm run cli -- ${verb} backups/fp-2026-11-07.fpbak`);
  return path.resolve(file);
}

async function withOpen<T>(config: Config, fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, { applicationName: 'fp-portal-backup', poolMax: 2, log: (l) => console.error(l) });
  try {
    return await fn(database);
  } catch (err) {
    if (err instanceof RestoreRefused) throw new CliError(err.message);
    throw err;
  } finally {
    await database.close({ stopEmbedded: database.embedded?.startedHere ?? false });
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

export const backupCommands = {
  backup: {
    usage: 'backup <file> [--method auto|app|pg_dump]',
    summary: '在门户运行时备份数据库（一致性快照）',
    run: async (config: Config, args: Args) => {
      const file = fileArg(args, 'backup');
      const method = (typeof args.flags.method === 'string' ? args.flags.method : 'auto') as BackupMethod;
      if (!['auto', 'app', 'pg_dump'].includes(method)) throw new CliError('--method 应为 auto、app 或 pg_dump');
      if (fs.existsSync(file)) throw new CliError(`文件 ${file} 已存在，不会覆盖。请换一个文件名。`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await withOpen(config, async ({ db, url }) => {
        const r = await backup(db, url, file, { method, appVersion: appVersion(), log: (l) => console.error(l) });
        const how = r.method === 'pg_dump' ? 'pg_dump 自定义格式' : `应用导出（${r.tables} 张表，${r.rows} 行，同一快照）`;
        console.log(`已备份到 ${r.file}：${how}，${mb(r.bytes)} MB，用时 ${(r.ms / 1000).toFixed(1)} 秒`);
      });
      return 0;
    },
  },
  restore: {
    usage: 'restore <file>',
    summary: '把备份恢复到空数据库（非空数据库会被拒绝）',
    run: async (config: Config, args: Args) => {
      const file = fileArg(args, 'restore');
      await withOpen(config, async ({ db, url }) => {
        const r = await restore(db, url, file, { log: (l) => console.error(l), migrateLatest: prepareSchema });
        const rows = r.method === 'app' ? `${r.tables} 张表，${r.rows} 行，行数和校验和已核对` : 'pg_restore';
        const upgraded = r.upgradedBy.length ? `；随后执行了 ${r.upgradedBy.length} 个新的迁移` : '';
        console.log(`已从 ${file} 恢复：${rows}，用时 ${(r.ms / 1000).toFixed(1)} 秒${upgraded}`);
      });
      return 0;
    },
  },
};
