/**
 * npm run cli -- import <kind> <file> [--dry-run]: read a CSV/XLSX file, list every problem with row, column
 * and value, write only a clean file (all or nothing). Each kind registers its importer here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { systemActor, type Actor } from '../auth/actor.ts';
import { problemLine, type ImportProblem, type Table } from '../features/imports/service.ts';
import { readTable, TableLimitError } from '../features/imports/service.ts';
import { IMPORT_KINDS, importKind } from '../features/imports/service.ts';
import { importTable } from '../features/imports/service.ts';
import { isAboveCounty } from '../domain/regions.ts';
import { CliError, type Args } from './args.ts';
import { cliActor, regionFlag, withDatabase, type Command } from './command.ts';

export type Importer = (
  db: Knex,
  actor: Actor,
  table: Table,
  options: { now: Date; dryRun?: boolean; fileName?: string; onProgress?: (done: number, total: number) => void },
) => Promise<{ rows: number; problems: ImportProblem[]; written: number; unchanged: number }>;

/** Every kind of the import page (src/features/imports/kinds/kinds.ts): the same functions, no second code path. */
export const IMPORTERS: Record<string, Importer> = Object.fromEntries(IMPORT_KINDS.map((k) => [k.key, k.run]));

export const importCommand: Command = {
  usage: 'import <kind> <file> [--dry-run] [--region CODE]',
  summary: `导入 CSV/XLSX（全部正确才写入）；kind: ${Object.keys(IMPORTERS).join(', ')}`,
  run: async (config, args: Args) => {
    const [kind, file] = args.positional;
    const importer = kind ? IMPORTERS[kind] : undefined;
    if (!importer) throw new CliError(`请指定导入类型：${Object.keys(IMPORTERS).join('、')}（例如 npm run cli -- import population 人口.csv）`);
    if (!file) throw new CliError('请指定要导入的文件');
    if (!fs.existsSync(file)) throw new CliError(`文件不存在：${file}`);
    let table: Table;
    try {
      table = await readTable(fs.readFileSync(file), file);
    } catch (err) {
      if (err instanceof TableLimitError) throw new CliError(`${err.message}。未写入任何数据。`);
      throw err;
    }
    const dryRun = args.flags['dry-run'] === true;
    const region = regionFlag(args);
    return withDatabase(config, async (db) => {
      // The records go into one county's (or township's) register: with several counties, --region names it. A
      // fresh database has no county yet: only a regions file (which starts with the county) can be imported.
      const actor = (await cliActor(db, { region, wholeDeployment: kind === 'regions' })) ?? (kind === 'regions' ? systemActor({ id: 0, code: '', name: '系统' }) : undefined);
      if (!actor) throw new CliError('数据库中还没有县级区划，请先建立区划（create-region 或 import regions）。');
      if (kind !== 'regions' && (isAboveCounty(actor.scope.level) || actor.scope.level === 'village')) throw new CliError(`--region 应为县或乡镇的区划代码：${kind} 导入的记录属于一个县的名册`);
      let last = Date.now();
      const onProgress = (done: number, total: number) => {
        if (Date.now() - last < 5000) return;
        last = Date.now();
        console.error(`  已处理 ${done} / ${total} 行…`);
      };
      // The same run as the import page's job: refused cells, ignored columns, then the kind's importer.
      const r = await importTable(db, actor, importKind(kind)!, table, { now: new Date(), dryRun, fileName: path.basename(file), onProgress });
      for (const n of r.notices) console.error(n);
      if (r.problems.length) {
        console.error(`发现 ${r.problems.length} 个问题，未导入任何数据：`);
        for (const p of r.problems) console.error(`  ${problemLine(p)}`);
        return 1;
      }
      if (dryRun) console.log(`检查通过：${r.rows} 行数据没有问题（试运行，未写入）。`);
      else console.log(`已导入 ${r.rows} 行：写入 ${r.written} 行，${r.unchanged} 行与现有数据相同。`);
      return 0;
    });
  },
};
