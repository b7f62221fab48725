/**
 * The benchmark's database: an embedded PostgreSQL in a folder of its own (a temp dir, or --data DIR to keep it
 * between runs), migrated, with the demo county generated at the asked size by the demo generator (the same
 * code as `npm run cli -- seed-demo --women N`) and the nightly data-quality recompute run once, then ANALYZEd.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded.ts';
import { createDb } from '../../src/db/knex.ts';
import { prepareSchema } from '../../src/db/open.ts';
import { chinaDate } from '../../src/domain/dates.ts';
import { createPasswordHasher } from '../../src/features/accounts/service.ts';
import { recomputeFindings } from '../../src/features/women/service.ts';
import { isDatabaseEmpty, seedDemo } from '../../seeds/demo/index.ts';

export interface BenchDb {
  server: EmbeddedServer;
  url: string;
  db: Knex;
  dir: string;
  /** The generator's "today" (history runs five years up to it). */
  today: string;
  close(): Promise<void>;
}

/** PostgreSQL's shared_buffers of the bench cluster unless a run says otherwise (--shared-buffers). */
export const BENCH_SHARED_BUFFERS = '256MB';

export async function openBenchDb(options: { women: number; dataDir?: string; sharedBuffers?: string; log: (line: string) => void }): Promise<BenchDb> {
  const dir = options.dataDir ? path.resolve(options.dataDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'fp-bench-'));
  const keep = !!options.dataDir;
  const server = await startEmbeddedPostgres({
    dir,
    // A throwaway cluster: no fsync (both sides of every ratio run on it alike).
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', shared_buffers: options.sharedBuffers ?? BENCH_SHARED_BUFFERS, work_mem: '16MB', max_connections: '60' },
  });
  await ensureDatabase(server.url('postgres'), 'fp_bench');
  const url = server.url('fp_bench');
  const db = createDb(url, { poolMax: 10, applicationName: 'fp-bench' });
  await prepareSchema(db);
  const todayFile = path.join(dir, 'bench-today');
  if (await isDatabaseEmpty(db)) {
    const today = chinaDate(new Date());
    const t0 = Date.now();
    options.log(`生成演示县：${options.women} 名育龄妇女（demo generator）…`);
    await seedDemo(db, createPasswordHasher(19456), { women: options.women, env: 'development', today, log: (l) => options.log(`  ${l}`) });
    const s = await recomputeFindings(db, today);
    options.log(`  数据质量检查：${s.women} 张卡，错误 ${s.errors}，提示 ${s.warnings}（${(s.ms / 1000).toFixed(1)} 秒）`);
    await db.raw('vacuum analyze');
    fs.writeFileSync(todayFile, today);
    options.log(`  共用时 ${((Date.now() - t0) / 1000).toFixed(0)} 秒`);
  } else {
    options.log(`复用已有的基准数据库：${dir}`);
  }
  const today = fs.existsSync(todayFile) ? fs.readFileSync(todayFile, 'utf8').trim() : chinaDate(new Date());
  return {
    server,
    url,
    db,
    dir,
    today,
    async close() {
      await db.destroy();
      await server.stop('fast');
      if (!keep) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
