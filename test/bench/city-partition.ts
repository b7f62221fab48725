/**
 * The partitioning measurement (issue 19 §3, last bullet), on the city-scale database: the biggest tables, and
 * the queries that matter with and without declarative partitioning by county code. The partitioned copies live
 * in a schema `part` of the same database (the register's largest tables, LIST-partitioned on a county_code
 * column, one partition per county and a default one, the same indexes — unique ones as plain indexes, since a
 * partitioned unique index must hold the key); a role whose search_path is `part, public` runs the very same
 * application code against them. Built once and kept. Card saves run with foreign-key triggers off and are rolled
 * back on both sides alike (the public tables' foreign keys point at the public copies); a card saved through the
 * unchanged service has no county_code, so it lands in the default partition: the routing cost, not the column's.
 */
import type { Knex } from 'knex';
import { performance } from 'node:perf_hooks';
import type { Scope } from '../../src/auth/actor.ts';
import type { Period } from '../../src/domain/report-periods.ts';
import { createDb } from '../../src/db/knex.ts';
import { allCounts, computeReport, drillDown } from '../../src/features/reports/service.ts';
import { createCard, listWomen, type CardInput } from '../../src/features/women/service.ts';
import type { RegionRow } from '../../src/features/regions/service.ts';
import { actorFor } from '../helpers/women.ts';
import { must } from '../helpers/must.ts';
import { BASE_COUNTY, CITY_COUNTIES, CITY_PREFIX } from './city-db.ts';
import { newCardFields, timedPair, type Timing } from './measures.ts';

/** The register's largest tables that the reports and lists read (check_results, as big, is read by one indicator). */
export const PARTITIONED = ['women', 'services'];
const ROLE = 'fp_bench_part';

export interface TableSize {
  table: string;
  rows: number;
  size: string;
  bytes: number;
}

export interface PartitionRow {
  name: string;
  plain: Timing;
  partitioned: Timing;
}

export async function tableSizes(db: Knex, schema = 'public'): Promise<TableSize[]> {
  const { rows } = await db.raw<{ rows: TableSize[] }>(
    `select c.relname as table, greatest(c.reltuples, 0)::bigint as rows, pg_size_pretty(pg_total_relation_size(c.oid)) as size, pg_total_relation_size(c.oid) as bytes
       from pg_class c where c.relnamespace = ?::regnamespace and c.relkind in ('r', 'p') order by pg_total_relation_size(c.oid) desc`,
    [schema],
  );
  return rows;
}

/** Partitioned sizes: a partitioned table's size is the sum of its partitions'. */
async function partitionedSize(db: Knex, table: string): Promise<string> {
  const { rows } = await db.raw<{ rows: { s: string }[] }>(`select pg_size_pretty(sum(pg_total_relation_size(relid))) s from pg_partition_tree(?::regclass)`, [`part.${table}`]);
  return rows[0].s;
}

async function buildPartitioned(db: Knex, log: (line: string) => void) {
  const done = (await db.raw<{ rows: unknown[] }>(`select 1 from pg_namespace where nspname = 'part'`)).rows.length > 0;
  if (done) return;
  const t0 = performance.now();
  await db.transaction(async (trx) => {
    await trx.raw(`create schema part`);
    for (const t of PARTITIONED) {
      const t1 = performance.now();
      await trx.raw(`create table part.?? (like public.?? including defaults, county_code text) partition by list (county_code)`, [t, t]);
      for (const code of CITY_COUNTIES) await trx.raw(`create table part.?? partition of part.?? for values in ('${code}')`, [`${t}_${code}`, t]);
      await trx.raw(`create table part.?? partition of part.?? default`, [`${t}_other`, t]);
      await trx.raw(`insert into part.?? select t.*, left(r.code, 6) from public.?? t join regions r on r.id = t.region_id`, [t, t]);
      const { rows: idx } = await trx.raw<{ rows: { name: string; def: string }[] }>(
        `select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as def from pg_index where indrelid = ?::regclass`,
        [`public.${t}`],
      );
      for (const i of idx) {
        const def = i.def
          .replace(/^CREATE UNIQUE INDEX/, 'CREATE INDEX')
          .replace(` ${i.name} ON public.${t} `, ` p_${i.name} ON part.${t} `)
          .replace(` ${i.name} ON ONLY public.${t} `, ` p_${i.name} ON part.${t} `);
        await trx.raw(def);
      }
      log(`  part.${t}: ${((performance.now() - t1) / 1000).toFixed(0)} 秒`);
    }
  });
  await db.raw(`analyze ${PARTITIONED.map((t) => `part.${t}`).join(', ')}`);
  const exists = (await db.raw<{ rows: unknown[] }>(`select 1 from pg_roles where rolname = ?`, [ROLE])).rows.length > 0;
  if (!exists) await db.raw(`create role ${ROLE} superuser login password 'bench'`);
  await db.raw(`alter role ${ROLE} set search_path = part, public`);
  log(`  分区副本表建成：${((performance.now() - t0) / 1000).toFixed(0)} 秒`);
}

