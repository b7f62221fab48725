import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { createRegion, regionTree, setRegionActive } from '../../../src/features/regions/service.ts';
import { ValidationError } from '../../../src/errors.ts';
import { useTestDatabase, withRollback } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';

describe('regions service', () => {
  const t = useTestDatabase();
  /** Each test seeds its own county inside a transaction that is rolled back: no test sees another's rows. */
  const inWorld = (fn: (db: Knex, w: World) => Promise<void>) => withRollback(t.db, async (trx) => fn(trx, await seedWorld(trx)));

  it('builds the tree and derives each parent from the code', () =>
    inWorld(async (db, w) => {
      expect(w.villageA1.parent_id).toBe(w.townshipA.id);
      const [county] = await regionTree(db);
      expect(county.code).toBe('990100');
      expect(county.children.map((c) => c.name)).toEqual(['城关镇', '东山镇']);
      expect(county.children[0].children.map((c) => c.code)).toEqual(['990100001001', '990100001002']);
    }));

  it('refuses bad, duplicate and orphan codes with a message at the field', () =>
    inWorld(async (db) => {
      const [before] = await db('regions').count({ n: '*' });
      const attempt = async (code: string) => {
        try {
          await createRegion(db, null, { code, name: '测试' });
          return 'created';
        } catch (e) {
          return e instanceof ValidationError ? e.fieldErrors.code : String(e);
        }
      };
      expect(await attempt('990100001')).toMatch(/已存在/);
      expect(await attempt('990100009001')).toMatch(/上级区划 990100009 不存在/);
      expect(await attempt('9901000010')).toMatch(/6 位/);
      expect(await attempt('880100')).toMatch(/只能管理一个县/);
      expect((await db('regions').count({ n: '*' }))[0]).toEqual(before);
    }));

  it('will not deactivate a township that still has villages or users, and says so', () =>
    inWorld(async (db) => {
      const b = must(await db('regions').where({ code: '990100002' }).first(), 'township');
      await makeUser(db, { role: 'clerk', regionId: b.id });
      await expect(setRegionActive(db, { userId: 0 } as never, b.id, { active: false, version: b.version })).rejects.toThrow(/1 个在用的下级区划、1 个在用账户/);
      expect(must(await db('regions').where({ id: b.id }).first(), 'township').active).toBe(true);
    }));
});
