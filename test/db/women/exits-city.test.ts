/**
 * The nightly over-age exit in a city deployment (issue 19): two counties under one city, an over-age woman in
 * each. Both exit; each exit is audited by the system for her own county — under her village, seen in her county’s
 * audit log and not in the other county's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { searchAudit } from '../../../src/features/audit/service.ts';
import { exitOverAge } from '../../../src/features/women/service.ts';
import { seedCityWorld, type CityWorld } from '../../helpers/city-fixtures.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { actorFor } from '../../helpers/women.ts';

describe('over-age exits past one county', () => {
  const t = useTestDatabase();
  let w: CityWorld;

  beforeAll(async () => {
    w = await seedCityWorld(t.db);
  });

  it('exits the over-age women of every county, each audited under her own county', async () => {
    const inA = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1976-03-20', marriage_date: '2000-01-01' });
    const inB = await f.addWoman(t.db, { village: w.villageBB.id, birth_date: '1976-03-19', marriage_date: '2000-01-01' });
    const young = await f.addWoman(t.db, { village: w.villageBB.id, birth_date: '1976-03-21', marriage_date: '2000-01-01' });
    expect(await exitOverAge(t.db, '2026-03-20')).toBe(2);
    const status = async (id: number) => (await t.db('women').where({ id }).first('status', 'exit_reason'))!;
    expect([await status(inA), await status(inB), await status(young)]).toEqual([
      { status: 'exited', exit_reason: 'over_age' },
      { status: 'exited', exit_reason: 'over_age' },
      { status: 'active', exit_reason: null },
    ]);
    const audits = await t
      .db('audit_log')
      .where({ action: 'card.exit' })
      .whereIn('entity_id', [String(inA), String(inB)])
      .orderBy('entity_id')
      .select('entity_id', 'username', 'user_id', 'region_id');
    expect(audits).toEqual([
      { entity_id: String(inA), username: 'system', user_id: null, region_id: w.villageA1.id },
      { entity_id: String(inB), username: 'system', user_id: null, region_id: w.villageBB.id },
    ]);
    const log = async (county: typeof w.countyA) => {
      const reader = actorFor(await makeUser(t.db, { role: 'supervisor', regionId: county.id }), county);
      return (await searchAudit(t.db, reader, { action: 'card.exit' }, { limit: 50, offset: 0 })).rows.map((r) => r.entity_id);
    };
    expect(await log(w.countyA)).toEqual([String(inA)]);
    expect(await log(w.countyB)).toEqual([String(inB)]);
    expect(await exitOverAge(t.db, '2026-03-20')).toBe(0);
  });
});
