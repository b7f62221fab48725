/**
 * A hand-counted set of procedures with complications in townships A and B, for the complications report's
 * db and http tests. The serious IUD insertion goes through the real recordService (so its county follow-up is
 * the one the schedule plans); the rest are inserted directly. Counts over Q1 2026 (see the test files):
 *
 *   A1  王秀英  iud_insertion       2026-01-15  uterine_perforation  serious  (county follow-up due 2026-02-15, open)
 *   A1  赵红    surgical_abortion   2026-02-10  infection
 *   A2  钱丽    surgical_abortion   2026-03-31  none       (last day of the period)
 *   A2  钱丽    medical_abortion    2026-01-01  incomplete_abortion   (first day)
 *   B1  孙梅    surgical_abortion   2026-02-20  heavy_bleeding  serious  (county follow-up due 2026-03-20, done 2026-03-22)
 *   B1  孙梅    iud_insertion       2026-03-05  none
 *   B1  周芳    female_sterilization 2026-03-06 haematoma
 *   outside: A1 surgical_abortion 2025-12-31 infection; B1 iud_insertion 2026-04-01 uterine_perforation serious;
 *            A1 gyn_exam 2026-02-01 (not a procedure).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../src/auth/actor.ts';
import type { Complication, ProcedureKind, ServiceKind } from '../../src/domain/codes.ts';
import { recordService } from '../../src/features/services/service.ts';
import { recordBirth } from '../../src/features/women/service.ts';
import type { World } from './fixtures.ts';
import * as f from './report-fixtures.ts';
import { makeCard, TODAY } from './women.ts';

export const Q1 = { from: '2026-01-01', to: '2026-03-31' };
export const STATION = '县计生指导站';

export async function addProcedure(
  db: Knex,
  p: { woman: number; village: number; kind: ProcedureKind | ServiceKind; performed_on: string; complication?: Complication; serious?: boolean; facility?: string },
): Promise<number> {
  const [row] = await db('services')
    .insert({
      woman_id: p.woman,
      region_id: p.village,
      kind: p.kind,
      performed_on: p.performed_on,
      complication: p.complication ?? 'none',
      complication_serious: p.serious ?? false,
      facility: p.facility ?? STATION,
      created_at: new Date(`${p.performed_on}T12:00:00+08:00`),
    })
    .returning('id');
  return row.id;
}

export interface ComplicationScenario {
  wang: number;
  wangService: number;
  sun: number;
  sunService: number;
}

export async function seedComplications(db: Knex, w: World, clerkA: Actor): Promise<ComplicationScenario> {
  const A1 = w.villageA1.id,
    A2 = w.villageA2.id,
    B1 = w.villageB1.id;
  const wangCard = await makeCard(db, clerkA, w.villageA1.code, { name: '王秀英' });
  await recordBirth(db, clerkA, wangCard.id, { birth_date: '2015-04-02', children: [{ sex: 'female' }] }, { today: TODAY });
  const recorded = await recordService(
    db,
    clerkA,
    wangCard.id,
    { kind: 'iud_insertion', performed_on: '2026-01-15', facility: '城关镇计生服务站', complication: 'uterine_perforation', complication_serious: 'on' },
    { today: TODAY },
  );
  const zhao = await f.addWoman(db, { village: A1, birth_date: '1992-02-02', marriage_date: '2015-01-01', name: '赵红' });
  await addProcedure(db, { woman: zhao, village: A1, kind: 'surgical_abortion', performed_on: '2026-02-10', complication: 'infection' });
  await addProcedure(db, { woman: zhao, village: A1, kind: 'surgical_abortion', performed_on: '2025-12-31', complication: 'infection' });
  await addProcedure(db, { woman: zhao, village: A1, kind: 'gyn_exam', performed_on: '2026-02-01' });
  const qian = await f.addWoman(db, { village: A2, birth_date: '1993-03-03', marriage_date: '2016-01-01', name: '钱丽' });
  await addProcedure(db, { woman: qian, village: A2, kind: 'surgical_abortion', performed_on: '2026-03-31' });
  await addProcedure(db, { woman: qian, village: A2, kind: 'medical_abortion', performed_on: '2026-01-01', complication: 'incomplete_abortion' });
  const sun = await f.addWoman(db, { village: B1, birth_date: '1991-04-04', marriage_date: '2014-01-01', name: '孙梅' });
  const sunService = await addProcedure(db, {
    woman: sun,
    village: B1,
    kind: 'surgical_abortion',
    performed_on: '2026-02-20',
    complication: 'heavy_bleeding',
    serious: true,
    facility: '东山镇卫生院',
  });
  await db('follow_ups').insert({ woman_id: sun, service_id: sunService, region_id: B1, level: 'county', due_on: '2026-03-20', done_on: '2026-03-22', result: '恢复良好' });
  await addProcedure(db, { woman: sun, village: B1, kind: 'iud_insertion', performed_on: '2026-03-05' });
  await addProcedure(db, { woman: sun, village: B1, kind: 'iud_insertion', performed_on: '2026-04-01', complication: 'uterine_perforation', serious: true });
  const zhou = await f.addWoman(db, { village: B1, birth_date: '1990-05-05', marriage_date: '2012-01-01', name: '周芳' });
  await addProcedure(db, { woman: zhou, village: B1, kind: 'female_sterilization', performed_on: '2026-03-06', complication: 'haematoma' });
  return { wang: wangCard.id, wangService: recorded.service.id, sun, sunService };
}
