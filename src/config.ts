/**
 * Configuration: the only module that reads process.env. Parsed once with zod; a bad value stops the
 * process with a clear message (see server.ts / cli.ts), never a half-configured server.
 */
import path from 'node:path';
import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const flag = (fallback: boolean) => z.preprocess(emptyToUndefined, z.enum(['0', '1', 'true', 'false']).optional()).transform((v) => (v === undefined ? fallback : v === '1' || v === 'true'));
const positiveInt = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()).transform((v) => v ?? fallback);

const EnvSchema = z.object({
  NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATABASE_REPLICA_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  DATA_DIR: optionalString,
  SESSION_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'SESSION_SECRET 至少需要 32 个字符').optional()),
  DEMO: flag(true),
  DEMO_WOMEN: positiveInt(3000),
  TRUST_PROXY: flag(false),
  COOKIE_SECURE: z.preprocess(emptyToUndefined, z.enum(['auto', '0', '1']).default('auto')),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  LOGIN_RATE_LIMIT: positiveInt(20),
  ARGON2_MEMORY_KIB: positiveInt(19456),
  BANK_EXPORT_FULL_ACCOUNT: flag(false),
  DB_PARALLEL_WORKERS: z.preprocess(emptyToUndefined, z.coerce.number({ message: 'DB_PARALLEL_WORKERS 须为 0–8 的整数' }).int().min(0).max(8).default(0)),
  INSTANCE_NAME: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[\w.-]{1,40}$/, 'INSTANCE_NAME 只能含字母、数字、点、横线和下划线（最多 40 个）')
      .optional(),
  ),
  CLOCK_START: z.preprocess(emptyToUndefined, z.iso.datetime({ offset: true, message: 'CLOCK_START 须为 ISO 时间，如 2026-11-18T10:00:00+08:00' }).optional()),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  replicaUrl: string | undefined;
  dataDir: string;
  sessionSecret: string | undefined;
  demo: boolean;
  demoWomen: number;
  trustProxy: boolean;
  cookieSecure: boolean | 'auto';
  logLevel: string;
  /** POST /login attempts allowed per client address per minute. */
  loginRateLimit: number;
  argon2MemoryKib: number;
  /** Bank CSV shows full account numbers when true (a county decision; masked by default). */
  bankExportFullAccount: boolean;
  /**
   * Where the app's clock starts (tests and demonstrations only; refused in production): the clock then runs
   * from that instant, so "today" is the same on any day the suite runs.
   */
  clockStart: Date | undefined;
  /** PostgreSQL's max_parallel_workers_per_gather on the app's connections (0: none; see db/knex.ts). */
  dbParallelWorkers: number;
  /** This process's name when several instances run behind a proxy (sent as X-Instance, kept in job_runs). */
  instanceName: string | undefined;
  /** Idle and absolute session limits (DESIGN §8). */
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
}

export class ConfigError extends Error {}

/** Parse an environment (process.env or a test's own object) into a frozen Config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`配置错误 (configuration error):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.CLOCK_START && e.NODE_ENV === 'production') throw new ConfigError('配置错误 (configuration error):\n  CLOCK_START: 生产环境不得设置');
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    replicaUrl: e.DATABASE_REPLICA_URL,
    dataDir: path.resolve(e.DATA_DIR ?? '.data'),
    sessionSecret: e.SESSION_SECRET,
    demo: e.DEMO && e.NODE_ENV !== 'production',
    demoWomen: e.DEMO_WOMEN,
    trustProxy: e.TRUST_PROXY,
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === '1',
    logLevel: e.LOG_LEVEL,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    argon2MemoryKib: e.ARGON2_MEMORY_KIB,
    bankExportFullAccount: e.BANK_EXPORT_FULL_ACCOUNT,
    clockStart: e.CLOCK_START ? new Date(e.CLOCK_START) : undefined,
    instanceName: e.INSTANCE_NAME,
    dbParallelWorkers: e.DB_PARALLEL_WORKERS,
    sessionIdleMs: 30 * 60 * 1000,
    sessionAbsoluteMs: 12 * 60 * 60 * 1000,
  });
}

/** Test-only variables, read here so that no other module touches process.env. */
export function testEnv(env: Record<string, string | undefined> = process.env) {
  return {
    testDatabaseUrl: emptyToUndefined(env.TEST_DATABASE_URL) as string | undefined,
    poolId: env.VITEST_POOL_ID ?? env.VITEST_WORKER_ID ?? '1',
    keepArtifacts: env.KEEP_TEST_ARTIFACTS === '1',
  };
}
