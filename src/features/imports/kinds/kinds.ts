/**
 * The import kinds (DESIGN §12 templates), in the order an office loads its records: cards first, then their
 * children and services; population figures any time; regions for the county admin. The command line
 * (src/cli/import-command.ts) and the import page use this one list.
 */
import { importPopulation, POPULATION_COLUMNS } from './population-import.ts';
import { CHILDREN_COLUMNS, importChildren } from './children-import.ts';
import { importRegions, REGIONS_COLUMNS } from './regions-import.ts';
import { importServices, SERVICES_COLUMNS } from './services-import.ts';
import type { ImportKind, ImportKindKey, Importer } from './types.ts';
import { importWomen, WOMEN_COLUMNS } from './women-import.ts';

/** The population importer (written with the population grid) in the common shape. */
const populationImporter: Importer = async (db, actor, table, options) => {
  const r = await importPopulation(db, actor, table, { now: options.now, dryRun: options.dryRun });
  const toCreate = r.problems.length ? 0 : options.dryRun ? r.rows - r.unchanged : r.written;
  return { rows: r.rows, problems: r.problems, toCreate, written: r.written, unchanged: r.unchanged, dryRun: !!options.dryRun };
};

export const IMPORT_KINDS: readonly ImportKind[] = [
  {
    key: 'women',
    label: '育龄妇女',
    columns: WOMEN_COLUMNS,
    permission: 'imports.write',
    hint: '每行一张信息卡；村代码为 12 位，须是本乡镇的村(社区)（也可填本乡镇的村名）。流出/流入人员请加“流入/流出地”“流动起始日期”两列。“建卡日期”（在册起始日期）可留空，留空按年满15周岁之日计。“本人是否独生子女”“配偶是否独生子女”填是、否或不详，留空为不详。',
    listHref: '/women?sort=updated&dir=desc',
    run: importWomen,
  },
  {
    key: 'children',
    label: '子女',
    columns: CHILDREN_COLUMNS,
    permission: 'imports.write',
    hint: '母亲须已有在册信息卡（先导入育龄妇女）。孩次、政策属性可留空，由系统按出生日期和当时政策确定。',
    listHref: '/women',
    run: importChildren,
  },
  {
    key: 'services',
    label: '技术服务',
    columns: SERVICES_COLUMNS,
    permission: 'imports.write',
    hint: '按服务日期先后登记，并同步更新避孕措施、孕情和随访。查环查孕可在“结果”中写“有环，未孕”。',
    listHref: '/services',
    run: importServices,
  },
  {
    key: 'population',
    label: '人口',
    columns: POPULATION_COLUMNS.map((c) => ({ ...c, aliases: [...c.aliases] })),
    permission: 'imports.write',
    hint: '每村每月一行；月份如 2026-03。已有的数据将被文件中的数字替换。',
    listHref: '/population',
    run: populationImporter,
  },
  {
    key: 'regions',
    label: '区划',
    columns: REGIONS_COLUMNS,
    permission: 'admin.regions',
    hint: '区划代码：乡镇 9 位、村(社区) 12 位，上级须已存在或在同一文件中。',
    listHref: '/admin/regions',
    run: importRegions,
  },
];

export function importKind(key: string): ImportKind | undefined {
  return IMPORT_KINDS.find((k) => k.key === key);
}

export const isKindKey = (key: string): key is ImportKindKey => IMPORT_KINDS.some((k) => k.key === key);
