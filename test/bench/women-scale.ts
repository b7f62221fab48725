/**
 * Measures the register at county scale (DESIGN §10): loads women-scale.sql (100,000 synthetic cards by default)
 * into a scratch embedded PostgreSQL, then times the card list (every query it issues, with EXPLAIN ANALYZE),
 * the findings recompute and the over-age exit. A measurement, not a test: nothing is asserted.
 *
 *   npx tsx test/bench/women-scale.ts [--women 100000] [--explain]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { createDb } from '../../src/db/knex.ts';
import { prepareSchema } from '../../src/db/open.ts';
import type { Scope } from '../../src/auth/actor.ts';
import { listWomen } from '../../src/features/women/service.ts';
import { recomputeFindings } from '../../src/features/women/service.ts';
import { exitOverAge } from '../../src/features/women/service.ts';
import type { WomenFilterValues } from '../../src/features/women/service.ts';

const argv = process.argv.slice(2);
const women = Number(argv[argv.indexOf('--women') + 1]) || 100_000;
const explain = argv.includes('--explain');

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - t0) / 1e6];
}

async function median(fn: () => Promise<unknown>, runs = 7): Promise<number> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push((await time(fn))[1]);
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function measureList(db: Knex, label: string, scope: Scope, filters: WomenFilterValues, page = 1) {
  const queries: { sql: string; bindings: readonly unknown[] }[] = [];
  const listener = (q: { sql: string; bindings: readonly unknown[] }) => queries.push(q);
  db.on('query', listener);
  const { pageInfo } = await listWomen(db, scope, filters, page);
  db.removeListener('query', listener);
  const ms = await median(() => listWomen(db, scope, filters, page));
  console.log(`${label.padEnd(44)} ${ms.toFixed(1).padStart(7)} ms  (${queries.length} queries, ${pageInfo.total} rows)`);
  if (explain) {
    for (const q of queries) {
      // The query event carries the SQL with $n placeholders; knex.raw wants ?.
      const plan = await db.raw<{ rows: { 'QUERY PLAN': string }[] }>(`explain (analyze, buffers) ${q.sql.replace(/\$\d+/g, '?')}`, q.bindings as Knex.RawBinding[]);
      const lines = plan.rows.map((r) => r['QUERY PLAN']);
      console.log(
        `    ${lines
          .filter((l) => /Execution Time|Scan|Sort Method/.test(l))
          .slice(0, 8)
          .join('\n    ')}`,
      );
    }
  }
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-bench-women-'));
  const server = await startEmbeddedPostgres({ dir, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
  const admin = createDb(server.url('postgres'), { poolMax: 1 });
  await admin.raw(`create database bench encoding 'UTF8' template template0`);
  await admin.destroy();
  const db = createDb(server.url('bench'), { poolMax: 4 });
  try {
    await prepareSchema(db);
    const sql = fs.readFileSync(path.join(import.meta.dirname, 'women-scale.sql'), 'utf8').replaceAll(':women', String(women));
    const [, loadMs] = await time(() => db.raw(sql));
    const counts = (
      await db.raw<{ rows: { w: number; c: number; e: number }[] }>(`select (select count(*) from women) w, (select count(*) from children) c, (select count(*) from contraception_episodes) e`)
    ).rows[0];
    console.log(`loaded ${counts.w} cards, ${counts.c} children, ${counts.e} episodes in ${(loadMs / 1000).toFixed(1)} s\n`);

    const county: Scope = { level: 'county', regionId: 1, code: '990100' };
    const town: Scope = { level: 'township', regionId: 2, code: '990100001' };
    await measureList(db, 'township, default (active, by village)', town, {});
    await measureList(db, 'township, page 100', town, {}, 100);
    await measureList(db, 'county, default', county, {});
    await measureList(db, 'county, sorted by name', county, { sort: 'name' });
    await measureList(db, 'county, recently changed first', county, { sort: 'updated', dir: 'desc' });
    await measureList(db, 'county, sorted by name, page 500', county, { sort: 'name' }, 500);
    await measureList(db, 'county, name contains 秀英', county, { q: '秀英' });
    await measureList(db, 'county, name contains 王 (many)', county, { q: '王' });
    await measureList(db, 'county, ID contains 19900512', county, { q: '19900512' });
    await measureList(db, 'county, ID contains 0512 (short)', county, { q: '0512' });
    await measureList(db, 'township, no method, married', town, { method: 'none', marital: 'first_marriage' });
    await measureList(db, 'county, IUD users, sorted by age', county, { method: 'iud', sort: 'age' });
    await measureList(db, 'county, outflow with problems', county, { migrant: 'outflow', problems: 'any' });
    await measureList(db, 'county, exited', county, { status: 'exited' });

    const [summary, recomputeMs] = await time(() => recomputeFindings(db, '2026-03-15'));
    console.log(`\nrecompute findings: ${summary.women} cards, ${summary.errors} E, ${summary.warnings} W in ${(recomputeMs / 1000).toFixed(1)} s`);
    const [exited, exitMs] = await time(() => exitOverAge(db, '2026-03-15'));
    console.log(`exit over-age: ${exited} cards in ${(exitMs / 1000).toFixed(1)} s`);
  } finally {
    await db.destroy();
    await server.stop('immediate');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
