// scratch: per-source timing on the bench DB (deleted before commit)
import { performance } from 'node:perf_hooks';
import { openBenchDb } from './bench-db.ts';
import { getCounty } from '../../src/features/regions/service.ts';
import { allSources } from '../../src/features/reports/engine/sources.ts';
import { countSource } from '../../src/features/reports/engine/queries.ts';
import { computeReport, computeReportLive } from '../../src/features/reports/service.ts';
import { stockSupplied } from '../../src/features/reports/engine/stock-source.ts';
import { storedStockAt } from '../../src/features/reports/store/stock-queries.ts';

const dir = process.argv[2] ?? '/work/bench-hot';
const bench = await openBenchDb({ women: 100000, dataDir: dir, log: (l) => console.log(l) });
const db = bench.db;
const county = (await getCounty(db))!;
const month = process.argv[3] ?? '2026-10';
const [y, m] = month.split('-').map(Number);
const r = { from: `${month}-01`, to: new Date(Date.UTC(y!, m!, 0)).toISOString().slice(0, 10) };
const map = { prefix: county.code, rowLevel: 'township' as const };
const t = async (label: string, fn: () => Promise<unknown>) => {
  const xs: number[] = [];
  for (let i = 0; i < 3; i++) { const t0 = performance.now(); await fn(); xs.push(performance.now() - t0); }
  console.log(label.padEnd(28), xs.map((x) => x.toFixed(0)).join(' / '), 'ms');
};
for (const s of allSources(r)) await t(s.name, () => countSource(db, s, map));
await t('stockSupplied', () => countSource(db, stockSupplied(r), map));
await t('storedStockAt', () => storedStockAt(db, { sql: `select v.id as village_id, v.parent_id as row_id from regions v where v.level = 'village' and v.code like ?`, bindings: [`${county.code}%`] }, r.to));
await t('report (store)', () => computeReport(db, county, r));
await t('report (live)', () => computeReportLive(db, county, r));
const a = await computeReport(db, county, r), b = await computeReportLive(db, county, r);
console.log('equal:', JSON.stringify(a.total) === JSON.stringify(b.total));
await bench.close();
