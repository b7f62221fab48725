import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config.ts';

describe('configuration', () => {
  it('has working defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ env: 'development', port: 3000, host: '127.0.0.1', demo: true, databaseUrl: undefined });
    expect(c.dataDir.endsWith('.data')).toBe(true);
    expect(c.dbParallelWorkers).toBe(0);
    expect(loadConfig({ DB_PARALLEL_WORKERS: '2' }).dbParallelWorkers).toBe(2);
  });
  it('never loads the demo county in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', DEMO: '1' }).demo).toBe(false);
    expect(loadConfig({ DEMO: '0' }).demo).toBe(false);
  });
  it('refuses bad values with a clear message', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/32/);
    expect(() => loadConfig({ DEMO: 'maybe' })).toThrow(/DEMO/);
    expect(() => loadConfig({ DB_PARALLEL_WORKERS: '-1' })).toThrow(/DB_PARALLEL_WORKERS/);
    expect(() => loadConfig({ DB_PARALLEL_WORKERS: '9' })).toThrow(/DB_PARALLEL_WORKERS/);
    expect(() => loadConfig({ DB_PARALLEL_WORKERS: 'two' })).toThrow(/DB_PARALLEL_WORKERS/);
  });
  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });
});
