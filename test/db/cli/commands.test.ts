import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../helpers/db.ts';
import { cli, root, tsx } from '../../helpers/cli.ts';
import { must } from '../../helpers/must.ts';

describe('operator command line', () => {
  const t = useTestDatabase();

  it('migrates, creates regions and a user whose password comes from standard input', async () => {
    expect(cli(t.url, ['migrate']).code).toBe(0);
    const county = cli(t.url, ['create-region', '--code', '990100', '--name', '示例县']);
    expect(county.code, county.err).toBe(0);
    expect(county.out).toContain('已新增区划 990100 示例县');
    expect(cli(t.url, ['create-region', '--code', '990100001', '--name', '城关镇']).code).toBe(0);

    const user = cli(t.url, ['create-user', '--username', 'ops_admin', '--role', 'admin', '--region', '990100'], 'Operator-Pass-1\n');
    expect(user.code, user.err).toBe(0);
    const row = must(await t.db('users').where({ username: 'ops_admin' }).first(), 'user');
    expect(row).toMatchObject({ role: 'admin', must_change_password: false });
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    const audit = must(
      await t
        .db('audit_log')
        .where({ action: 'user.create', entity_id: String(row.id) })
        .first(),
      'audit row',
    );
    expect(audit.username).toBe('system');
  }, 60_000);

  it('fails with a clear message and a non-zero exit on bad input, changing nothing', async () => {
    const before = (await t.db('regions').count({ n: '*' }))[0];
    const badCode = cli(t.url, ['create-region', '--code', '99010', '--name', 'x']);
    expect(badCode.code).not.toBe(0);
    expect(badCode.err).toMatch(/6 位/);
    const missing = cli(t.url, ['create-region', '--code', '990100002']);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toContain('缺少参数 --name');
    const clerkAtCounty = cli(t.url, ['create-user', '--username', 'c1', '--role', 'clerk', '--region', '990100'], 'Operator-Pass-1\n');
    expect(clerkAtCounty.code).not.toBe(0);
    expect(clerkAtCounty.err).toMatch(/县级区划不能设录入员/);
    const unknown = cli(t.url, ['frobnicate']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('未知命令');
    expect((await t.db('regions').count({ n: '*' }))[0]).toEqual(before);
  }, 60_000);

  it('refuses a bad configuration value with exit code 1', () => {
    const r = spawnSync(tsx, ['src/cli.ts', 'migrate'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, PORT: 'not-a-port' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/配置错误[\s\S]*PORT/);
  });
});
