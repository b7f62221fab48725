/**
 * One hospital delivery list in the demo county (issue 16 §3): the county hospital's 住院分娩 list of the latest
 * 190 births before this month (most of a recent month or two), as the register holds them except 4 rows with a
 * differing sex or birth date; plus 10 births the register does not know: 5 of women on the register (married,
 * 20–40, with no child) and 5 of mothers who are not on it (their village named by 村代码). Confirmed and matched,
 * so /outside-births, the 漏报 list and the 考核 board show figures. Deterministic: rows chosen by id order.
 */
import type { Knex } from 'knex';
import { makeIdNumber } from '../../src/domain/id-number.ts';
import { matchListRows } from '../../src/features/outside-births/service.ts';
import { isoOf, type Day } from './days.ts';

interface ListedRow {
  mother_id_number: string | null;
  mother_name: string;
  child_name: string | null;
  sex: 'male' | 'female';
  birth_date: string;
  village_id: number | null;
}

export async function seedOutsideBirths(trx: Knex, today: Day, countyId: number, now: Date): Promise<{ rows: number }> {
  const monthStart = `${isoOf(today).slice(0, 7)}-01`;
  const births: { id_number: string; mother: string; name: string | null; sex: 'male' | 'female'; birth_date: string; woman_id: number }[] = await trx('children as c')
    .join('women as w', 'w.id', 'c.woman_id')
    .where('c.birth_date', '<', monthStart)
    .orderBy([
      { column: 'c.birth_date', order: 'desc' },
      { column: 'c.id', order: 'desc' },
    ])
    .limit(190)
    .select('w.id_number', 'w.name as mother', 'c.name', 'c.sex', 'c.birth_date', 'w.id as woman_id');
  if (births.length === 0) return { rows: 0 };
  const latest = births[0]!.birth_date;
  const rows: ListedRow[] = births.map((b, i) => ({
    mother_id_number: b.id_number,
    mother_name: b.mother,
    child_name: b.name,
    sex: i % 50 === 7 ? (b.sex === 'male' ? 'female' : 'male') : b.sex,
    birth_date: i % 50 === 31 ? shift(b.birth_date, -2) : b.birth_date,
    village_id: null,
  }));
  const childless: { id_number: string; name: string }[] = await trx('women as w')
    .where('w.status', 'active')
    .whereIn('w.marital_status', ['first_marriage', 'remarried'])
    .whereNotExists(trx('children as c').whereRaw('c.woman_id = w.id'))
    .whereRaw(`w.birth_date between ?::date - interval '40 years' and ?::date - interval '20 years'`, [latest, latest])
    .orderBy('w.id')
    .limit(5)
    .select('w.id_number', 'w.name');
  childless.forEach((w, i) => rows.push({ mother_id_number: w.id_number, mother_name: w.name, child_name: null, sex: i % 2 ? 'male' : 'female', birth_date: shift(latest, -3 * i), village_id: null }));
  const villages: { id: number }[] = await trx('regions').where('level', 'village').orderBy('code').limit(5).select('id');
  const strangers = ['周晓燕', '吴丽娟', '郑春梅', '冯海霞', '何玉兰'];
  strangers.forEach((name, i) =>
    rows.push({
      mother_id_number: makeIdNumber('990199', `199${i}-0${i + 3}-1${i}`, 2 * i + 200),
      mother_name: name,
      child_name: null,
      sex: i % 2 ? 'female' : 'male',
      birth_date: shift(latest, -2 * i),
      village_id: villages[i]?.id ?? null,
    }),
  );
  const period = `${births.at(-1)!.birth_date.slice(0, 7)}至${latest.slice(0, 7)}`;
  const [list] = await trx('outside_birth_lists')
    .insert({
      source_kind: 'hospital',
      name: '县人民医院住院分娩名单',
      period,
      file_name: '县人民医院住院分娩名单.xlsx',
      region_id: countyId,
      status: 'confirmed',
      row_count: rows.length,
      confirmed_at: now,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  await trx('outside_births').insert(
    rows.map((r, i) => ({
      ...r,
      list_id: list!.id,
      row_no: i + 2,
      facility: '县人民医院',
      certificate_no: `Q${String(100000 + i)}`,
      region_id: r.village_id ?? countyId,
      created_at: now,
      updated_at: now,
    })),
  );
  await matchListRows(trx, list!.id, now);
  return { rows: rows.length };
}

function shift(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
