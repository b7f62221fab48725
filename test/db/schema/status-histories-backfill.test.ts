/**
 * The backfill of migrations/20261206000000_status_histories.ts on hand-made cards: the migration is taken down and
 * up again on this file's database, and the histories it derives from the cards are checked row by row.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { down, up } from '../../../migrations/20261206000000_status_histories.ts';
import type { WomenTable } from '../../../src/db/tables.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { femaleId } from '../../helpers/report-fixtures.ts';

describe('status histories backfill', () => {
  const t = useTestDatabase();
  let w: World;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    w = await seedWorld(t.db);
    const card = (name: string, birth: string, extra: Partial<WomenTable>): Partial<WomenTable> & { name: string } => ({
      region_id: w.villageA1.id,
      id_number: femaleId(birth),
      name,
      birth_date: birth,
      hukou_kind: 'agricultural',
      marital_status: 'unmarried',
      created_at: new Date('2024-06-01T09:00:00+08:00'),
      updated_at: new Date('2025-02-03T23:30:00+08:00'),
      ...extra,
    });
    const rows = [
      card('初婚', '1990-01-01', { marital_status: 'first_marriage', marriage_date: '2012-05-01', spouse_name: '甲', spouse_hukou_kind: 'resident' }),
      card('再婚', '1985-01-01', { marital_status: 'remarried', marriage_date: '2018-01-01', spouse_name: '乙' }),
      card('离婚', '1988-01-01', { marital_status: 'divorced', marriage_date: '2010-01-01', spouse_name: '丙' }),
      card('丧偶', '1980-01-01', { marital_status: 'widowed', marriage_date: '2002-01-01' }),
      card('流出', '2000-01-01', { migrant_status: 'outflow', migrant_since: '2023-04-01', migrant_place: '广州' }),
      card('流入无日期', '1999-01-01', { migrant_status: 'inflow', migrant_place: '贵州' }),
      // Made at 04:00 on 1 January in China (still 31 December in UTC), before her 15th birthday.
      card('新卡', '2011-06-01', { created_at: new Date('2025-12-31T20:00:00Z') }),
    ];
    for (const r of rows) {
      const [row] = await t.db('women').insert(r).returning(['id']);
      ids[r.name] = row!.id;
    }
    await down(t.db);
    await up(t.db);
  });

  const events = async (table: string, name: string, cols: string[]) => (await t.db(table).where({ woman_id: ids[name] }).orderBy('id')).map((r: Record<string, unknown>) => cols.map((c) => r[c]));

  it('derives the marital events: marriages at the marriage date with the spouse, ends undated at the last change', async () => {
    const cols = ['kind', 'effective_on', 'undated', 'spouse_name'];
    expect(await events('marital_events', '初婚', cols)).toEqual([['first_marriage', '2012-05-01', false, '甲']]);
    expect(await events('marital_events', '再婚', cols)).toEqual([['remarriage', '2018-01-01', false, '乙']]);
    expect(await events('marital_events', '离婚', cols)).toEqual([
      ['first_marriage', '2010-01-01', false, '丙'],
      ['divorce', '2025-02-03', true, null],
    ]);
    expect(await events('marital_events', '丧偶', cols)).toEqual([
      ['first_marriage', '2002-01-01', false, null],
      ['widowed', '2025-02-03', true, null],
    ]);
    expect(await events('marital_events', '流出', cols)).toEqual([]);
  });

  it('derives the floating events (undated when the card has no date) and the initial hukou rows', async () => {
    expect(await events('floating_events', '流出', ['kind', 'effective_on', 'undated', 'place'])).toEqual([['outflow', '2023-04-01', false, '广州']]);
    expect(await events('floating_events', '流入无日期', ['kind', 'effective_on', 'undated'])).toEqual([['inflow', '2025-02-03', true]]);
    expect(await events('hukou_events', '初婚', ['whose', 'hukou_kind', 'effective_on'])).toEqual([
      ['woman', 'agricultural', null],
      ['spouse', 'resident', null],
    ]);
    expect(await events('hukou_events', '再婚', ['whose', 'hukou_kind', 'effective_on'])).toEqual([['woman', 'agricultural', null]]);
  });

  it('sets registered_on to the earlier of the card’s China day and her 15th birthday', async () => {
    const reg = async (name: string) => (await t.db('women').where({ id: ids[name] }).first())!.registered_on;
    expect(await reg('初婚')).toBe('2005-01-01');
    expect(await reg('新卡')).toBe('2026-01-01');
    expect(await reg('流出')).toBe('2015-01-01');
  });
});
