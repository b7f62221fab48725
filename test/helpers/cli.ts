/** Run the operator command line (`npm run cli -- …`) as a child process against a test database. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

export function cli(url: string, args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(tsx, ['src/cli.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, DATABASE_URL: url, NODE_ENV: 'test', ARGON2_MEMORY_KIB: '256', LOG_LEVEL: 'silent', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
