/** The real app over a test database: same middleware, sessions in PostgreSQL, a clock the test can move. */
import type { Express } from 'express';
import type { Knex } from 'knex';
import { pino, type Logger } from 'pino';
import { createApp } from '../../src/app.ts';
import { createSessionStore } from '../../src/auth/session.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { createPgPool } from '../../src/db/knex.ts';
import { createPasswordHasher } from '../../src/features/accounts/service.ts';
import { TEST_NOW } from './clock.ts';

export function testConfig(overrides: Record<string, string> = {}): Readonly<Config> {
  return loadConfig({
    NODE_ENV: 'test',
    ARGON2_MEMORY_KIB: '256',
    LOGIN_RATE_LIMIT: '100000',
    LOG_LEVEL: 'silent',
    DEMO: '0',
    SESSION_SECRET: 'test-secret-test-secret-test-secret-0123',
    ...overrides,
  });
}

/** A clock that starts at the suite's fixed instant and moves only when told to. */
export class TestClock {
  private t = TEST_NOW.getTime();
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
  set(date: Date) {
    this.t = date.getTime();
  }
}

export interface TestApp {
  app: Express;
  ctx: AppContext;
  clock: TestClock;
  close(): Promise<void>;
}

export const testHasher = createPasswordHasher(256);

export function buildTestApp(
  db: Knex,
  url: string,
  options: { config?: Record<string, string>; logger?: Logger; reports?: (clock: TestClock) => Pick<AppContext, 'reportsDb' | 'replica'> } = {},
): TestApp {
  const config = testConfig(options.config);
  const clock = new TestClock();
  const pool = createPgPool(url, 3);
  const sessionStore = createSessionStore(pool, false);
  const ctx: AppContext = { config, db, reportsDb: db, ...options.reports?.(clock), hasher: testHasher, logger: options.logger ?? pino({ level: 'silent' }), now: clock.now };
  const app = createApp({ ...ctx, sessionStore, sessionSecret: config.sessionSecret!, sessionPool: pool });
  return {
    app,
    ctx,
    clock,
    async close() {
      await pool.end();
    },
  };
}