function partUrl(cityUrl: string): string {
  const u = new URL(cityUrl);
  u.username = ROLE;
  u.password = 'bench';
  return u.toString();
}

/** The same call on the plain tables and on the partitioned ones, rounds alternating. */
async function pair(name: string, plain: Knex, part: Knex, fn: (db: Knex) => Promise<unknown>, rounds: number): Promise<PartitionRow> {
  const [a, b] = await timedPair(
    () => fn(plain),
    () => fn(part),
    rounds,
    2,
  );
  return { name, plain: a, partitioned: b };
}

class Rollback extends Error {}

export async function partitionMeasures(db: Knex, o: { cityUrl: string; today: string; period: Period; rounds: number; log: (line: string) => void }): Promise<PartitionRow[]> {
  await buildPartitioned(db, o.log);
  for (const t of PARTITIONED) {
    const plain = (await tableSizes(db)).find((s) => s.table === t);
    o.log(`  ${t.padEnd(24)} ${String(plain?.rows ?? 0).padStart(10)} 行  不分区 ${plain?.size ?? '?'}，分区 ${await partitionedSize(db, t)}`);
  }
  const part = createDb(partUrl(o.cityUrl), { poolMax: 10, applicationName: 'fp-bench-part' });
  try {
    // A relation found first on the search path prints without its schema: compare the relations, not their names.
    const check = (await part.raw<{ rows: { ok: boolean }[] }>(`select to_regclass('women') = 'part.women'::regclass as ok`)).rows[0].ok;
    if (!check) throw new Error('search_path not in effect: women is not part.women');
    const county = must(await db<RegionRow>('regions').where({ code: BASE_COUNTY }).first(), 'the county');
    const countyScope: Scope = { level: 'county', regionId: county.id, code: county.code };
    const sup = must(await db('users').where({ username: 'county_sup' }).first('id', 'username', 'display_name', 'role'), 'county_sup');
    const supActor = actorFor(sup, county);
    const clerk = must(await db('users').where({ username: 'clerk01' }).first('id', 'username', 'display_name', 'role', 'region_id'), 'clerk01');
    const township = must(await db<RegionRow>('regions').where({ id: clerk.region_id }).first(), 'her township');
    const village = must(await db('regions').where({ parent_id: township.id, level: 'village' }).orderBy('code').first('code'), 'a village').code as string;
    const clerkActor = actorFor(clerk, township);
    const townshipScope: Scope = { level: 'township', regionId: township.id, code: township.code };
    const r = o.rounds;
    const out: PartitionRow[] = [];
    out.push(await pair('县月报（引擎）', db, part, (d) => computeReport(d, county, o.period), r * 2));
    out.push(await pair('全市汇总（月）', db, part, (d) => allCounts(d, o.period, { prefix: CITY_PREFIX, rowLevel: 'township' }), r));
    out.push(await pair('全县信息卡列表第 1 页', db, part, (d) => listWomen(d, countyScope, {}, 1), r * 2));
    out.push(await pair('乡镇信息卡列表第 1 页', db, part, (d) => listWomen(d, townshipScope, {}, 1), r * 2));
    out.push(await pair('全县按姓名查询“秀英”', db, part, (d) => listWomen(d, countyScope, { q: '秀英' }, 1), r * 2));
    out.push(await pair('钻取：县 出生人数 名单第 1 页', db, part, (d) => drillDown(d, supActor, { figure: 'births', period: o.period, page: { limit: 50, offset: 0 } }), r * 2));
    out.push(
      await pair(
        '保存信息卡（服务，回滚）',
        db,
        part,
        (d) =>
          d
            .transaction(async (trx) => {
              await trx.raw('set local session_replication_role = replica');
              await createCard(trx, clerkActor, newCardFields(village) as unknown as CardInput, { today: o.today });
              throw new Rollback();
            })
            .catch((err: unknown) => {
              if (!(err instanceof Rollback)) throw err;
            }),
        r * 4,
      ),
    );
    return out;
  } finally {
    await part.destroy();
  }
}
