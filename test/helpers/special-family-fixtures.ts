/**
 * A hand-made county of special families (issue 17 §2), inserted directly. Mothers born 1970 (56 in 2026) unless
 * said otherwise; October 2026 is the period the figures are checked on (the 2026 中秋 visit window is
 * 2026-09-11 … 2026-10-02, so it ends inside October):
 *
 *   城关镇 (A)  a1 失独, file 2026-01-05, visit 09-20 + call 10-05          → eligible, filed, cared
 *              a2 伤残2级, file 2026-03-01, call 10-10 (no festival visit)  → eligible, filed, not cared
 *              a3 失独, no file                                             → eligible, proposed
 *              a4 伤残4级 (grade above 3)                                    → not eligible
 *              a5 失独, mother born 1990 (36)                               → not eligible
 *              a6 失独 (A2), file 2026-10-15 (after the window), call 10-20 → eligible, filed, cared
 *   东山镇 (B)  b1 失独, file 2026-02-01, no care in October                → eligible, filed, not cared
 *              b2 伤残3级, no file                                           → eligible, proposed
 *              b3 失独, mother born 1980 (46), file 2026-06-01, visit 10-03 (after the window) → open file, not eligible, not cared
 *
 * October 2026: A 建档率 3/4 = 75.00, 落实率 2/3 = 66.67; B 建档率 1/2 = 50.00, 落实率 0/2 = 0.00.
 */
import type { Knex } from 'knex';
import { seedSubsidies } from '../../seeds/subsidies.ts';
import type { World } from './fixtures.ts';
import { insertChild, insertWoman } from './subsidy-fixtures.ts';

export interface FamilyFixture {
  women: Record<string, number>;
  files: Record<string, number>;
}

type Child = { vital: 'deceased' | 'disabled'; grade?: number };

export async function addFamily(db: Knex, regionId: number, name: string, child: Child, birthDate = '1970-04-01') {
  const w = await insertWoman(db, { regionId, name, birthDate, status: 'active', spouseName: `${name}夫` });
  await insertChild(db, w, regionId, {
    name: `${name}子`,
    birthDate: '1995-03-01',
    vitalStatus: child.vital,
    deathDate: child.vital === 'deceased' ? '2019-08-08' : null,
    disabilityGrade: child.grade ?? null,
  });
  return w.id;
}

export async function addFile(db: Knex, womanId: number, openedOn: string, kind: 'loss' | 'disability' = 'loss', grade: number | null = null) {
  const [f] = await db('special_family_files').insert({ woman_id: womanId, kind, disability_grade: grade, opened_on: openedOn, husband_name: '丈夫' }).returning('id');
  await db('special_family_contacts').insert([
    { file_id: f.id as number, position: 1, name: '乡干部张', role: 'township_cadre', phone: '13800000001' },
    { file_id: f.id as number, position: 2, name: '村医李', role: 'village_doctor', phone: '13800000002' },
  ]);
  return f.id as number;
}

export async function addCare(db: Knex, fileId: number, caredOn: string, mode: 'visit' | 'phone') {
  await db('special_family_care').insert({ file_id: fileId, cared_on: caredOn, carer: '乡干部张', kind: 'emotional', mode, content: '走访慰问' });
}

export async function seedFamilies(db: Knex, w: World): Promise<FamilyFixture> {
  await seedSubsidies(db);
  const [A1, A2, B1] = [w.villageA1.id, w.villageA2.id, w.villageB1.id];
  const women = {
    a1: await addFamily(db, A1, '失独甲', { vital: 'deceased' }),
    a2: await addFamily(db, A1, '伤残乙', { vital: 'disabled', grade: 2 }),
    a3: await addFamily(db, A1, '失独丙', { vital: 'deceased' }),
    a4: await addFamily(db, A1, '伤残丁', { vital: 'disabled', grade: 4 }),
    a5: await addFamily(db, A1, '年轻戊', { vital: 'deceased' }, '1990-04-01'),
    a6: await addFamily(db, A2, '失独己', { vital: 'deceased' }),
    b1: await addFamily(db, B1, '失独庚', { vital: 'deceased' }),
    b2: await addFamily(db, B1, '伤残辛', { vital: 'disabled', grade: 3 }),
    b3: await addFamily(db, B1, '失独壬', { vital: 'deceased' }, '1980-04-01'),
  };
  const files = {
    a1: await addFile(db, women.a1, '2026-01-05'),
    a2: await addFile(db, women.a2, '2026-03-01', 'disability', 2),
    a6: await addFile(db, women.a6, '2026-10-15'),
    b1: await addFile(db, women.b1, '2026-02-01'),
    b3: await addFile(db, women.b3, '2026-06-01'),
  };
  await addCare(db, files.a1, '2026-09-20', 'visit');
  await addCare(db, files.a1, '2026-10-05', 'phone');
  await addCare(db, files.a2, '2026-10-10', 'phone');
  await addCare(db, files.a6, '2026-10-20', 'phone');
  await addCare(db, files.b3, '2026-10-03', 'visit');
  return { women, files };
}
