/**
 * The figure store measured (issue 19 §2) on the synthetic county of report-scale.ts (~100,000 cards, five years of
 * history): the store's rebuild (figures:rebuild), the county monthly report from the store vs from the live source
 * SQL, the nightly check, and the cost of a write with the store's triggers vs without them (the same writes
 * through the services, the triggers paused for the database). Not a test; a measurement:
 *
 *   npx tsx test/bench/figure-store.ts [--women 100000] [--rounds 5] [--keep DIR]
 *
 * `npm run bench -- --figure-store` runs it too (test/bench/run.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import { ensureDatabase, startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { createDb } from '../../src/db/knex.ts';
import { prepareSchema } from '../../src/db/open.ts';
import { checkFigureStore, computeReport, computeReportLive, rebuildFigureStore } from '../../src/features/reports/service.ts';
import { getCounty, getRegionByCode } from '../../src/features/regions/service.ts';
import { recordService } from '../../src/features/services/service.ts';
import { createCard } from '../../src/features/women/service.ts';
import { makeUser } from '../helpers/fixtures.ts';
import { actorFor, cardInput, womanId } from '../helpers/women.ts';
import { generate } from './report-scale.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? 'true') : undefined;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

async function rounds(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push((await timed(fn))[1]);
  return median(times);
}

/** N card saves and N procedures through the services (each its own transaction), median per write. */
async function writes(db: Knex, n: number): Promise<{ card: number; service: number }> {
  const township = (await getRegionByCode(db, '990100001'))!;
  const user = await makeUser(db, { role: 'clerk', regionId: township.id });
  const clerk = actorFor(user, township);
  const opts = { today: '2026-11-18' };
  const card: number[] = [];
  const service: number[] = [];
  for (let i = 0; i < n; i++) {
    const [created, ms] = await timed(() => createCard(db, clerk, cardInput('990100001001', { id_number: womanId('1992-03-04'), registered_on: '2026-11-01' }), opts));
    card.push(ms);
    service.push((await timed(() => recordService(db, clerk, created.id, { kind: 'iud_insertion', performed_on: '2026-11-10', facility: '乡镇卫生院' }, opts)))[1]);
  }
  return { card: median(card), service: median(service) };
}

export interface FigureStoreBench {
  women: number;
  rebuildMs: number;
  reportStoreMs: number;
  reportLiveMs: number;
  checkMs: number;
  writesWithTriggers: { card: number; service: number };
  writesWithout: { card: number; service: number };
}

export async function measureFigureStore(url: string, dbName: string, log: (line: string) => void, n = 5): Promise<FigureStoreBench> {
  let db = createDb(url, { poolMax: 10 });
  try {
    const county = (await getCounty(db))!;
    const october = { from: '2026-10-01', to: '2026-10-31' };
    const [rebuilt, rebuildMs] = await timed(() => rebuildFigureStore(db, { log }));
    log(`figures:rebuild: ${rebuilt.women} card ids, ${rebuilt.contributions} contributions, ${rebuilt.counts} counts in ${(rebuildMs / 1000).toFixed(1)} s`);
    const [a, b] = [await computeReport(db, county, october), await computeReportLive(db, county, october)];
    if (JSON.stringify(a.total) !== JSON.stringify(b.total)) throw new Error('store and live reports differ');
    const reportStoreMs = await rounds(n, () => computeReport(db, county, october));
    const reportLiveMs = await rounds(n, () => computeReportLive(db, county, october));
    log(`county monthly report (engine): store ${reportStoreMs.toFixed(0)} ms, live SQL ${reportLiveMs.toFixed(0)} ms (${(reportLiveMs / reportStoreMs).toFixed(2)}×)`);
    const [check, checkMs] = await timed(() => checkFigureStore(db, new Date()));
    log(`nightly check: ${check.run.keys_compared} figures, ${check.run.differences} differences, ${(checkMs / 1000).toFixed(1)} s`);

    // Writes without the store: the triggers paused for every session of the database (a fresh pool picks it up).
    await db.raw(`alter database ${dbName} set fp.figures_paused = 'on'`);
    await db.destroy();
    db = createDb(url, { poolMax: 10 });
    const writesWithout = await writes(db, 3 * n);
    await db.raw(`alter database ${dbName} reset fp.figures_paused`);
    await db.destroy();
    db = createDb(url, { poolMax: 10 });
    const writesWithTriggers = await writes(db, 3 * n);
    log(
      `card save (createCard): ${writesWithTriggers.card.toFixed(1)} ms with the store, ${writesWithout.card.toFixed(1)} ms without; ` +
        `procedure (recordService): ${writesWithTriggers.service.toFixed(1)} ms with, ${writesWithout.service.toFixed(1)} ms without`,
    );
    await rebuildFigureStore(db);
    const women = Number((await db('women').count<{ n: number }[]>('* as n'))[0]!.n);
    return { women, rebuildMs, reportStoreMs, reportLiveMs, checkMs, writesWithTriggers, writesWithout };
  } finally {
    await db.destroy();
  }
}

async function main() {
  const women = Number(arg('women') ?? 100_000);
  const dir = arg('keep') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fp-figures-'));
  const server = await startEmbeddedPostgres({ dir, settings: { fsync: 'off', synchronous_commit: 'off', shared_buffers: '256MB', work_mem: '16MB' } });
  await ensureDatabase(server.url('postgres'), 'fp_figures');
  const url = server.url('fp_figures');
  try {
    const db = createDb(url, { poolMax: 4 });
    await prepareSchema(db);
    const empty = Number((await db('women').count<{ n: number }[]>('* as n'))[0]!.n) === 0;
    if (empty) {
      // Generated in bulk with the store's triggers paused; the measurement starts with the rebuild.
      await db.raw(`alter database fp_figures set fp.figures_paused = 'on'`);
      await db.destroy();
      const bulk = createDb(url, { poolMax: 4 });
      const t0 = performance.now();
      await generate(bulk, women);
      console.log(`generated ${women} cards in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      await bulk.raw(`alter database fp_figures reset fp.figures_paused`);
      await bulk.raw('analyze');
      await bulk.destroy();
    } else await db.destroy();
    const result = await measureFigureStore(url, 'fp_figures', (l) => console.log(l), Number(arg('rounds') ?? 5));
    console.log(JSON.stringify(result));
  } finally {
    await server.stop();
    if (!arg('keep')) fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
