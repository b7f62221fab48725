/**
 * A small demo county (400 cards) passes the register's rules, checked twice: in SQL over whole tables, and
 * card by card with checkWoman (demo-invariants.ts), the stand-in for src/domain/consistency.ts.
 */
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seeds/demo/index.ts';
import { testHasher } from '../helpers/app.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { checkWoman, type WomanRecords } from './demo-invariants.ts';

const TODAY = '2026-11-23';
const count = async (db: Knex, sql: string, bindings: Knex.RawBinding[] = []) => Number((await db.raw(sql, bindings)).rows[0].n);

async function loadRecords(db: Knex): Promise<WomanRecords[]> {
  const group = async <T extends { woman_id: number }>(sql: string) => {
    const map = new Map<number, T[]>();
    for (const row of (await db.raw(sql)).rows as T[]) map.set(row.woman_id, [...(map.get(row.woman_id) ?? []), row]);
    return map;
  };
  const children = await group<WomanRecords['children'][number] & { woman_id: number }>('select woman_id, birth_date, birth_order, pregnancy_id from children');
  const pregnancies = await group<WomanRecords['pregnancies'][number] & { woman_id: number }>('select woman_id, id, lmp_date, found_on, outcome, outcome_date, contraceptive_failure from pregnancies');
  const episodes = await group<WomanRecords['episodes'][number] & { woman_id: number }>('select woman_id, method, started_on, ended_on, end_reason from contraception_episodes');
  const services = await group<WomanRecords['services'][number] & { woman_id: number }>('select woman_id, kind, performed_on, pregnancy_result from services');
  const women = await db('women').select('id', 'id_number', 'birth_date', 'status', 'marital_status', 'marriage_date', 'spouse_id_number', 'exit_reason', 'exit_date');
  return women.map((woman) => ({
    woman,
    children: children.get(woman.id) ?? [],
    pregnancies: pregnancies.get(woman.id) ?? [],
    episodes: episodes.get(woman.id) ?? [],
    services: services.get(woman.id) ?? [],
  }));
}

describe('demo county: a small run passes the register rules', () => {
  const t = useTestDatabase();
  const lines: string[] = [];

  beforeAll(async () => {
    await seedDemo(t.db, testHasher, { women: 400, seed: 7, env: 'test', today: TODAY, log: (l) => lines.push(l) });
  }, 60_000);

  it('creates the cards, their history and the village population figures', async () => {
    expect(await count(t.db, 'select count(*) as n from women')).toBe(400);
    expect(await count(t.db, `select count(*) as n from women where status = 'active'`)).toBeGreaterThan(340);
    expect(await count(t.db, 'select count(*) as n from children')).toBeGreaterThan(250);
    expect(await count(t.db, `select count(*) as n from services where kind = 'ring_pregnancy_check'`)).toBeGreaterThan(1000);
    expect(await count(t.db, `select count(*) as n from services where kind = 'iud_insertion'`)).toBeGreaterThan(20);
    expect(await count(t.db, 'select count(*) as n from follow_ups')).toBeGreaterThan(50);
    expect(await count(t.db, 'select count(*) as n from check_rounds')).toBe(200);
    const villages = await count(t.db, `select count(*) as n from regions where level = 'village'`);
    expect(await count(t.db, 'select count(*) as n from population_figures')).toBe(villages * 60);
    expect(lines.join('\n')).toMatch(/期末总人口 [1-9]\d*/);
  });

  it('gives every woman a valid, unique, female ID number matching her birth date', async () => {
    expect(await count(t.db, 'select count(*) - count(distinct id_number) as n from women')).toBe(0);
    expect(await count(t.db, `select count(*) as n from women where substr(id_number, 7, 8) <> to_char(birth_date, 'YYYYMMDD') or substr(id_number, 17, 1)::int % 2 = 1 or left(id_number, 6) <> '990100'`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from women where spouse_id_number is not null and substr(spouse_id_number, 17, 1)::int % 2 = 0`)).toBe(0);
  });

  it('keeps ages, marriages and exits within the rules', async () => {
    expect(await count(t.db, `select count(*) as n from women where status = 'active' and (birth_date <= date '${TODAY}' - interval '50 years' or birth_date > date '${TODAY}' - interval '15 years')`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from women where marriage_date < birth_date + interval '20 years'`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from women where exit_reason = 'over_age' and exit_date < birth_date + interval '50 years'`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from women where status = 'exited'`)).toBeGreaterThan(10);
  });

  it('numbers births 1..n by date with twins sharing, six months apart, mother at least 14, in her village', async () => {
    expect(await count(t.db, `select count(*) as n from (select birth_order, dense_rank() over (partition by woman_id order by birth_date) as r from children) x where birth_order <> r`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from (select birth_date, lag(birth_date) over (partition by woman_id order by birth_date) as prev from children) x where prev is not null and birth_date <> prev and birth_date - prev < 183`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from children c join women w on w.id = c.woman_id where c.birth_date < w.birth_date + interval '14 years' or c.birth_date > date '${TODAY}'`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from children c join women w on w.id = c.woman_id where c.region_id <> w.region_id and not exists (select 1 from transfers t where t.woman_id = w.id)`)).toBe(0);
  });

  it('keeps one ongoing pregnancy and one open method at most, and nothing after a sterilisation', async () => {
    expect(await count(t.db, `select count(*) as n from (select woman_id from pregnancies where outcome = 'ongoing' group by 1 having count(*) > 1) x`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from (select woman_id from contraception_episodes where ended_on is null group by 1 having count(*) > 1) x`)).toBe(0);
    expect(await count(t.db, `
      select count(*) as n from contraception_episodes s
      where s.method in ('female_sterilization', 'male_sterilization') and (
        exists (select 1 from contraception_episodes e where e.woman_id = s.woman_id and e.started_on > s.started_on) or
        exists (select 1 from pregnancies p where p.woman_id = s.woman_id and p.lmp_date > s.started_on))`)).toBe(0);
    expect(await count(t.db, `
      select count(*) as n from pregnancies p join contraception_episodes e on e.woman_id = p.woman_id
      where p.outcome = 'ongoing' and not p.contraceptive_failure and e.ended_on is null
        and e.method in ('iud', 'implant', 'female_sterilization', 'male_sterilization')`)).toBe(0);
  });

  it('passes every rule card by card', async () => {
    const records = await loadRecords(t.db);
    const problems = records.flatMap((r) => checkWoman(r, TODAY).map((p) => `woman ${r.woman.id}: ${p}`));
    expect(problems).toEqual([]);
    // The checker is not vacuous: a card with a broken record is caught.
    const sample = records.find((r) => r.children.length >= 2)!;
    const broken = { ...sample, children: sample.children.map((c) => ({ ...c, birth_order: 1 })) };
    expect(checkWoman(broken, TODAY).some((p) => p.startsWith('children:'))).toBe(true);
  });

  it('refuses to load twice', async () => {
    await expect(seedDemo(t.db, testHasher, { women: 10, env: 'test', today: TODAY })).rejects.toThrow(/空数据库/);
  });
});
