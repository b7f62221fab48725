/**
 * npm run bench [-- --women 100000] [--rounds 5] [--import-rows N] [--data DIR] [--duration 10] [--connections 10]
 *                 [--only-reports | --only-upload | --only-hot | --figure-store]
 * npm run bench -- --scale city [--data DIR] [--rounds N] [--partition | --only-partition] [--skip-check] [--shared-buffers 4GB]   (10 counties × 100,000 cards: city-scale.ts)
 *
 * The benchmark suite (DESIGN §10) on the demo county generated at scale into a fresh embedded PostgreSQL (a temp
 * folder; --data DIR keeps it and reuses it next time). Each figure is measured against its floor in the same
 * run, several rounds, median reported, and printed as a ratio:
 *   - county monthly report page (HTTP, signed in)      vs the bare SQL of the same figures
 *   - the 考核 board of the county (HTTP)               vs the bare SQL of the statistical year's figures
 *   - card search pages                                  vs their bare SQL queries
 *   - saving a card over HTTP (session + CSRF)           vs a minimal Express route
 *   - import of N card rows                              vs PostgreSQL COPY of the same rows
 *   - requests per second under concurrency (autocannon) with the error count, and the server's memory (RSS)
 * Results are printed as a table and written to test/bench/results.json. Nothing is asserted: a measurement.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openBenchDb } from './bench-db.ts';
import { BenchClient } from './http-client.ts';
import { hotMeasures, printHot } from './hot-bench.ts';
import { importVsCopy } from './import-bench.ts';
import { uploadMeasures, type UploadMeasure } from './upload-bench.ts';
import { load, type LoadResult } from './load.ts';
import { boardVsSql, reportVsSql, saveVsMinimal, searchVsSql, signedInOverhead, type Pair, type Timing } from './measures.ts';
import { startServer, waitForQuiet } from './server-proc.ts';
import { must } from '../helpers/must.ts';
import { cityBench } from './city-scale.ts';
import { measureFigureStore } from './figure-store.ts';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const optText = (name: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** --shared-buffers 4GB: PostgreSQL's size syntax, checked before it reaches the server's command line. */
function sharedBuffersOption(): string | undefined {
  const v = optText('shared-buffers');
  if (v === undefined) return undefined;
  if (!/^[1-9][0-9]{0,5}(kB|MB|GB)$/.test(v)) throw new Error(`--shared-buffers：应为如 256MB、4GB 的大小，收到 “${v}”`);
  return v;
}

const WOMEN = opt('women', 100_000);
const ROUNDS = opt('rounds', 5);
const IMPORT_ROWS = opt('import-rows', WOMEN);
const DURATION = opt('duration', 10);
const CONNECTIONS = opt('connections', 10);
const OUT = path.resolve(import.meta.dirname, 'results.json');
const PASSWORD = 'demo1234';

