/**
 * 出生信息 figures of a region that is a small part of the deployment (Range.within): the source keeps the rows of the
 * births with a row dated in the period in the region before choosing the best-matched row of each birth (a birth
 * named on several days, in several places, is chosen among all its rows). Random lists — confirmed and
 * draft, a birth named by several lists in different villages, the same mother under another name or ID number,
 * twins, rows placed only at a township — must give the same figures per village with the early filter as without it.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { outsideBirthsSource } from '../../../src/features/reports/engine/outside-births-sources.ts';
import { countSource, type RowMapping } from '../../../src/features/reports/engine/queries.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { SEED } from '../../helpers/generative.ts';
import { idNumber, insertChild, insertWoman } from '../../helpers/subsidy-fixtures.ts';

const PLACES = ['A1', 'A2', 'B1', 'TA', 'C'] as const;
/** A birth: one of four mothers (two of them under two names), a day, a sex, maybe a register child. */
const birth = fc.record({
  mother: fc.nat({ max: 3 }),
  day: fc.constantFrom('2026-08-30', '2026-09-01', '2026-09-15', '2026-10-02'),
  sex: fc.constantFrom('male' as const, 'female' as const),
  child: fc.option(fc.nat({ max: 3 }), { freq: 2 }),
});
/** A list's row naming one of the births, under either of its mother's names, matched one way or another, placed somewhere. */
const row = fc.record({
  birth: fc.nat(),
  alias: fc.boolean(),
  list: fc.nat({ max: 3 }),
  match: fc.constantFrom('matched' as const, 'differs' as const, 'not_recorded' as const, 'unknown_mother' as const, null),
  place: fc.constantFrom(...PLACES),
});

interface Mother {
  woman_id: number | null;
  mother_id_number: string | null;
  mother_name: string;
}

describe('outside births of a small region: the early filter changes no figure', () => {
  const t = useTestDatabase();
  let w: World;
  let mothers: [Mother, Mother][] = [];
  const children: number[] = [];

  beforeAll(async () => {
    w = await seedWorld(t.db);
    const a = await insertWoman(t.db, { regionId: w.villageA1.id, birthDate: '1995-03-01', status: 'active', name: '陈一' });
    const b = await insertWoman(t.db, { regionId: w.villageB1.id, birthDate: '1996-04-01', status: 'active', name: '陈二' });
    const id = idNumber('1994-05-05');
    // The same woman under two names, an ID number without a card under two names, one card, a name only.
    const noCard = { woman_id: null, mother_id_number: id };
    mothers = [
      [
        { woman_id: a.id, mother_id_number: a.id_number, mother_name: '陈一' },
        { woman_id: a.id, mother_id_number: null, mother_name: '陈壹' },
      ],
      [
        { woman_id: b.id, mother_id_number: b.id_number, mother_name: '陈二' },
        { woman_id: b.id, mother_id_number: b.id_number, mother_name: '陈二' },
      ],
      [
        { ...noCard, mother_name: '林三' },
        { ...noCard, mother_name: '林叁' },
      ],
      [
        { woman_id: null, mother_id_number: null, mother_name: '赵四' },
        { woman_id: null, mother_id_number: null, mother_name: '赵四' },
      ],
    ];
    for (const [woman, village] of [
      [a, w.villageA1.id],
      [a, w.villageA1.id],
      [b, w.villageB1.id],
      [b, w.villageB1.id],
    ] as const)
      children.push((await insertChild(t.db, woman, village, { birthDate: '2026-09-01' })).id as number);
  });

  it('per village, for each township and the county, over months and a longer period', async () => {
    let listed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(birth, { minLength: 1, maxLength: 6 }),
        fc.array(row, { minLength: 1, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        async (births, rows, confirmed) => {
          await t.db('outside_birth_lists').delete();
          const place = { A1: w.villageA1.id, A2: w.villageA2.id, B1: w.villageB1.id, TA: w.townshipA.id, C: w.county.id };
          const lists: number[] = [];
          for (let i = 0; i < 4; i++) {
            const [l] = await t
              .db('outside_birth_lists')
              .insert({ source_kind: i % 2 ? 'police' : 'hospital', name: `名单${i}`, file_name: 'x.csv', region_id: w.county.id, status: confirmed[i] ? 'confirmed' : 'draft' })
              .returning('id');
            lists.push(l.id as number);
          }
          const rowNo = [0, 0, 0, 0];
          for (const r of rows) {
            const b = births[r.birth % births.length]!;
            await t.db('outside_births').insert({
              list_id: lists[r.list]!,
              row_no: ++rowNo[r.list]!,
              ...mothers[b.mother]![r.alias ? 1 : 0],
              sex: b.sex,
              birth_date: b.day,
              region_id: place[r.place],
              match_status: r.match,
              child_id: b.child === null ? null : children[b.child]!,
            });
          }
          const regions: [RowMapping, string][] = [
            [{ prefix: w.townshipA.code, rowLevel: 'village' }, w.townshipA.code],
            [{ prefix: w.townshipB.code, rowLevel: 'village' }, w.townshipB.code],
            [{ prefix: w.county.code, rowLevel: 'township' }, w.county.code],
          ];
          for (const period of [
            { from: '2026-08-01', to: '2026-08-31' },
            { from: '2026-09-01', to: '2026-09-30' },
            { from: '2026-08-01', to: '2026-10-31' },
          ])
            for (const [m, code] of regions) {
              const sorted = (xs: Record<string, number>[]) => [...xs].sort((x, y) => x.row_id! - y.row_id!);
              const whole = sorted(await countSource(t.db, outsideBirthsSource(period), m));
              const early = sorted(await countSource(t.db, outsideBirthsSource({ ...period, within: code }), m));
              expect({ period, code, figures: early }).toEqual({ period, code, figures: whole });
              listed += whole.reduce((n, x) => n + (x.outside_births_listed ?? 0), 0);
            }
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
    console.info(`outside births of a region: ${listed} births counted in the comparisons`);
    expect(listed).toBeGreaterThan(100);
  }, 240_000);

  it('a birth named in the township under one name and better matched in the other under her other name counts in the other only', async () => {
    await t.db('outside_birth_lists').delete();
    const [l] = await t.db('outside_birth_lists').insert({ source_kind: 'hospital', name: '名单', file_name: 'x.csv', region_id: w.county.id, status: 'confirmed' }).returning('id');
    const [named, other] = mothers[0]!;
    const base = { list_id: l.id as number, sex: 'male' as const, birth_date: '2026-09-01' };
    await t.db('outside_births').insert({ ...base, row_no: 1, ...named, region_id: w.villageA1.id, match_status: 'not_recorded' });
    await t.db('outside_births').insert({ ...base, row_no: 2, ...other, region_id: w.villageB1.id, match_status: 'matched' });
    const period = { from: '2026-09-01', to: '2026-09-30' };
    for (const township of [w.townshipA, w.townshipB]) {
      const m: RowMapping = { prefix: township.code, rowLevel: 'village' };
      const early = await countSource(t.db, outsideBirthsSource({ ...period, within: township.code }), m);
      expect(early).toEqual(await countSource(t.db, outsideBirthsSource(period), m));
      expect(early.map((x) => [x.row_id, x.outside_births_matched])).toEqual(township === w.townshipA ? [] : [[w.villageB1.id, 1]]);
    }
  });
});
