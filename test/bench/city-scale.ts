/**
 * npm run bench -- --scale city [--data DIR] [--rounds 5] [--partition | --only-partition] [--shared-buffers 4GB]
 *
 * The city-scale benchmark (issue 19 §5): 10 counties × 100,000 cards in one embedded PostgreSQL (city-db.ts;
 * DIR defaults to /work/bench-city and is kept: a second run reuses it), measured side by side in one run
 * against the same county alone (the one-county database in the same cluster), rounds alternating:
 *   - the county monthly report (engine computeReport, and the HTML page over HTTP), at city scale vs alone;
 *   - the city roll-up for a month and for the statistical year (the city region's report: its counties as rows);
 *   - card saves per second through the women service, at city scale vs alone;
 *   - the nightly store-vs-live check of the whole database (reports.figure-check), city vs the county alone;
 *   - the biggest tables (rows, size) and, with --partition, the partitioning measurement (city-partition.ts).
 * The county report's ratios are the median of the pairs' ratios (each pair back to back: the machine's speed drifts
 * between pairs, not within one), over 20 pairs a round for the engine and 6 for the page.
 * Targets are printed as 达标 / 未达标; nothing is asserted. Results go to test/bench/results-city.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { addMonthsToMonth, monthOf } from '../../src/domain/dates.ts';
import { statisticalPeriod, statisticalYearOf, type Period } from '../../src/domain/report-periods.ts';
import { checkFigureStore, computeReport } from '../../src/features/reports/service.ts';
import { createCard, type CardInput } from '../../src/features/women/service.ts';
import type { RegionRow } from '../../src/features/regions/service.ts';
import { buildTestApp } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';
import { actorFor } from '../helpers/women.ts';
import { must } from '../helpers/must.ts';
import { BASE_COUNTY, CITY_PREFIX, openCityDb, type CityDb } from './city-db.ts';
import { partitionMeasures, tableSizes, type PartitionRow } from './city-partition.ts';
import { newCardFields, timed, timedPair, type Timing } from './measures.ts';

export interface CityOptions {
  dataDir: string;
  rounds: number;
  partition: boolean;
  /** Only the partitioning measurement (iterating on it without the rest). */
  onlyPartition?: boolean;
  /** Skip the county report pairs (iterating on the roll-ups and saves). */
  skipCountyReport?: boolean;
  /** Skip the whole-database check (about 12 minutes at city scale; iterating on the reports). */
  skipCheck?: boolean;
  /**
   * The cluster's shared_buffers (default BENCH_SHARED_BUFFERS, 256MB): a city's database is 18 GB, and a server for
   * it is given a buffer cache sized to its data (the README's deployment section); both databases share the cluster.
   */
  sharedBuffers?: string;
  log: (line: string) => void;
}

interface Row {
  name: string;
  value: string;
  versus: string;
  ratio: string;
  target: string;
  verdict: string;
}

