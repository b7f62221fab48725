/**
 * Scale check of the report engine (issue 5, "Speed"): a scratch database with ~100,000 synthetic women and
 * five years of history built with SQL generate_series, then the county monthly report timed (engine and
 * HTTP page) and the heavy queries EXPLAIN ANALYZEd. Not a test; run by hand:
 *
 *   npx tsx test/bench/report-scale.ts [--women 100000] [--explain] [--keep DIR]
 *
 * Uses DATABASE_URL when set (the database must be empty), else an embedded PostgreSQL in a temp folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { startEmbeddedPostgres, ensureDatabase } from '../../src/db/embedded.ts';
import { createDb } from '../../src/db/knex.ts';
import { prepareSchema } from '../../src/db/open.ts';
import { computeReport } from '../../src/features/reports/service.ts';
import { allSources } from '../../src/features/reports/service.ts';
import { countSource, populationCounts } from '../../src/features/reports/service.ts';
import { getCounty } from '../../src/features/regions/service.ts';
import { makeUser } from '../helpers/fixtures.ts';
import { buildTestApp } from '../helpers/app.ts';
import { Client } from '../helpers/http.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? 'true') : undefined;
};
const WOMEN = Number(arg('women') ?? 100_000);

/** Places, women and history, all in SQL. setseed makes the data the same on every run. */
export async function generate(db: Knex, women: number) {
  // One transaction = one connection, so the temporary table of villages is visible to every statement.
  await db.transaction(async (trx) => generateIn(trx, women));
}

