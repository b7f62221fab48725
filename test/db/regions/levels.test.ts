/**
 * Regions above the county (issue 19 §1): a province → cities → counties tree with parents from the codes, the
 * refusals at the code field, an admin who adds only below her own region, and growing a one-county deployment
 * into a city and then a province (regions:add-parent, tested here through its service and as a command).
 */
import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../../src/auth/actor.ts';
import { ValidationError } from '../../../src/errors.ts';
import { addParentRegion, createRegion, createRegionInScope, regionTree } from '../../../src/features/regions/service.ts';
import { seedCityWorld } from '../../helpers/city-fixtures.ts';
import { cli } from '../../helpers/cli.ts';
import { useTestDatabase, withRollback } from '../../helpers/db.ts';
import { seedWorld } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';

const codeError = async (p: Promise<unknown>, field = 'code') => {
  try {
    await p;
    return 'created';
  } catch (e) {
    return e instanceof ValidationError ? (e.fieldErrors[field] ?? e.formErrors.join(' ')) : String(e);
  }
};

const cityAdmin = (city: { id: number; code: string; name: string }): Actor => ({
  ...systemActor(city),
  userId: 0,
  level: 'city',
  scope: { level: 'city', regionId: city.id, code: city.code },
});

describe('regions above the county', () => {
  const t = useTestDatabase();
  const inCity = (fn: (db: Knex) => Promise<void>) => withRollback(t.db, fn);

  it('builds province → cities → counties → townships, each parent from the code', () =>
    inCity(async (db) => {
      const w = await seedCityWorld(db);
      expect(w.province.parent_id).toBeNull();
      expect([w.city.parent_id, w.otherCity.parent_id]).toEqual([w.province.id, w.province.id]);
      expect([w.countyA.parent_id, w.countyB.parent_id, w.countyC.parent_id]).toEqual([w.city.id, w.city.id, w.otherCity.id]);
      expect(w.townshipB1.parent_id).toBe(w.countyB.id);
      const [root] = await regionTree(db);
      expect(root.code).toBe('99');
      expect(root.children.map((c) => c.code)).toEqual(['9901', '9902']);
      expect(root.children[0].children.map((c) => c.name)).toEqual(['示例县', '乙县']);
      // A city admin's tree starts at her city.
      const mine = await regionTree(db, { level: 'city', regionId: w.city.id, code: w.city.code });
      expect(mine.map((r) => r.code)).toEqual(['9901']);
    }));

  it('refuses codes that do not fit the tree, at the code field, in Chinese', () =>
    inCity(async (db) => {
      await seedCityWorld(db);
      const before = (await db('regions').count({ n: '*' }))[0];
      const add = (code: string) => codeError(createRegion(db, null, { code, name: '测试' }));
      expect(await add('990300')).toBe('上级区划 9903 不存在：请先建立市级区划');
      expect(await add('88')).toMatch(/最高区划是省级 99 示例省：新区划应在其下/);
      expect(await add('8801')).toMatch(/最高区划是省级 99 示例省/);
      expect(await add('9901')).toBe('区划代码 9901 已存在');
      expect(await add('99010')).toMatch(/2 位\(省\)、4 位\(市\)/);
      expect((await db('regions').count({ n: '*' }))[0]).toEqual(before);
    }));

  it('a city admin adds counties under her city (and what lies below), never in another city', () =>
    inCity(async (db) => {
      const w = await seedCityWorld(db);
      const actor = cityAdmin(w.city);
      const created = await createRegionInScope(db, actor, { code: '990102', name: '丁县' });
      expect(created).toMatchObject({ level: 'county', parent_id: w.city.id });
      expect(await codeError(createRegionInScope(db, actor, { code: '990202', name: '戊县' }))).toBe('区划代码应以本级代码 9901 开头，且为下级区划');
      expect(await codeError(createRegionInScope(db, actor, { code: '9903', name: '新市' }))).toMatch(/以本级代码 9901 开头/);
      expect(await db('regions').where({ code: '990202' }).first()).toBeUndefined();
      const audit = must(
        await db('audit_log')
          .where({ action: 'region.create', entity_id: String(created.id) })
          .first(),
        'audit row',
      );
      expect(audit.after).toMatchObject({ code: '990102', level: 'county' });
    }));

  it('grows a one-county deployment into a city, then a province, with audit rows', () =>
    inCity(async (db) => {
      const w = await seedWorld(db);
      expect(await codeError(addParentRegion(db, null, { level: 'city', code: '9902', name: '错市' }))).toBe('市级代码应为 990100 的前 4 位（9901）');
      expect(await codeError(addParentRegion(db, null, { level: 'city', code: '99', name: '错' }))).toBe('市代码应为 4 位数字');
      const city = await addParentRegion(db, null, { level: 'city', code: '9901', name: '示例市' });
      expect(must(await db('regions').where({ id: w.county.id }).first(), 'county').parent_id).toBe(city.id);
      expect(await codeError(addParentRegion(db, null, { level: 'city', code: '9901', name: '再来' }), 'level')).toMatch(/已是市级，新增的上级应高于它/);
      const province = await addParentRegion(db, null, { level: 'province', code: '99', name: '示例省' });
      expect(must(await db('regions').where({ id: city.id }).first(), 'city').parent_id).toBe(province.id);
      expect((await db('regions').whereNull('parent_id')).map((r: { code: string }) => r.code)).toEqual(['99']);
      // The grown tree takes a second county under the city.
      expect(await createRegion(db, null, { code: '990101', name: '乙县' })).toMatchObject({ parent_id: city.id });
      const audits = await db('audit_log').where({ action: 'region.add_parent' }).orderBy('id');
      expect(audits.map((a) => [(a.after as { code: string }).code, (a.after as { child: string }).child])).toEqual([
        ['9901', '990100'],
        ['99', '9901'],
      ]);
    }));

  it('the database refuses a township at the root and a province under a parent', () =>
    inCity(async (db) => {
      const w = await seedCityWorld(db);
      await expect(db.raw(`savepoint s; insert into regions (code, name, level) values ('990100003', '无上级镇', 'township')`)).rejects.toThrow(/regions_parent_check/);
      await db.raw('rollback to savepoint s');
      await expect(db('regions').insert({ code: '98', name: '下级省', level: 'province', parent_id: w.province.id })).rejects.toThrow(/regions_parent_check/);
    }));
});

describe('regions:add-parent (operator command)', () => {
  const t = useTestDatabase();

  it('puts a city above the existing county, and refuses a code that is not the county’s prefix', async () => {
    await seedWorld(t.db);
    const wrong = cli(t.url, ['regions:add-parent', '--level', 'city', '--code', '9902', '--name', '错市']);
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('市级代码应为 990100 的前 4 位（9901）');
    const badLevel = cli(t.url, ['regions:add-parent', '--level', 'county', '--code', '9901', '--name', '示例市']);
    expect(badLevel.code).not.toBe(0);
    expect(badLevel.err).toContain('--level 应为 city 或 province');
    const ok = cli(t.url, ['regions:add-parent', '--level', 'city', '--code', '9901', '--name', '示例市']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('已新增市(州) 9901 示例市');
    const city = must(await t.db('regions').where({ code: '9901' }).first(), 'city');
    expect(city).toMatchObject({ level: 'city', parent_id: null });
    expect(must(await t.db('regions').where({ code: '990100' }).first(), 'county').parent_id).toBe(city.id);
  }, 60_000);
});
