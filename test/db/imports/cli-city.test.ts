/**
 * npm run cli -- import past one county (issue 19): in a city deployment (three counties) the command does not
 * guess the county — without --region it refuses in Chinese and writes nothing; with --region <county> the rows
 * go into that county's register under its scope (another county's village is refused); a city code or an
 * unknown code is refused. Also: create-region in such a deployment acts for the region the new one goes under.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedCityWorld } from '../../helpers/city-fixtures.ts';
import { cli } from '../../helpers/cli.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { womanId } from '../../helpers/women.ts';

const HEADER = '身份证号,姓名,村代码,民族,户口性质,婚姻状况,结婚日期,配偶姓名,配偶身份证号,联系电话,住址,流动状态';

describe('import command in a city deployment', () => {
  const t = useTestDatabase();
  let dir: string;
  beforeAll(async () => {
    await seedCityWorld(t.db);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imp-city-'));
    return () => fs.rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, id: string, village: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, `${HEADER}\n${id},${name.slice(0, 2)},${village},汉族,农业,未婚,,,,,,常住\n`);
    return p;
  };

  it('refuses to guess the county, and imports into the county named by --region', async () => {
    const id = womanId('1991-06-06');
    const women = file('乙县妇女.csv', id, '990101001001');

    const ambiguous = cli(t.url, ['import', 'women', women]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.err).toContain('本系统有 3 个县级区划（990100 示例县、990101 乙县、990201 丙县），无法确定以哪个县的名义执行：请加 --region <区划代码>');
    expect(await t.db('women').where({ id_number: id })).toHaveLength(0);

    const wrongCounty = cli(t.url, ['import', 'women', women, '--region', '990100']);
    expect(wrongCounty.code).toBe(1);
    expect(wrongCounty.err).toContain('村代码 990101001001 不存在或不在您的管辖范围内');

    const ok = cli(t.url, ['import', 'women', women, '--region', '990101']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('已导入 1 行');
    expect(await t.db('women as w').join('regions as v', 'v.id', 'w.region_id').where('w.id_number', id).pluck('v.code')).toEqual(['990101001001']);
  }, 90_000);

  it('refuses a city code or an unknown code for --region', () => {
    const women = file('丙县妇女.csv', womanId('1991-07-07'), '990201001001');
    const city = cli(t.url, ['import', 'women', women, '--region', '9901']);
    expect([city.code, city.err.includes('--region 应为县或乡镇的区划代码')]).toEqual([1, true]);
    const unknown = cli(t.url, ['import', 'women', women, '--region', '990199']);
    expect([unknown.code, unknown.err.includes('--region：区划 990199 不存在')]).toEqual([1, true]);
  }, 60_000);

  it('create-region acts for the region the new one goes under', async () => {
    const r = cli(t.url, ['create-region', '--code', '990101002', '--name', '乙县东镇']);
    expect(r.code, r.err).toBe(0);
    const created = (await t.db('regions').where({ code: '990101002' }).first())!;
    expect(
      (await t
        .db('audit_log')
        .where({ action: 'region.create', entity_id: String(created.id) })
        .first('username'))!.username,
    ).toBe('system');
  }, 60_000);
});
