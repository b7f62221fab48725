/**
 * Start: config → database (embedded or DATABASE_URL) → migrate → demo county (empty, non-production) → app →
 * listen. SIGTERM/SIGINT: stop accepting, finish requests in flight, close the pools, stop the embedded database.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { appClock } from './clock.ts';
import { chinaDate } from './domain/dates.ts';
import { createSessionStore } from './auth/session.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createPgPool } from './db/knex.ts';
import { openDatabase, prepareSchema } from './db/open.ts';
import { ReplicaHealth } from './db/replica-health.ts';
import { createPasswordHasher } from './features/accounts/service.ts';
import { createLogger } from './http/request-log.ts';
import { nightlyJobs } from './jobs/index.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { isDatabaseEmpty, seedDemo } from '../seeds/demo/index.ts';
import { demoAccountsSummary } from '../seeds/demo/accounts.ts';

/** SESSION_SECRET, or one generated once and kept in the data folder so sessions survive a restart. */
function sessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'session-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const say = (line: string) => console.log(line);

  const database = await openDatabase(config, { log: say });
  const { db } = database;
  const applied = await prepareSchema(db);
  if (applied.length) say(`已执行数据库迁移：${applied.length} 个`);

  const hasher = createPasswordHasher(config.argon2MemoryKib);
  const now = appClock(config.clockStart);
  const demoLoaded = config.demo && (await isDatabaseEmpty(db));
  if (demoLoaded) {
    say(`正在装入演示县（约 ${config.demoWomen} 名育龄妇女）…`);
    await seedDemo(db, hasher, { women: config.demoWomen, env: config.env, log: say, today: chinaDate(now()) });
  }

  const sessionPool = createPgPool(database.url);
  const sessionStore = createSessionStore(sessionPool, true);
  const replica = config.replicaUrl ? new ReplicaHealth(db, database.reportsDb, config.replicaUrl, { now }) : undefined;
  const ctx = { config, db, reportsDb: database.reportsDb, replica, hasher, logger, now };
  const app = createApp({ ...ctx, sessionStore, sessionSecret: sessionSecret(config), sessionPool });

  const server: Server = app.listen(config.port, config.host, () => {
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/`;
    say(`\n计划生育服务管理平台 已启动：${url}`);
    if (config.demo) say(demoAccountsSummary());
    say('按 Ctrl+C 停止。');
  });
  server.on('error', async (err) => {
    console.error(`无法在 ${config.host}:${config.port} 上启动：${err.message}`);
    await database.close();
    process.exit(1);
  });
  const stopJobs = startScheduler(ctx, nightlyJobs);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n收到 ${signal}，正在停止…`);
    stopJobs();
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    server.close(async () => {
      // connect-pg-simple's close() stops its prune timer; the pool is ours to end.
      (sessionStore as unknown as { close?: () => void }).close?.();
      await sessionPool.end().catch(() => undefined);
      await database.close();
      say('已停止。');
      process.exit(0);
    });
    // A keep-alive connection whose request was in flight becomes idle only after its response: close those as
    // they go idle rather than wait out the keep-alive timeout.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('启动失败：', err instanceof Error ? err.message : err);
  process.exit(1);
});