async function generateIn(db: Knex, women: number) {
  const sql = (s: string) => db.raw(s);
  await sql(`select setseed(0.42)`);
  await sql(`insert into regions (code, name, level) values ('990100', '示例县', 'county')`);
  await sql(`insert into regions (code, name, level, parent_id)
             select '990100' || lpad(t::text, 3, '0'), '乡镇' || t, 'township', (select id from regions where code = '990100')
               from generate_series(1, 10) t`);
  await sql(`insert into regions (code, name, level, parent_id)
             select r.code || lpad(v::text, 3, '0'), r.name || '村' || v, 'village', r.id
               from regions r cross join generate_series(1, 15) v where r.level = 'township'`);
  await sql(`create temporary table vil as select row_number() over (order by id) - 1 as n, id from regions where level = 'village'`);
  // Women: ages 15–50 at the end of 2026; 78% married at 22–28; 5% exited; 5% outflow, 2% inflow.
  await sql(`
    insert into women (region_id, id_number, name, birth_date, hukou_kind, marital_status, marriage_date, migrant_status,
                       migrant_since, status, exit_reason, exit_date, created_at)
    select v.id, '99' || lpad(g::text, 15, '0') || 'X', '测试' || g, b.birth_date, 'agricultural',
           case when r1 < 0.78 then 'first_marriage' when r1 < 0.96 then 'unmarried' else 'divorced' end,
           case when r1 < 0.78 or r1 >= 0.96 then b.birth_date + ((22 + floor(r2 * 7)) * 365)::int end,
           case when r3 < 0.05 then 'outflow' when r3 < 0.07 then 'inflow' else 'none' end,
           case when r3 < 0.07 then date '2021-01-01' + floor(r2 * 2000)::int end,
           case when r4 < 0.05 then 'exited' else 'active' end,
           case when r4 < 0.05 then 'moved_out' end,
           case when r4 < 0.05 then date '2021-06-01' + floor(r4 * 20 * 1800)::int end,
           timestamptz '2019-01-01 08:00+08' + (floor(r5 * 2500) || ' days')::interval * (case when r5 < 0.9 then 0 else 1 end)
      from generate_series(1, ${women}) g
      cross join lateral (select random() + 0 * g r1, random() r2, random() r3, random() r4, random() r5, random() r6) r
      join vil v on v.n = floor(r6 * 150)::int
      cross join lateral (select (date '1976-06-01' + floor(random() * 12800 + 0 * g)::int) as birth_date) b`);
  // Children: married women get 0–3 births after marriage, the recent ones spread over 2021–2026.
  await sql(`
    insert into children (woman_id, region_id, sex, birth_date, birth_order, policy_status, created_at)
    select w.id, w.region_id, case when random() < 0.52 then 'male' else 'female' end, d.birth_date, k,
           case when random() < 0.97 then 'compliant' else 'non_compliant' end, d.birth_date + interval '20 days'
      from women w
      cross join lateral generate_series(1, (floor(random() * 2.6 + 0 * w.id))::int) k
      cross join lateral (select least(date '2026-10-31', w.marriage_date + (k * 400 + floor(random() * 900))::int) as birth_date) d
     where w.marital_status = 'first_marriage'`);
  await sql(`insert into pregnancies (woman_id, region_id, found_on, outcome, outcome_date, created_at)
             select c.woman_id, c.region_id, c.birth_date - 200, 'live_birth', c.birth_date, c.birth_date - 190 from children c`);
  // Contraception: 88% of married women hold a method started after their last birth; a past episode for many.
  await sql(`
    insert into contraception_episodes (woman_id, region_id, method, started_on, ended_on, end_reason)
    select w.id, w.region_id, m.method, s.started_on, null, null
      from women w
      cross join lateral (select coalesce((select max(birth_date) from children c where c.woman_id = w.id), w.marriage_date) + 60 as started_on) s
      cross join lateral (select random() + 0 * w.id as r) x
      cross join lateral (select case when x.r < 0.47 then 'iud' when x.r < 0.73 then 'female_sterilization' when x.r < 0.77 then 'male_sterilization'
                                      when x.r < 0.85 then 'condom' when x.r < 0.87 then 'pill_or_injection' when x.r < 0.88 then 'implant' end as method) m
     where w.marital_status = 'first_marriage' and m.method is not null and s.started_on < date '2026-11-01'`);
  await sql(`
    insert into contraception_episodes (woman_id, region_id, method, started_on, ended_on, end_reason)
    select e.woman_id, e.region_id, 'condom', e.started_on - 900, e.started_on - 400, 'switched' from contraception_episodes e where random() < 0.6`);
  // Services: the procedures that opened the episodes, abortions, and checks each year.
  await sql(`
    insert into services (woman_id, region_id, kind, performed_on, created_at)
    select e.woman_id, e.region_id,
           case e.method when 'iud' then 'iud_insertion' when 'female_sterilization' then 'female_sterilization'
                         when 'male_sterilization' then 'male_sterilization' when 'implant' then 'implant_insertion' else 'contraceptive_supply' end,
           e.started_on, e.started_on + 3
      from contraception_episodes e`);
  await sql(`
    insert into services (woman_id, region_id, kind, performed_on, created_at)
    select w.id, w.region_id, k.kind, date '2021-11-01' + floor(random() * 1825)::int, now()
      from women w cross join lateral (select case when x < 0.04 then 'surgical_abortion' when x < 0.06 then 'iud_removal' else 'ring_pregnancy_check' end as kind
                                         from (select random() + 0 * w.id as x) r) k
      cross join generate_series(1, 2) where w.marital_status = 'first_marriage'`);
  await sql(`
    insert into follow_ups (woman_id, service_id, region_id, level, due_on, done_on, result)
    select s.woman_id, s.id, s.region_id, 'township', s.performed_on + m * 30,
           case when x.r < 0.9 then s.performed_on + m * 30 + 5 end, case when x.r < 0.9 then '正常' end
      from services s cross join (values (1), (3), (6), (12)) v(m) cross join lateral (select random() + 0 * s.id + 0 * m as r) x
     where s.kind in ('iud_insertion', 'female_sterilization', 'surgical_abortion', 'iud_removal')`);
  await sql(`
    insert into certificates (woman_id, region_id, kind, number, issued_on)
    select c.woman_id, c.region_id, 'only_child_glory', 'GR' || c.id, c.birth_date + 120 from children c where c.birth_order = 1 and random() < 0.3`);
  await sql(`
    insert into transfers (woman_id, from_region_id, to_region_id, status, moved_on)
    select w.id, w.region_id, (select id from vil where n = (v.n + 7) % 150), 'accepted', date '2022-01-01' + floor(random() * 1700)::int
      from women w join vil v on v.id = w.region_id where random() < 0.03`);
  await sql(`update women w set region_id = t.to_region_id from transfers t where t.woman_id = w.id`);
  await sql(`
    insert into population_figures (region_id, month, population_end, deaths)
    select v.id, m::date, 800 + (v.n * 17) % 2700 + (extract(month from m)::int), 1 + (v.n + extract(month from m)::int) % 3
      from vil v cross join generate_series(date '2021-11-01', date '2026-10-01', interval '1 month') m`);
  await sql(`analyze`);
}

/** Run fn `runs` times after one warm-up; print and report the median. */
async function time<T>(label: string, fn: () => Promise<T>, runs: number, report: (medianMs: number) => void, log: (line: string) => void): Promise<T> {
  let result = await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  report(median);
  log(`${label.padEnd(44)} median ${median.toFixed(0).padStart(5)} ms   min ${ms[0].toFixed(0)} ms   max ${ms[ms.length - 1].toFixed(0)} ms`);
  return result;
}

/**
 * The county monthly report on a generated county: the engine, each source query, the bare SQL (every source
 * query run side by side straight on the pool, no rates, no HTML) and the HTML page over HTTP. Exported so a
 * benchmark runner can call it; prints through `log`.
 */
