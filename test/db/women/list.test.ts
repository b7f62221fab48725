/**
 * The name search through the name_grams index (issue 19 §4) finds the same cards as the plain `like '%…%'` it
 * replaced the full scan of: for random names and random queries (Chinese characters, the middle dot, LIKE's own
 * % _ and \, quotes, a character outside the BMP), and on the list itself (rows, order, total).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { likeContains, nameQueryGrams } from '../../../src/domain/search-terms.ts';
import { listWomen } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { makeCard, townshipClerks } from '../../helpers/women.ts';

const CHARS = ['王', '秀', '英', '李', '丽', '·', '%', '_', '\\', '"', ',', '{', 'a', 'A', '𠮷'];
const text = (min: number, max: number) => fc.array(fc.constantFrom(...CHARS), { minLength: min, maxLength: max }).map((a) => a.join(''));

describe('the name search', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA } = await townshipClerks(t.db, w));
  });

  it('the index condition holds for every name that contains the query, and the like decides the rest', async () => {
    await fc.assert(
      fc.asyncProperty(text(1, 8), text(1, 4), async (name, query) => {
        const { rows } = await t.db.raw<{ rows: { grams: boolean; like: boolean }[] }>(`select name_grams(?) @> ?::text[] as grams, ? like ? as like`, [
          name,
          nameQueryGrams(query),
          name,
          likeContains(query),
        ]);
        const contains = name.includes(query);
        expect(rows[0].like).toBe(contains);
        if (contains) expect(rows[0].grams).toBe(true);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('the list finds the same cards in the same order with the same total as a plain like', async () => {
    const names = ['王秀英', '李秀英', '秀英', '张秀', '英秀', '王秀珍', '阿依古丽·买买提', '秀英英', '刘英'];
    for (const [i, name] of names.entries()) await makeCard(t.db, clerkA, i % 2 ? w.villageA1.code : w.villageA2.code, { name });
    for (const q of ['秀英', '秀', '英', '古丽·买', '王秀', '无此人']) {
      const { rows, pageInfo } = await listWomen(t.db, clerkA.scope, { q }, 1);
      const plain = await t
        .db('women as w')
        .join('regions as v', 'v.id', 'w.region_id')
        .where('w.status', 'active')
        .whereLike('w.name', likeContains(q))
        .orderBy([{ column: 'v.code' }, { column: 'w.name' }, { column: 'w.id' }])
        .select<{ id: number }[]>('w.id');
      expect(
        rows.map((r) => r.id),
        q,
      ).toEqual(plain.map((r) => r.id));
      expect(pageInfo.total, q).toBe(plain.length);
    }
    expect((await listWomen(t.db, clerkA.scope, { q: '秀英' }, 1)).pageInfo.total).toBe(4);
  });
});
