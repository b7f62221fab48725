/**
 * npm run cli -- import <kind> <file>: the same importers as the page, from the command line, as the operator
 * (system) — a bad file lists its problems and exits 1 having written nothing; a clean one exits 0.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld } from '../../helpers/fixtures.ts';
import { womanId } from '../../helpers/women.ts';
import { must } from '../../helpers/must.ts';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const HEADER = '身份证号,姓名,村代码,民族,户口性质,婚姻状况,结婚日期,配偶姓名,配偶身份证号,联系电话,住址,流动状态';

describe('import command', () => {
  const t = useTestDatabase();
  beforeAll(async () => {
    await seedWorld(t.db);
  });

  const run = (...args: string[]) =>
    spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['src/cli.ts', 'import', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_URL: t.url, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    });

  it('imports women (GB18030) and then their children; a bad file exits 1 and writes nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imp-'));
    const a = womanId('1990-03-03');
    const b = womanId('1992-04-04');
    const women = path.join(dir, 'women.csv');
    fs.writeFileSync(women, iconv.encode(`${HEADER}\r\n${a},钱秀英,990100001001,汉族,农业,初婚,2014-05-01,孙强,,,,常住\r\n${b},郑丽,990100002001,汉族,农业,未婚,,,,,,常住\r\n`, 'gb18030'));
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `${HEADER}\n${a},钱秀英,990100001099,汉族,农业,未婚,,,,,,常住\n`);

    const refused = run('women', bad);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('第 2 行 村代码「990100001099」：村代码 990100001099 不存在或不在您的管辖范围内');
    expect(await t.db('women').where({ id_number: a })).toHaveLength(0);

    const dry = run('women', women, '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('检查通过：2 行');
    expect(await t.db('women').whereIn('id_number', [a, b])).toHaveLength(0);

    const ok = run('women', women);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('已导入 2 行');
    expect(await t.db('women').whereIn('id_number', [a, b]).orderBy('id_number').pluck('name')).toEqual(a < b ? ['钱秀英', '郑丽'] : ['郑丽', '钱秀英']);

    const children = path.join(dir, 'children.csv');
    fs.writeFileSync(children, `母亲身份证号,子女姓名,性别,出生日期,孩次,政策属性,生育证号\n${a},孙小明,男,2016-08-08,1,,\n`);
    const kids = run('children', children);
    expect(kids.status, kids.stderr).toBe(0);
    const woman = must(await t.db('women').where({ id_number: a }).first('id'), 'woman');
    expect(await t.db('children').where({ woman_id: woman.id }).first('name', 'birth_order', 'policy_status')).toEqual({ name: '孙小明', birth_order: 1, policy_status: 'compliant' });
    fs.rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});
