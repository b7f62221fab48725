/**
 * The import of outside birth lists as a property (issue 16 §3): whatever rows a file holds, the import either
 * saves the list with every row, or refuses it with row problems in Chinese and saves nothing — never another
 * error.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../../src/domain/id-number.ts';
import { ValidationError } from '../../../src/errors.ts';
import { importList } from '../../../src/features/outside-births/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED, dateValue, idNumberValue, textValue } from '../../helpers/generative.ts';
import { actorFor } from '../../helpers/women.ts';
import type { Actor } from '../../../src/auth/actor.ts';

const HEADER = ['母亲身份证号', '母亲姓名', '子女姓名', '性别', '出生日期', '医院/派出所', '出生医学证明编号', '村代码'];
const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
const count = async (db: Knex, table: 'outside_births' | 'outside_birth_lists', where: Record<string, number> = {}) => Number((await db(table).where(where).count<{ n: number }[]>('* as n'))[0]!.n);

describe('importList (property)', () => {
  const t = useTestDatabase();
  let w: World;
  let clerk: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    clerk = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA);
  });

  it('saves all rows or none, and refuses only with Chinese row problems', async () => {
    const row = fc.tuple(
      idNumberValue,
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom('王秀英', '李桂兰') }, { weight: 1, arbitrary: textValue }),
      textValue,
      fc.constantFrom('男', '女', 'male', '', '未知'),
      dateValue,
      textValue,
      fc.oneof(fc.constant(''), fc.string({ maxLength: 40 })),
      fc.constantFrom('', w.villageA1.code, w.villageB1.code, '123'),
    );
    const valid = fc.tuple(
      fc.oneof(
        fc.constant(''),
        fc.integer({ min: 0, max: 499 }).map((n) => makeIdNumber('990100', '1994-06-01', n * 2)),
      ),
      fc.constantFrom('王秀英', '李桂兰', '阿依古丽·买买提'),
      fc.constantFrom('', '小明', '李小红'),
      fc.constantFrom('男', '女'),
      fc.date({ min: new Date('2020-01-01'), max: new Date('2026-11-18'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      fc.constantFrom('', '县人民医院'),
      fc.constantFrom('', 'Q1'),
      fc.constantFrom('', w.villageA1.code),
    );
    let saved = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: row }), { minLength: 0, maxLength: 5 }), async (rows) => {
        const before = await count(t.db, 'outside_births');
        const lists = await count(t.db, 'outside_birth_lists');
        const data = Buffer.from(`${HEADER.join(',')}\n${rows.map((r) => r.map(quote).join(',')).join('\n')}\n`);
        try {
          const id = await importList(t.db, clerk, { form: { source_kind: 'hospital', name: '名单' }, fileName: 'x.csv', data, today: '2026-11-18' }, new Date('2026-11-18T03:00:00Z'));
          saved += 1;
          expect(await count(t.db, 'outside_births', { list_id: id })).toBe(rows.length);
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          refused += 1;
          expect(Object.values(err.fieldErrors).join('') + err.formErrors.join('')).toMatch(/[\u4e00-\u9fff]/);
          expect(await count(t.db, 'outside_births')).toBe(before);
          expect(await count(t.db, 'outside_birth_lists')).toBe(lists);
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
    console.info(`outside birth list property: ${saved} saved, ${refused} refused`);
    expect(saved).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });
});