const log = (line: string) => console.log(line);
const ms = (t: number) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(1)} ms`);

function printPairs(pairs: Pair[]) {
  const rows = pairs.map((p) => {
    const ratio = p.measured.median / p.floorTiming.median;
    return [p.name, ms(p.measured.median), ms(p.floorTiming.median), `${ratio.toFixed(2)}×`, p.target ? `≤ ${p.target}×` : '—', p.target ? (ratio <= p.target ? '达标' : '未达标') : ''];
  });
  const head = ['测量项', '中位', '下限(中位)', '倍数', '目标', ''];
  const widths = head.map((h, i) => Math.max(h.length * 2, ...rows.map((r) => r[i].length + (/[^\x00-\x7f]/.test(r[i]) ? r[i].replace(/[\x00-\x7f]/g, '').length : 0))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length - s.replace(/[\x00-\x7f]/g, '').length));
  log('');
  log(head.map((h, i) => pad(h, widths[i])).join('  '));
  for (const r of rows) log(r.map((c, i) => pad(c, widths[i])).join('  '));
  for (const p of pairs) log(`  ${p.name}：${p.subject} ↔ ${p.floor}`);
}

function printLoads(loads: LoadResult[]) {
  log('');
  for (const l of loads) {
    log(
      `${l.name}: ${l.requestsPerSecond.toFixed(0)} 请求/秒（${l.connections} 并发 × ${l.seconds} 秒，共 ${l.requests}），延迟 p50 ${l.latencyP50} ms / p99 ${l.latencyP99} ms，错误 ${l.errors}，非 2xx ${l.non2xx}，超时 ${l.timeouts}，服务器内存峰值 ${l.peakRssMb.toFixed(0)} MB`,
    );
  }
}

const timingJson = (t: Timing) => ({ median_ms: +t.median.toFixed(2), min_ms: +t.min.toFixed(2), max_ms: +t.max.toFixed(2), runs: t.runs });

async function main() {
  if (optText('scale') === 'city')
    return cityBench({
      dataDir: optText('data') ?? '/work/bench-city',
      rounds: ROUNDS,
      partition: argv.includes('--partition'),
      onlyPartition: argv.includes('--only-partition'),
      skipCountyReport: argv.includes('--skip-county-report'),
      skipCheck: argv.includes('--skip-check'),
      sharedBuffers: sharedBuffersOption(),
      log,
    });
  const started = Date.now();
  const bench = await openBenchDb({ women: WOMEN, dataDir: optText('data'), log });
  const counts = (
    await bench.db.raw<{ rows: { women: number; children: number; services: number; follow_ups: number }[] }>(
      `select (select count(*) from women)::int women, (select count(*) from children)::int children, (select count(*) from services)::int services, (select count(*) from follow_ups)::int follow_ups`,
    )
  ).rows[0];
  log(`数据：${counts.women} 张信息卡，${counts.children} 名子女，${counts.services} 条技术服务，${counts.follow_ups} 条随访`);
  if (argv.includes('--figure-store')) return void (await measureFigureStore(bench.url, 'fp_bench', log, ROUNDS).finally(() => bench.close()));
  const serverStarted = Date.now();
  const server = await startServer(bench.url, log);
  try {
    await waitForQuiet(bench.db, log, serverStarted);
    const rssIdle = server.rssMb();
    const countySup = new BenchClient(server.base);
    await countySup.login('county_sup', PASSWORD);
    const clerk = new BenchClient(server.base);
    await clerk.login('clerk01', PASSWORD);
    if (argv.includes('--only-hot')) {
      // Just the home page, the name search and the signed-in fixed cost beside /healthz (issue 19 §4).
      printHot(await hotMeasures(bench.db, server, { clerk, countySup, anonymous: new BenchClient(server.base) }, { connections: CONNECTIONS, seconds: DURATION, rounds: ROUNDS * 6 }), log);
      return;
    }
    const township = must(await bench.db('regions').where({ level: 'township' }).orderBy('code').first('id', 'code'), 'a township');
    if (argv.includes('--only-upload')) {
      // Just the uploads (issue 12: peak RSS and /healthz while a big file is checked), e.g. --women 2000 --import-rows 100000.
      const only = await uploadMeasures(bench.db, server, clerk, township.code, IMPORT_ROWS, log);
      log(`服务器内存：空闲 ${rssIdle.toFixed(0)} MB，上传检查时峰值 ${Math.max(...only.map((u) => u.peakMb)).toFixed(0)} MB；导入进程峰值 ${Math.max(...only.map((u) => u.jobPeakMb)).toFixed(0)} MB`);
      return;
    }
    const village = must(await bench.db('regions').where({ level: 'village', parent_id: township.id }).orderBy('code').first('code'), 'a village');
    const card = must(
      await bench.db('women as w').join('regions as v', 'v.id', 'w.region_id').where('v.parent_id', township.id).where('w.status', 'active').orderBy('w.id').first<{ id: number } | undefined>('w.id'),
      'an active card',
    );

    log('\n测量：县月报 …');
    const report = await reportVsSql(bench.db, countySup, bench.today, ROUNDS * 2);
    log('测量：考核看板 …');
    const board = await boardVsSql(bench.db, countySup, bench.today, ROUNDS * 2);
    if (argv.includes('--only-reports')) {
      // Just the county report and the 考核 board against their SQL (issue 15: the board under 1 s at 100,000 cards).
      printPairs([report, board]);
      return;
    }
    log('测量：信息卡查询 …');
    const countyScope = { level: 'county' as const, regionId: 0, code: '990100' };
    const townshipScope = { level: 'township' as const, regionId: township.id, code: township.code };
    const searches = [
      await searchVsSql(bench.db, bench.url, countySup, { label: '全县按姓名查询“秀英”', path: '/women?q=%E7%A7%80%E8%8B%B1', scope: countyScope, filters: { q: '秀英' } }, ROUNDS * 4),
      await searchVsSql(bench.db, bench.url, countySup, { label: '全县按身份证号片段查询', path: '/women?q=19900512', scope: countyScope, filters: { q: '19900512' } }, ROUNDS * 6),
      await searchVsSql(bench.db, bench.url, clerk, { label: '乡镇信息卡列表（默认）', path: '/women', scope: townshipScope, filters: {} }, ROUNDS * 6),
    ];
    const overhead = await signedInOverhead(clerk, ROUNDS * 6);
    log('测量：保存信息卡 …');
    const save = await saveVsMinimal(clerk, village.code, ROUNDS * 6);

    log(`测量：并发（${CONNECTIONS} 并发，每项 ${DURATION} 秒）…`);
    const loads = [
      await load(server, countySup, '全县姓名查询页', '/women?q=%E7%A7%80%E8%8B%B1', CONNECTIONS, DURATION),
      await load(server, clerk, '信息卡页面', `/women/${card.id}`, CONNECTIONS, DURATION),
      await load(server, clerk, '首页（录入员）', '/', CONNECTIONS, DURATION),
    ];

    log('测量：网页上传并检查（后台任务，工作线程）…');
    const uploads = await uploadMeasures(bench.db, server, clerk, township.code, IMPORT_ROWS, log).catch((err: Error) => {
      log(`  网页上传检查失败：${err.message}`);
      return [] as UploadMeasure[];
    });
    const upload = { ms: uploads[0]?.ms ?? NaN, peakMb: Math.max(...uploads.map((u) => u.peakMb), NaN) };

    // Last: its rounds are rolled back, which leaves dead rows behind; the cleanup below removes them.
    log(`测量：导入 ${IMPORT_ROWS} 行 vs COPY …`);
    const imp = await importVsCopy(bench.db, IMPORT_ROWS, Math.min(ROUNDS, 3), log);
    log('  清理回滚留下的死行（VACUUM FULL）…');
    await bench.db.raw('vacuum full analyze women, data_findings, audit_log');

    const pairs = [report, board, ...searches, overhead, save, imp.pair];
    printPairs(pairs);
    log(`\n县月报：统计引擎（无 HTML）中位 ${ms(report.engine.median)}；导入试运行（只检查）中位 ${ms(imp.dryRun.median)}（${imp.csvMb.toFixed(1)} MB CSV）`);
    for (const u of uploads)
      log(
        `网页上传 ${IMPORT_ROWS} 行 ${u.format.toUpperCase()} 并检查：${ms(u.ms)}，服务器内存峰值 ${u.peakMb.toFixed(0)} MB（导入进程 ${u.jobPeakMb.toFixed(0)} MB），/healthz 最慢 ${u.healthMaxMs.toFixed(0)} ms`,
      );
    printLoads(loads);
    log(`\n服务器内存：空闲 ${rssIdle.toFixed(0)} MB，负载下峰值 ${Math.max(...loads.map((l) => l.peakRssMb), upload.peakMb).toFixed(0)} MB，结束时 ${server.rssMb().toFixed(0)} MB`);

    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${os.platform()} ${os.arch()}` },
      options: { women: WOMEN, rounds: ROUNDS, import_rows: IMPORT_ROWS, duration_s: DURATION, connections: CONNECTIONS },
      data: counts,
      comparisons: pairs.map((p) => ({
        name: p.name,
        subject: p.subject,
        floor: p.floor,
        measured: timingJson(p.measured),
        floor_timing: timingJson(p.floorTiming),
        ratio: +(p.measured.median / p.floorTiming.median).toFixed(2),
        target: p.target ?? null,
      })),
      report_engine: timingJson(report.engine),
      import_dry_run: { ...timingJson(imp.dryRun), rows: imp.rows, csv_mb: +imp.csvMb.toFixed(1) },
      http_upload_dry_run: uploads.map((u) => ({
        format: u.format,
        rows: u.rows,
        file_mb: +u.fileMb.toFixed(1),
        ms: Math.round(u.ms),
        server_peak_rss_mb: Math.round(u.peakMb),
        job_peak_rss_mb: Math.round(u.jobPeakMb),
        healthz_max_ms: Math.round(u.healthMaxMs),
        healthz_checks: u.healthChecks,
      })),
      load: loads.map((l) => ({ ...l, requestsPerSecond: Math.round(l.requestsPerSecond), peakRssMb: Math.round(l.peakRssMb) })),
      memory: { idle_rss_mb: Math.round(rssIdle), peak_rss_mb: Math.round(Math.max(...loads.map((l) => l.peakRssMb), upload.peakMb)), end_rss_mb: Math.round(server.rssMb()) },
      total_s: Math.round((Date.now() - started) / 1000),
    };
    fs.writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
    log(`\n结果已写入 ${path.relative(process.cwd(), OUT)}（共 ${results.total_s} 秒）`);
  } finally {
    await server.stop();
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
