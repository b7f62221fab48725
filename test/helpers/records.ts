/**
 * Raw rows for tests of cross-cutting machinery (backup, ID-number scans, logs) that need people in the
 * database without depending on the register feature's services. Features test their own rules through their
 * services; these inserts only satisfy the schema's constraints.
 */
import type { Knex } from 'knex';
import { makeIdNumber } from '../../src/domain/id-number.ts';

let seq = 100;

export async function insertWoman(db: Knex, input: { regionId: number; name: string; birthDate?: string; idNumber?: string }) {
  seq += 2;
  const birthDate = input.birthDate ?? '1990-03-15';
  const idNumber = input.idNumber ?? makeIdNumber('990100', birthDate, seq % 1000);
  const [row] = await db('women')
    .insert({
      region_id: input.regionId,
      id_number: idNumber,
      name: input.name,
      birth_date: birthDate,
      hukou_kind: 'agricultural',
      marital_status: 'first_marriage',
      marriage_date: '2012-05-01',
      spouse_name: '张建国',
      spouse_id_number: makeIdNumber('990100', '1988-07-20', (seq + 1) % 1000),
      phone: '13800001234',
      address: '东街村 12 号',
    })
    .returning(['id', 'id_number', 'name']);
  return row as { id: number; id_number: string; name: string };
}
