/**
 * "Recording each service kind leaves the card consistent": random sequences of services on fresh cards. After
 * every attempt either the service landed and the card has no E finding (recomputed from scratch, not only the
 * stored findings), or it was refused with a ValidationError and nothing at all changed.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { checkCard } from '../../../src/domain/consistency.ts';
import { addDays } from '../../../src/domain/dates.ts';
import { ValidationError } from '../../../src/errors.ts';
import { recordService } from '../../../src/features/services/service.ts';
import { loadCardSnapshot } from '../../../src/features/women/service.ts';
import { recordBirth } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { actorFor, makeCard } from '../../helpers/women.ts';

const TODAY = '2026-06-30';
const KINDS = [
  'iud_insertion',
  'iud_removal',
  'female_sterilization',
  'male_sterilization',
  'implant_insertion',
  'implant_removal',
  'surgical_abortion',
  'medical_abortion',
  'induced_labour',
  'ring_pregnancy_check',
  'sterilization_reversal',
  'gyn_exam',
];

const step = fc.record({
  kind: fc.constantFrom(...KINDS),
  gap: fc.integer({ min: 0, max: 400 }),
  iud: fc.constantFrom(undefined, 'present', 'absent'),
  pregnancy: fc.constantFrom(undefined, 'positive', 'negative'),
  failure: fc.boolean(),
});

describe('any sequence of services keeps the card consistent', () => {
  const t = useTestDatabase();
  let w: World;
  let clerk: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    clerk = actorFor(await makeUser(t.db, { role: 'clerk', regionId: w.townshipA.id }), w.townshipA);
  });

  async function footprint(womanId: number) {
    const rows = async (table: string) => JSON.stringify(await t.db(table).where({ woman_id: womanId }).orderBy('id'));
    return [
      await rows('services'),
      await rows('follow_ups'),
      await rows('contraception_episodes'),
      await rows('pregnancies'),
      await rows('data_findings'),
      JSON.stringify(
        await t
          .db('audit_log')
          .where({ entity: 'woman', entity_id: String(womanId) })
          .count({ n: '*' }),
      ),
    ].join('\n');
  }

  it('each attempt lands consistent or changes nothing', async () => {
    let landed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 8 }), async (steps) => {
        const woman = await makeCard(t.db, clerk, w.villageA1.code);
        await recordBirth(t.db, clerk, woman.id, { birth_date: '2016-04-02', children: [{ sex: 'female' }] }, { today: TODAY });
        let day = '2017-01-01';
        for (const s of steps) {
          day = addDays(day, s.gap);
          if (day > TODAY) break;
          const before = await footprint(woman.id);
          try {
            await recordService(
              t.db,
              clerk,
              woman.id,
              s.kind === 'ring_pregnancy_check'
                ? { kind: s.kind, performed_on: day, iud_result: s.iud, pregnancy_result: s.pregnancy, contraceptive_failure: s.failure }
                : { kind: s.kind, performed_on: day, facility: '站', contraceptive_failure: s.failure },
              { today: TODAY },
            );
            landed += 1;
            const snapshot = await loadCardSnapshot(t.db, woman.id);
            const errors = checkCard(snapshot, TODAY).filter((f) => f.level === 'E');
            expect(errors.map((e) => e.message)).toEqual([]);
          } catch (err) {
            if (!(err instanceof ValidationError)) throw err;
            refused += 1;
            expect(await footprint(woman.id)).toBe(before);
          }
        }
      }),
      { numRuns: 15, seed: 4004 },
    );
    // The sequences exercise both outcomes.
    expect(landed).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(5);
  });
});
