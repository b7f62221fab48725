/**
 * The city-scale benchmark's databases (issue 19 §5), in one embedded PostgreSQL folder kept between runs:
 *   - fp_bench: the demo county 990100 generated at 100,000 cards (the normal bench's database, bench-db.ts) —
 *     "the same county alone";
 *   - fp_city: a copy of fp_bench (CREATE DATABASE … TEMPLATE) with 9 more counties 990101 … 990109 under the
 *     city prefix 9901, each a copy of the demo county made in SQL: every table that holds region, woman or
 *     user ids (found from the foreign keys) is copied 9 times in one INSERT … SELECT … CROSS JOIN
 *     generate_series(1, 9), ids shifted by k × a power of ten above the table's largest id, codes and ID numbers
 *     that start with 990100 moved to the copy's county code (ID check character recomputed), usernames and
 *     certificate numbers made unique — every unique index holds.
 * Until the city/province levels land, the 10 counties are roots (parent null, level county); the city roll-up
 * is every village under the 4-digit prefix. With the levels in place, a city root is the one statement in
 * CITY_ROOT_SQL (left empty until migration 20261209000000 allows level 'city').
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { createDb } from '../../src/db/knex.ts';
import { prepareSchema } from '../../src/db/open.ts';
import { openBenchDb, type BenchDb } from './bench-db.ts';

export const BASE_COUNTY = '990100';
export const CITY_PREFIX = '9901';
export const COPIES = 9;
export const CITY_COUNTIES = [BASE_COUNTY, ...Array.from({ length: COPIES }, (_, i) => `${CITY_PREFIX}${String(i + 1).padStart(2, '0')}`)];
const COUNTY_NAMES = ['东城县', '西城县', '南山县', '北川县', '临江县', '青石县', '白水县', '长宁县', '永安县'];
/** The counties under a city root (the city level of migration 20261209000000): the city roll-up is its report. */
const CITY_ROOT_SQL: string[] = [
  `insert into regions (code, name, level) values ('${CITY_PREFIX}', '示例市', 'city')`,
  `update regions set parent_id = (select id from regions where code = '${CITY_PREFIX}') where level = 'county'`,
];
/**
 * Tables never copied: sessions and rate limits belong to the deployment, not to a county; so do the kept home
 * pages and the figure store's bookkeeping (its pending work, check runs, installed functions).
 */
const NOT_COPIED = new Set([
  'session',
  'login_failures',
  'rate_limit_hits',
  'knex_migrations',
  'knex_migrations_lock',
  'home_panel_cache',
  'home_data_version',
  'home_dirty',
  'figure_touched',
  'figure_check_runs',
  'figure_store_meta',
]);
/**
 * The figure store is copied with the records (each copy's store is the county's with its ids moved, exactly what a
 * rebuild would write; the whole-database check of the run proves it): its per-woman tables have no foreign keys.
 */
const ALSO_OWNED = ['figure_contributions', 'figure_stock_contributions'];
/** Integer columns that point at a table without a foreign key. */
const LOOSE_REFS: Record<string, string> = {
  'reported_events.result_id': 'check_results',
  'figure_contributions.woman_id': 'women',
  'figure_contributions.village_id': 'regions',
  'figure_stock_contributions.woman_id': 'women',
  'figure_stock_contributions.village_id': 'regions',
};

export interface BuildFigures {
  generate_s: number | null;
  template_s: number;
  copy_s: number;
  copy_per_county_s: number;
  analyze_s: number;
  tables: number;
  rows_copied: number;
}

export interface CityDb {
  county: BenchDb;
  cityUrl: string;
  city: Knex;
  today: string;
  build: BuildFigures | null;
  close(): Promise<void>;
}

interface Fk {
  child: string;
  col: string;
  parent: string;
}

async function foreignKeys(db: Knex): Promise<Fk[]> {
  const { rows } = await db.raw<{ rows: Fk[] }>(`
    select c.conrelid::regclass::text as child, a.attname as col, c.confrelid::regclass::text as parent
      from pg_constraint c cross join lateral unnest(c.conkey, c.confkey) k(ck, pk)
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.ck
     where c.contype = 'f' and c.connamespace = 'public'::regnamespace`);
  return rows;
}

