/**
 * The demo county at its default size (3,000 cards) looks like a real one: sex ratio at birth, the method mix of
 * married women, marital mix, ongoing pregnancies, double-check coverage, follow-ups, free supplies and satisfaction,
 * floating women; and the
 * monthly village population figures agree with the births and deaths on the register and give plausible rates. Bounds are wide enough for a 3,000-card sample.
 */
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../seeds/demo/index.ts';
import { computeReport } from '../../../src/features/reports/service.ts';
import { testHasher } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { must } from '../../helpers/must.ts';

const TODAY = '2026-11-23';
const one = async (db: Knex, sql: string) => Number(Object.values((await db.raw<{ rows: Record<string, unknown>[] }>(sql)).rows[0])[0]);
const MARRIED = `w.status = 'active' and w.marital_status in ('first_marriage', 'remarried')`;

describe('demo county at the default size', () => {
  const t = useTestDatabase();

  beforeAll(async () => {
    await seedDemo(t.db, testHasher, { women: 3000, env: 'test', today: TODAY });
  }, 120_000);

  it('has a sex ratio at birth near 110', async () => {
    const ratio = await one(t.db, `select 100.0 * count(*) filter (where sex = 'male') / count(*) filter (where sex = 'female') from children`);
    expect(ratio).toBeGreaterThan(100);
    expect(ratio).toBeLessThan(120);
  });

  it('gives married women the national method mix', async () => {
    const rows = (
      await t.db.raw<{ rows: { m: string; n: number }[] }>(`
      select coalesce(e.method, 'none') as m, count(*)::int as n from women w
      left join contraception_episodes e on e.woman_id = w.id and e.ended_on is null where ${MARRIED} group by 1`)
    ).rows;
    const by = Object.fromEntries(rows.map((r) => [r.m, r.n]));
    const married = rows.reduce((s, r) => s + r.n, 0);
    const users = married - (by.none ?? 0);
    const share = (m: string) => (100 * (by[m] ?? 0)) / users;
    expect((100 * by.none) / married).toBeGreaterThan(7);
    expect((100 * by.none) / married).toBeLessThan(18);
    expect(share('iud')).toBeGreaterThan(45);
    expect(share('iud')).toBeLessThan(61);
    expect(share('female_sterilization')).toBeGreaterThan(22);
    expect(share('female_sterilization')).toBeLessThan(36);
    expect(share('male_sterilization')).toBeGreaterThan(2);
    expect(share('male_sterilization')).toBeLessThan(9);
    expect(share('condom')).toBeGreaterThan(5);
    expect(share('condom')).toBeLessThan(14);
    expect(share('pill_or_injection')).toBeLessThan(4);
    expect(share('implant')).toBeLessThan(3);
  });

  it('has the marital mix, ongoing pregnancies and floating women of DEMO-DATA.md', async () => {
    const active = await one(t.db, `select count(*) from women where status = 'active'`);
    const married = await one(t.db, `select count(*) from women w where ${MARRIED}`);
    const unmarried = await one(t.db, `select count(*) from women where status = 'active' and marital_status = 'unmarried'`);
    const unmarriedYoung = await one(t.db, `select count(*) from women where status = 'active' and marital_status = 'unmarried' and birth_date > date '${TODAY}' - interval '25 years'`);
    expect((100 * married) / active).toBeGreaterThan(72);
    expect((100 * married) / active).toBeLessThan(84);
    expect((100 * unmarried) / active).toBeGreaterThan(13);
    expect((100 * unmarried) / active).toBeLessThan(24);
    expect(unmarriedYoung / unmarried).toBeGreaterThan(0.6);
    const ongoing = await one(t.db, `select count(*) from pregnancies p join women w on w.id = p.woman_id where p.outcome = 'ongoing' and ${MARRIED}`);
    expect((100 * ongoing) / married).toBeGreaterThan(1.5);
    expect((100 * ongoing) / married).toBeLessThan(5);
    const outflow = await one(t.db, `select count(*) from women where status = 'active' and migrant_status = 'outflow'`);
    expect((100 * outflow) / active).toBeGreaterThan(3);
    expect((100 * outflow) / active).toBeLessThan(8);
  });

  it('checks ~95% of women due in closed double-check rounds and does most follow-ups', async () => {
    const done = await one(
      t.db,
      `select 100.0 * count(*) filter (where r.status = 'done') / count(*) filter (where r.status <> 'excused') from check_results r join check_rounds c on c.id = r.round_id where c.status = 'closed'`,
    );
    expect(done).toBeGreaterThan(92);
    expect(done).toBeLessThan(98);
    expect(
      await one(
        t.db,
        `select count(*) from check_results r join services s on s.id = r.service_id where r.status = 'done' and (s.kind <> 'ring_pregnancy_check' or s.woman_id <> r.woman_id or s.performed_on <> r.checked_on)`,
      ),
    ).toBe(0);
    const followed = await one(t.db, `select 100.0 * count(done_on) / count(*) from follow_ups where due_on <= date '${TODAY}'`);
    expect(followed).toBeGreaterThan(88);
    expect(followed).toBeLessThan(99.5);
    expect(await one(t.db, `select count(*) from follow_ups where due_on < date '${TODAY}' and done_on is null`)).toBeGreaterThan(0);
  });

  it('gives ~85% of the last year’s short-acting users free supplies, mostly in the village, and ~60% of done follow-ups a satisfaction', async () => {
    const county = must(await t.db('regions').where({ level: 'county' }).first(), 'the county');
    const year = await computeReport(t.db, county, { from: '2025-11-01', to: '2026-10-31' });
    expect(year.total.short_acting_users).toBeGreaterThan(50);
    expect(year.total.free_supply_rate.value).toBeGreaterThan(75);
    expect(year.total.free_supply_rate.value).toBeLessThan(95);
    const village = await one(t.db, `select 100.0 * count(*) filter (where channel = 'village') / count(*) from free_supplies`);
    expect(village).toBeGreaterThan(55);
    expect(await one(t.db, `select count(*) from free_supplies s join women w on w.id = s.woman_id where s.supplied_on < w.registered_on or s.supplied_on >= date '${TODAY}'`)).toBe(0);
    const answered = await one(t.db, `select 100.0 * count(satisfaction) / count(*) from follow_ups where done_on is not null`);
    expect(answered).toBeGreaterThan(50);
    expect(answered).toBeLessThan(70);
    expect(year.total.satisfaction_rate.value).toBeGreaterThan(90);
    expect(year.total.satisfaction_rate.value).toBeLessThan(100);
  });

  it('writes population figures for every village and month that agree with the register', async () => {
    const villages = await one(t.db, `select count(*) from regions where level = 'village'`);
    expect(await one(t.db, 'select count(*) from population_figures')).toBe(villages * 60);
    expect(await one(t.db, `select count(distinct month) from population_figures where month between date '2021-11-01' and date '2026-10-01'`)).toBe(60);
    const population = await one(t.db, `select sum(population_end) from population_figures where month = date '2026-10-01'`);
    const births = await one(t.db, `select count(*) from children where birth_date >= date '2025-11-01' and birth_date < date '2026-11-01'`);
    const deaths = await one(t.db, `select sum(deaths) from population_figures where month >= date '2025-11-01'`);
    expect((1000 * births) / population).toBeGreaterThan(6);
    expect((1000 * births) / population).toBeLessThan(12);
    expect((1000 * deaths) / population).toBeGreaterThan(4);
    expect((1000 * deaths) / population).toBeLessThan(9);
    // Never fewer deaths entered than the register itself records in that village and month.
    expect(
      await one(
        t.db,
        `
      select count(*) from (
        select c.region_id, date_trunc('month', c.death_date)::date as m, count(*) as n from children c where c.death_date is not null group by 1, 2
      ) d join population_figures f on f.region_id = d.region_id and f.month = d.m where f.deaths < d.n`,
      ),
    ).toBe(0);
    // Month to month the population moves by births minus deaths plus a little migration.
    const drift = await one(
      t.db,
      `
      select max(abs(f.population_end - p.population_end - coalesce(b.n, 0) + f.deaths)::float / p.population_end)
      from population_figures f
      join population_figures p on p.region_id = f.region_id and p.month = f.month - interval '1 month'
      left join (select region_id, date_trunc('month', birth_date)::date as m, count(*) as n from children group by 1, 2) b
        on b.region_id = f.region_id and b.m = f.month`,
    );
    expect(drift).toBeLessThan(0.1);
  });

  it('has special-family files with both contact persons, schedules met and not met in October, and proposals left without a file', async () => {
    const files = await one(t.db, 'select count(*) from special_family_files');
    expect(files).toBeGreaterThan(2);
    expect(await one(t.db, 'select count(*) from special_family_contacts')).toBe(files * 2);
    expect(await one(t.db, 'select count(*) from special_family_care')).toBeGreaterThan(files * 3);
    const county = must(await t.db('regions').where({ level: 'county' }).first(), 'the county');
    const { total } = await computeReport(t.db, county, { from: '2026-10-01', to: '2026-10-31' });
    expect(total.special_families_open).toBe(files);
    expect(total.special_families_cared).toBeGreaterThan(0);
    expect(total.special_families_cared).toBeLessThan(total.special_families_open);
    expect(total.special_families_filed).toBeGreaterThan(0);
    expect(total.special_families_filed).toBeLessThan(total.special_families_eligible);
  });
});
