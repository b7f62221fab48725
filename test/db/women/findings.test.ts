/**
 * The nightly recompute of findings and a save of the same card at the same time: the recompute locks each
 * card as a save does and skips a card a save holds (that save writes its card's findings itself). Before,
 * the two deadlocked on data_findings under load (seen in the fault tests: a save answered 500), or the
 * recompute could write findings computed from the card as it was before the save.
 */
import { describe, expect, it } from 'vitest';
import { recomputeFindings } from '../../../src/features/women/service.ts';
import { seedCast } from '../../helpers/actors.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { castActor } from '../../helpers/scenario.ts';
import { makeCard } from '../../helpers/women.ts';

describe('recompute findings while a card is being saved', () => {
  const t = useTestDatabase();

  it('does not wait for the card a save holds, leaves its findings to the save, and refreshes the others', async () => {
    const cast = await seedCast(t.db);
    const clerk = castActor(cast, 'clerkA');
    const cards = [];
    for (const name of ['甲', '乙', '丙']) cards.push(await makeCard(t.db, clerk, cast.world.villageA1.code, { name }));
    // In 2041 a woman born in 1990 is 50: the recompute adds the over-age finding to every card it visits.
    const later = '2041-01-01';
    const save = await t.db.transaction();
    try {
      await save('women').where({ id: cards[1].id }).forUpdate().first();
      const summary = await Promise.race([
        recomputeFindings(t.db, later),
        new Promise<never>((_r, reject) => setTimeout(() => reject(new Error('the recompute waited for the card being saved')), 5000)),
      ]);
      expect(summary.women).toBe(2);
      const overAge = await t.db('data_findings').where({ rule: 'over_age' }).orderBy('woman_id').pluck('woman_id');
      expect(overAge).toEqual([cards[0].id, cards[2].id]);
    } finally {
      await save.rollback();
    }
    // The next run (nothing held) visits the third card too.
    expect((await recomputeFindings(t.db, later)).women).toBe(3);
    expect(await t.db('data_findings').where({ rule: 'over_age' }).count({ n: '*' })).toEqual([{ n: 3 }]);
  });
});