/** Tables whose rows belong to a county: regions and every table reaching it by foreign keys (not via users). */
function ownedTables(fks: Fk[]): Set<string> {
  const owned = new Set(['regions', ...ALSO_OWNED]);
  for (let grew = true; grew;) {
    grew = false;
    for (const fk of fks)
      if (fk.parent !== 'users' && owned.has(fk.parent) && !owned.has(fk.child) && !NOT_COPIED.has(fk.child)) {
        owned.add(fk.child);
        grew = true;
      }
  }
  return owned;
}

async function columnsOf(db: Knex, table: string) {
  const { rows } = await db.raw<{ rows: { name: string; type: string }[] }>(
    `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute where attrelid = ?::regclass and attnum > 0 and not attisdropped order by attnum`,
    [table],
  );
  return rows;
}

/** k × offset keeps every copy's ids apart: the smallest power of ten above the table's largest id. */
async function offsets(db: Knex, tables: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of tables) {
    const cols = await columnsOf(db, t);
    if (!cols.some((c) => c.name === 'id')) continue;
    const { rows } = await db.raw<{ rows: { m: number | null }[] }>(`select max(id)::bigint as m from ??`, [t]);
    out.set(t, 10 ** Math.ceil(Math.log10((rows[0].m ?? 0) + 2)));
  }
  return out;
}

const ID_CHECK_FN = `
  create function pg_temp.id_check(s text) returns text language sql immutable as $$
    select substr('10X98765432', (sum(substr(s, i, 1)::int * (array[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[i]) % 11)::int + 1, 1)
      from generate_series(1, 17) i $$`;

/** The SELECT expression of one column in copy k. */
function expression(table: string, col: { name: string; type: string }, fkParent: string | undefined, offset: Map<string, number>): string {
  const c = `t.${JSON.stringify(col.name)}`;
  const code = `('${CITY_PREFIX}' || lpad(k::text, 2, '0'))`;
  if (col.name === 'id' && offset.has(table)) return `${c} + k * ${offset.get(table)}`;
  const parent = fkParent ?? LOOSE_REFS[`${table}.${col.name}`];
  if (parent && offset.has(parent)) return `${c} + k * ${offset.get(parent)}`;
  if (col.type !== 'text' && !col.type.startsWith('character')) return c;
  if (table === 'users' && col.name === 'username') return `'c' || k || '_' || left(${c}, 28)`;
  const moved = `${code} || substr(${c}, 7)`;
  const first17 = `${code} || substr(${c}, 7, 11)`;
  if (/id_number/.test(col.name)) return `case when ${c} ~ '^${BASE_COUNTY}[0-9]{11}[0-9X]$' then ${first17} || pg_temp.id_check(${first17}) else ${c} end`;
  if (col.name === 'number' || col.name === 'ref') return `case when ${c} like '${BASE_COUNTY}%' then ${moved} else ${c} || '-' || k end`;
  return `case when ${c} like '${BASE_COUNTY}%' then ${moved} else ${c} end`;
}

/** Copy the county 9 times inside one transaction; returns tables and rows written. */
export async function copyCounties(db: Knex, log: (line: string) => void): Promise<{ tables: number; rows: number }> {
  const fks = await foreignKeys(db);
  const owned = [...ownedTables(fks)].sort();
  const offset = await offsets(db, owned);
  let rows = 0;
  await db.transaction(async (trx) => {
    await trx.raw(`set local session_replication_role = replica`);
    await trx.raw(ID_CHECK_FN);
    for (const table of owned) {
      const cols = await columnsOf(trx, table);
      const exprs = cols.map((col) => expression(table, col, fks.find((f) => f.child === table && f.col === col.name)?.parent, offset));
      // A row that points at no county row (a county-wide target, a system audit row) is not copied: its copies
      // would be the same row (and break unique indexes with NULLS NOT DISTINCT).
      const refs = fks.filter((f) => f.child === table && owned.includes(f.parent) && f.parent !== 'users' && table !== 'regions').map((f) => `t.${JSON.stringify(f.col)} is not null`);
      const where = refs.length ? ` where ${refs.join(' or ')}` : '';
      const t0 = performance.now();
      const res = await trx.raw<{ rowCount: number }>(
        `insert into ${JSON.stringify(table)} (${cols.map((c) => JSON.stringify(c.name)).join(', ')}) select ${exprs.join(', ')} from ${JSON.stringify(table)} t cross join generate_series(1, ${COPIES}) k${where}`,
      );
      rows += res.rowCount;
      log(`  ${table.padEnd(32)} ${String(res.rowCount).padStart(9)} 行  ${((performance.now() - t0) / 1000).toFixed(1)} 秒`);
    }
    for (const [i, name] of COUNTY_NAMES.entries())
      await trx('regions')
        .where({ code: CITY_COUNTIES[i + 1] })
        .update({ name });
    for (const table of offset.keys()) await trx.raw(`select setval(pg_get_serial_sequence(?, 'id'), (select max(id) from ??))`, [table, table]);
    for (const sql of CITY_ROOT_SQL) await trx.raw(sql);
  });
  return { tables: owned.length, rows };
}