export async function measureReports(db: Knex, url: string, log: (line: string) => void) {
  const county = (await getCounty(db))!;
  const march = { from: '2026-03-01', to: '2026-03-31' };
  const m = { prefix: county.code, rowLevel: 'township' as const };
  const result: Record<string, number> = {};
  const rep = await time(
    'engine: county monthly report (March 2026)',
    () => computeReport(db, county, march),
    7,
    (ms) => (result.engine = ms),
    log,
  );
  log(`  births ${rep.total.births}, WRA ${rep.total.wra}, married ${rep.total.married_wra}, contraceptive rate ${rep.total.contraceptive_rate.value}%`);
  await time(
    'bare SQL: the same queries, side by side',
    () => Promise.all([...allSources(march).map((s) => countSource(db, s, m)), populationCounts(db, march, m)]),
    7,
    (ms) => (result.bareSql = ms),
    log,
  );
  await time(
    'engine: county statistical year',
    () => computeReport(db, county, { from: '2025-10-01', to: '2026-09-30' }),
    3,
    () => undefined,
    log,
  );
  for (const s of allSources(march))
    await time(
      `  source ${s.name}`,
      () => countSource(db, s, m),
      3,
      () => undefined,
      log,
    );
  await time(
    '  population',
    () => populationCounts(db, march, m),
    3,
    () => undefined,
    log,
  );

  const app = buildTestApp(db, url, { config: { NODE_ENV: 'test' } });
  const user = await makeUser(db, { role: 'supervisor', regionId: county.id, username: `bench${Date.now() % 100000}` });
  const c = new Client(app.app);
  await c.login(user.username, user.password);
  await time(
    'HTTP: GET /reports/monthly (county, HTML)',
    async () => {
      const res = await c.get('/reports/monthly?region=990100&month=2026-03');
      if (res.status !== 200) throw new Error(`status ${res.status}`);
    },
    7,
    (ms) => (result.html = ms),
    log,
  );
  await time(
    'HTTP: GET /reports/monthly (county, XLSX)',
    async () => void (await c.get('/reports/monthly?region=990100&month=2026-03&format=xlsx')),
    3,
    () => undefined,
    log,
  );
  await app.close();
  log(`county monthly report HTML / bare SQL = ${(result.html / result.bareSql).toFixed(2)}`);
  return result;
}

async function main() {
  let url = arg('url');
  let stop: (() => Promise<void>) | undefined;
  const dir = arg('keep') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fp-scale-'));
  if (!url) {
    const server = await startEmbeddedPostgres({ dir, settings: { fsync: 'off', synchronous_commit: 'off', shared_buffers: '256MB', work_mem: '16MB' } });
    await ensureDatabase(server.url('postgres'), 'fp_scale');
    url = server.url('fp_scale');
    stop = () => server.stop();
  }
  const db = createDb(url, { poolMax: 10 });
  try {
    await prepareSchema(db);
    const { rows } = await db.raw<{ rows: { n: number }[] }>('select count(*)::int as n from women');
    if (rows[0].n === 0) {
      const t0 = performance.now();
      await generate(db, WOMEN);
      console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    for (const table of ['women', 'children', 'pregnancies', 'services', 'contraception_episodes', 'follow_ups', 'certificates', 'transfers', 'population_figures']) {
      const { rows: r } = await db.raw<{ rows: { n: number }[] }>(`select count(*)::int as n from ${table}`);
      console.log(`${table.padEnd(24)} ${String(r[0].n).padStart(9)}`);
    }
    await measureReports(db, url, (line) => console.log(line));
    const county = (await getCounty(db))!;
    const march = { from: '2026-03-01', to: '2026-03-31' };
    if (arg('explain')) {
      for (const s of allSources(march).filter((x) => ['stock', 'procedures', 'follow_ups', 'late', 'births_previous'].includes(x.name))) {
        const cols = Object.entries(s.flags).map(([k, f]) => (f === 'true' ? `count(*) as "${k}"` : `count(*) filter (where ${f}) as "${k}"`));
        const { rows: plan } = await db.raw<{ rows: { 'QUERY PLAN': string }[] }>(
          `explain (analyze, buffers off) with rv as (select v.id as village_id, v.parent_id as row_id from regions v where v.level = 'village' and v.code like ?)
           select rv.row_id, ${cols.join(', ')} from (${s.sql}) s join rv on rv.village_id = s.village_id group by rv.row_id`,
          [`${county.code}%`, ...s.bindings],
        );
        console.log(`\n--- EXPLAIN ANALYZE ${s.name}\n${plan.map((p) => p['QUERY PLAN']).join('\n')}`);
      }
    }
  } finally {
    await db.destroy();
    if (stop && !arg('keep')) {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    } else if (stop) await stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