const ms = (t: number) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(1)} ms`);
const verdict = (ok: boolean) => (ok ? '达标' : '未达标');
const OUT = path.resolve(import.meta.dirname, 'results-city.json');

async function monthPeriod(db: Knex, today: string) {
  const month = addMonthsToMonth(monthOf(today), -1);
  const { rows } = await db.raw<{ rows: { d: string }[] }>(`select (date_trunc('month', ?::date) + interval '1 month - 1 day')::date as d`, [`${month}-01`]);
  return { month, period: { from: `${month}-01`, to: rows[0].d } };
}

async function countyOf(db: Knex): Promise<RegionRow> {
  return must(await db<RegionRow>('regions').where({ code: BASE_COUNTY }).first(), 'the county');
}

/** The county monthly report page, signed in as the demo's county supervisor, on an app over `db`. */
async function reportPage(db: Knex, url: string, today: string, month: string) {
  const app = buildTestApp(db, url);
  app.clock.set(new Date(`${today}T10:00:00+08:00`));
  const c = new Client(app.app);
  await c.login('county_sup', 'demo1234');
  return {
    get: async () => {
      const res = await c.get(`/reports/monthly?region=${BASE_COUNTY}&month=${month}`);
      if (res.status !== 200) throw new Error(`report page: HTTP ${res.status}`);
    },
    close: () => app.close(),
  };
}

/** A clerk of the first township, and a village of hers: the same person in both databases. */
async function clerkOf(db: Knex) {
  const user = must(await db('users').where({ username: 'clerk01' }).first('id', 'username', 'display_name', 'role', 'region_id'), 'clerk01');
  const region = must(await db<RegionRow>('regions').where({ id: user.region_id }).first(), 'her township');
  const village = must(await db('regions').where({ parent_id: region.id, level: 'village' }).orderBy('code').first('code'), 'a village');
  return { actor: actorFor(user, region), village: village.code as string };
}

/** A row of the table, printed as soon as it is measured (a later failure keeps it on screen). */
function printed(log: (line: string) => void, r: Row): Row {
  log(`  ${[r.name, r.value, r.versus || '—', r.ratio || '—', r.target || '—', r.verdict].join(' | ')}`);
  return r;
}

/** Everything measured side by side, city database vs the county alone; adds its table rows and figures. */
async function sideBySide(
  bench: CityDb,
  o: { month: string; period: Period; year: Period; rounds: number; skipCountyReport?: boolean; skipCheck?: boolean; rows: Row[]; json: Record<string, unknown>; log: (line: string) => void },
) {
  const { month, period, year, rounds, rows, json, log } = o;
  const alone = bench.county.db;
  const city = bench.city;
  const today = bench.today;
  if (!o.skipCountyReport) {
    log(`\n测量：县月报 ${month}（统计引擎，城市库 vs 单县库，交替）…`);
    const [cAlone, cCity] = [await countyOf(alone), await countyOf(city)];
    // Many pairs (a report takes 15–40 ms): the ratio's spread between runs was ±0.15 with ten.
    const [engAlone, engCity, engRatio] = await timedPair(
      () => computeReport(alone, cAlone, period),
      () => computeReport(city, cCity, period),
      rounds * 20,
      5,
    );
    rows.push(printed(log, { name: '县月报（引擎），单县库', value: ms(engAlone.median), versus: '', ratio: '', target: '< 150 ms', verdict: verdict(engAlone.median < 150) }));
    rows.push(
      printed(log, {
        name: '县月报（引擎），城市库',
        value: ms(engCity.median),
        versus: ms(engAlone.median),
        ratio: `${engRatio.toFixed(2)}×`,
        target: '< 150 ms，≤ 1.2×',
        verdict: verdict(engCity.median < 150 && engRatio <= 1.2),
      }),
    );
    json.county_report_engine = { alone: engAlone, city: engCity, paired_ratio: engRatio, ratio_of_medians: engCity.median / engAlone.median };

    log('测量：县月报页面（HTTP）…');
    const pageAlone = await reportPage(alone, bench.county.url, today, month);
    const pageCity = await reportPage(city, bench.cityUrl, today, month);
    const html = await timedPair(pageAlone.get, pageCity.get, rounds * 6, 3).catch((err: Error) => log(`  县月报页面测量失败：${err.message}`));
    await pageAlone.close();
    await pageCity.close();
    if (html) {
      const [htmlAlone, htmlCity, htmlRatio] = html;
      rows.push(
        printed(log, {
          name: '县月报页面（HTTP），城市库',
          value: ms(htmlCity.median),
          versus: ms(htmlAlone.median),
          ratio: `${htmlRatio.toFixed(2)}×`,
          target: '≤ 1.2×',
          verdict: verdict(htmlRatio <= 1.2),
        }),
      );
      json.county_report_html = { alone: htmlAlone, city: htmlCity, paired_ratio: htmlRatio, ratio_of_medians: htmlCity.median / htmlAlone.median };
    }
  }
  log('测量：全市汇总（10 个县为行，统计引擎，与县月报同一路径）…');
  const cityRegion = must(await city('regions').where({ code: CITY_PREFIX, level: 'city' }).first(), '城市规模数据库没有市级区划');
  const cityMonth = await timed(() => computeReport(city, cityRegion, period), rounds);
  rows.push(printed(log, { name: `全市汇总 ${month}`, value: ms(cityMonth.median), versus: '', ratio: '', target: '< 1 s', verdict: verdict(cityMonth.median < 1000) }));
  const cityYear = await timed(() => computeReport(city, cityRegion, year), rounds);
  rows.push(printed(log, { name: `全市汇总 统计年度 ${year.from}—${year.to}`, value: ms(cityYear.median), versus: '', ratio: '', target: '< 1 s', verdict: verdict(cityYear.median < 1000) }));
  json.city_rollup = { month: cityMonth, year: cityYear };

  log('测量：保存信息卡（women 服务，城市库 vs 单县库，交替）…');
  const [kAlone, kCity] = [await clerkOf(alone), await clerkOf(city)];
  const save = (db: Knex, k: typeof kAlone) => () => createCard(db, k.actor, newCardFields(k.village) as unknown as CardInput, { today });
  const [saveAlone, saveCity] = await timedPair(save(alone, kAlone), save(city, kCity), rounds * 6, 3);
  const perSecond = (t: Timing) => 1000 / t.median;
  rows.push(
    printed(log, {
      name: '保存信息卡（张/秒），城市库',
      value: perSecond(saveCity).toFixed(1),
      versus: perSecond(saveAlone).toFixed(1),
      ratio: `${(perSecond(saveCity) / perSecond(saveAlone)).toFixed(2)}×`,
      target: '≥ 0.9×',
      verdict: verdict(perSecond(saveCity) / perSecond(saveAlone) >= 0.9),
    }),
  );
  json.card_save = { alone: saveAlone, city: saveCity };

  if (o.skipCheck) return printTable(log, rows);
  log('测量：指标库与实时统计 SQL 的整库核对（夜间任务 reports.figure-check），单县库与城市库各一次…');
  const checkAlone = await timed(() => checkFigureStore(alone, new Date(`${today}T18:00:00Z`)), 1, 0);
  const checkCity = await timed(() => checkFigureStore(city, new Date(`${today}T18:00:00Z`)), 1, 0);
  const lastRun = await city('figure_check_runs').orderBy('id', 'desc').first('keys_compared', 'differences');
  rows.push(
    printed(log, {
      name: `整库核对（${lastRun?.keys_compared ?? '?'} 项，差异 ${lastRun?.differences ?? '?'}）`,
      value: ms(checkCity.median),
      versus: ms(checkAlone.median),
      ratio: `${(checkCity.median / checkAlone.median).toFixed(2)}×`,
      target: '差异 0',
      verdict: verdict(lastRun?.differences === 0),
    }),
  );
  json.figure_check = { alone: checkAlone, city: checkCity, keys_compared: lastRun?.keys_compared, differences: lastRun?.differences };
  printTable(log, rows);
}

function printTable(log: (line: string) => void, rows: Row[]): void {
  log('');
  log(['测量项', '城市库', '单县库', '倍数', '目标', ''].join(' | '));
  for (const r of rows) log([r.name, r.value, r.versus || '—', r.ratio || '—', r.target || '—', r.verdict].join(' | '));
  log('县月报两行的倍数：每一对（城市库、单县库背靠背各算一次）之比的中位数；两列为各自的中位数。');
}

export async function cityBench(options: CityOptions): Promise<void> {
  const { log, rounds } = options;
  const started = Date.now();
  const bench = await openCityDb({ dataDir: options.dataDir, sharedBuffers: options.sharedBuffers, log });
  const sharedBuffers = (await bench.city.raw<{ rows: { shared_buffers: string }[] }>('show shared_buffers')).rows[0]!.shared_buffers;
  log(`PostgreSQL shared_buffers：${sharedBuffers}（两个库共用一个集群）`);
  try {
    const alone = bench.county.db;
    const city = bench.city;
    const today = bench.today;
    const b = bench.build;
    if (b)
      log(
        `建库：演示生成器 1 个县 ${b.generate_s === null ? '（早先已生成）' : `${b.generate_s.toFixed(0)} 秒`}；模板复制 ${b.template_s.toFixed(1)} 秒；SQL 复制 9 个县 ${b.copy_s.toFixed(0)} 秒（每县 ${b.copy_per_county_s.toFixed(1)} 秒，${b.tables} 张表，${b.rows_copied} 行）；VACUUM ANALYZE ${b.analyze_s.toFixed(0)} 秒`,
      );
    const count = async (db: Knex) =>
      (await db.raw<{ rows: { n: number; size: string }[] }>(`select (select count(*) from women)::int n, pg_size_pretty(pg_database_size(current_database())) size`)).rows[0];
    const [a, c] = [await count(alone), await count(city)];
    log(`数据：单县库 ${a.n} 张信息卡（${a.size}）；城市库 ${c.n} 张信息卡（${c.size}），10 个县：${CITY_PREFIX}00–${CITY_PREFIX}09`);

    const { month, period } = await monthPeriod(alone, today);
    // The last complete statistical year (the annual report's): the current one is mostly in the future.
    const year = statisticalPeriod(statisticalYearOf(today) - 1, false);
    const rows: Row[] = [];
    const json: Record<string, unknown> = {};

    if (!options.onlyPartition) await sideBySide(bench, { month, period, year, rounds, skipCountyReport: options.skipCountyReport, skipCheck: options.skipCheck, rows, json, log });

    const sizes = await tableSizes(city);
    log('\n城市库最大的表：');
    for (const s of sizes.slice(0, 12)) log(`  ${s.table.padEnd(28)} ${String(s.rows).padStart(10)} 行  ${s.size.padStart(9)}`);
    json.tables = sizes;

    let partition: PartitionRow[] = [];
    if (options.partition || options.onlyPartition) {
      log('\n分区测量（按县代码声明式分区的副本表，城市库）…');
      partition = await partitionMeasures(city, { cityUrl: bench.cityUrl, today, period, rounds, log });
      log('测量项 | 不分区 | 分区 | 倍数');
      for (const p of partition) log(`${p.name} | ${ms(p.plain.median)} | ${ms(p.partitioned.median)} | ${(p.partitioned.median / p.plain.median).toFixed(2)}×`);
      json.partition = partition;
    }
    // --only-partition keeps the side-by-side figures of the last full run.
    const last = fs.existsSync(OUT) ? (JSON.parse(fs.readFileSync(OUT, 'utf8')) as Record<string, unknown>) : {};
    // --skip-check keeps the check of the last run that made one (with its date).
    const keptCheck = options.skipCheck && last.figure_check ? { figure_check: last.figure_check, figure_check_date: last.figure_check_date ?? last.date } : {};
    const previous = options.onlyPartition ? last : { rows, ...keptCheck };
    const results = {
      ...previous,
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version },
      data: { alone_women: a.n, alone_size: a.size, city_women: c.n, city_size: c.size },
      build: b,
      rounds,
      shared_buffers: sharedBuffers,
      ...json,
      total_s: Math.round((Date.now() - started) / 1000),
    };
    fs.writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
    log(`\n结果已写入 ${path.relative(process.cwd(), OUT)}（共 ${results.total_s} 秒）`);
  } finally {
    await bench.close();
  }
}