/**
 * Open (or build, the first time) both databases in `dir`. The build: the demo generator for the one county,
 * then the template copy and the SQL copy of 9 more counties; its figures are kept in city-build.json.
 */
export async function openCityDb(options: { dataDir: string; sharedBuffers?: string; log: (line: string) => void }): Promise<CityDb> {
  const log = options.log;
  const t0 = performance.now();
  let generated = false;
  const county = await openBenchDb({
    women: 100_000,
    dataDir: options.dataDir,
    sharedBuffers: options.sharedBuffers,
    log: (l) => {
      if (l.startsWith('生成')) generated = true;
      log(l);
    },
  });
  const generateS = generated ? (performance.now() - t0) / 1000 : null;
  const buildFile = path.join(county.dir, 'city-build.json');
  const admin = createDb(county.server.url('postgres'), { poolMax: 1, applicationName: 'fp-bench-city' });
  const exists = (await admin.raw<{ rows: unknown[] }>(`select 1 from pg_database where datname = 'fp_city'`)).rows.length > 0;
  let countyDb = county.db;
  if (!exists) {
    log(`建立城市规模数据库：示例县复制为 ${CITY_COUNTIES.length} 个县（${CITY_COUNTIES.join('、')}）…`);
    // The template must have no other connection while it is copied.
    await county.db.destroy();
    let t = performance.now();
    await admin.raw(`drop database if exists fp_city_building`);
    await admin.raw(`create database fp_city_building template fp_bench`);
    const templateS = (performance.now() - t) / 1000;
    countyDb = createDb(county.url, { poolMax: 10, applicationName: 'fp-bench' });
    const building = createDb(county.server.url('fp_city_building'), { poolMax: 2, applicationName: 'fp-bench-city' });
    try {
      t = performance.now();
      const copied = await copyCounties(building, log);
      const copyS = (performance.now() - t) / 1000;
      t = performance.now();
      await building.raw('vacuum analyze');
      const analyzeS = (performance.now() - t) / 1000;
      const build: BuildFigures = {
        generate_s: generateS,
        template_s: templateS,
        copy_s: copyS,
        copy_per_county_s: copyS / COPIES,
        analyze_s: analyzeS,
        tables: copied.tables,
        rows_copied: copied.rows,
      };
      fs.writeFileSync(buildFile, `${JSON.stringify(build, null, 2)}\n`);
    } finally {
      await building.destroy();
    }
    // Renamed only when complete: an interrupted build is started again next time.
    await admin.raw(`alter database fp_city_building rename to fp_city`);
  } else log(`复用已有的城市规模数据库：${county.dir}（fp_city）`);
  await admin.destroy();
  const cityUrl = county.server.url('fp_city');
  const city = createDb(cityUrl, { poolMax: 10, applicationName: 'fp-bench-city' });
  // Migrations since the build, and the figure store's functions (rebuilt for the city when the sources changed).
  await prepareSchema(city);
  const build = fs.existsSync(buildFile) ? (JSON.parse(fs.readFileSync(buildFile, 'utf8')) as BuildFigures) : null;
  return {
    county: { ...county, db: countyDb },
    cityUrl,
    city,
    today: county.today,
    build,
    async close() {
      await city.destroy();
      if (countyDb !== county.db) await countyDb.destroy();
      await county.close();
    },
  };
}
