/**
 * A small demo county (400 cards) passes the register's own rules (src/domain/consistency.ts): every card,
 * loaded and checked the way a save checks it (card-write.ts), has no E finding — an exited card checked as it
 * stood on its exit day. W findings (应措, IUD past due, outflow not verified) are expected, and are what the
 * load stored in data_findings. SQL checks over whole tables cover what the card rules do not see (ID numbers
 * across cards, double-check results, entry times).
 */
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCard, mergeByRule, type Finding } from '../../../src/domain/consistency.ts';
import { snapshotOf } from '../../../src/features/women/service.ts';
import { loadCardData, type CardData } from '../../../src/features/women/service.ts';
import type { WomanRow } from '../../../src/features/women/service.ts';
import { seedDemo } from '../../../seeds/demo/index.ts';
import { testHasher } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';

const TODAY = '2026-11-23';
const count = async (db: Knex, sql: string, bindings: Knex.RawBinding[] = []) => Number((await db.raw<{ rows: { n: number | string }[] }>(sql, bindings)).rows[0].n);

/** The rules on a card: today for an active card; for an exited one, as an active card on the day it left. */
function findingsOf(card: CardData): Finding[] {
  if (card.woman.status === 'active') return checkCard(snapshotOf(card), TODAY);
  return checkCard(snapshotOf({ ...card, woman: { ...card.woman, status: 'active' } }), card.woman.exit_date!);
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
    expect(
      await count(t.db, `select count(*) as n from women where substr(id_number, 7, 8) <> to_char(birth_date, 'YYYYMMDD') or substr(id_number, 17, 1)::int % 2 = 1 or left(id_number, 6) <> '990100'`),
    ).toBe(0);
    expect(await count(t.db, `select count(*) as n from women where spouse_id_number is not null and substr(spouse_id_number, 17, 1)::int % 2 = 0`)).toBe(0);
  });

  it('keeps ages, marriages and exits within the rules', async () => {
    expect(
      await count(t.db, `select count(*) as n from women where status = 'active' and (birth_date <= date '${TODAY}' - interval '50 years' or birth_date > date '${TODAY}' - interval '15 years')`),
    ).toBe(0);
    expect(await count(t.db, `select count(*) as n from women where marriage_date < birth_date + interval '20 years'`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from women where exit_reason = 'over_age' and exit_date < birth_date + interval '50 years'`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from women where status = 'exited'`)).toBeGreaterThan(10);
  });

  it('numbers births 1..n by date with twins sharing, six months apart, mother at least 14, in her village', async () => {
    expect(await count(t.db, `select count(*) as n from (select birth_order, dense_rank() over (partition by woman_id order by birth_date) as r from children) x where birth_order <> r`)).toBe(0);
    expect(
      await count(
        t.db,
        `select count(*) as n from (select birth_date, lag(birth_date) over (partition by woman_id order by birth_date) as prev from children) x where prev is not null and birth_date <> prev and birth_date - prev < 183`,
      ),
    ).toBe(0);
    expect(await count(t.db, `select count(*) as n from children c join women w on w.id = c.woman_id where c.birth_date < w.birth_date + interval '14 years' or c.birth_date > date '${TODAY}'`)).toBe(
      0,
    );
    expect(
      await count(t.db, `select count(*) as n from children c join women w on w.id = c.woman_id where c.region_id <> w.region_id and not exists (select 1 from transfers t where t.woman_id = w.id)`),
    ).toBe(0);
  });

  it('keeps one ongoing pregnancy and one open method at most, and nothing after a sterilisation', async () => {
    expect(await count(t.db, `select count(*) as n from (select woman_id from pregnancies where outcome = 'ongoing' group by 1 having count(*) > 1) x`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from (select woman_id from contraception_episodes where ended_on is null group by 1 having count(*) > 1) x`)).toBe(0);
    expect(
      await count(
        t.db,
        `
      select count(*) as n from contraception_episodes s
      where s.method in ('female_sterilization', 'male_sterilization') and (
        exists (select 1 from contraception_episodes e where e.woman_id = s.woman_id and e.started_on > s.started_on) or
        exists (select 1 from pregnancies p where p.woman_id = s.woman_id and p.lmp_date > s.started_on))`,
      ),
    ).toBe(0);
    expect(
      await count(
        t.db,
        `
      select count(*) as n from pregnancies p join contraception_episodes e on e.woman_id = p.woman_id
      where p.outcome = 'ongoing' and not p.contraceptive_failure and e.ended_on is null
        and e.method in ('iud', 'implant', 'female_sterilization', 'male_sterilization')`,
      ),
    ).toBe(0);
  });

  it('has no E finding on any card under the real rules, and stores the W findings it has', async () => {
    const women: WomanRow[] = await t.db('women').orderBy('id');
    const cards: CardData[] = [];
    for (const w of women) cards.push(await loadCardData(t.db, w));
    const findings = cards.map((c) => ({ card: c, findings: findingsOf(c) }));
    const errors = findings.flatMap(({ card, findings: f }) => f.filter((x) => x.level === 'E').map((x) => `woman ${card.woman.id}: ${x.rule} ${x.message}`));
    expect(errors).toEqual([]);
    // W findings in small numbers, and exactly the ones the load stored for the active cards.
    const active = findings.filter(({ card }) => card.woman.status === 'active');
    const warned = active.filter(({ findings: f }) => f.length > 0).length;
    expect(warned).toBeGreaterThan(0);
    expect(warned / active.length).toBeLessThan(0.25);
    const expected = active.flatMap(({ card, findings: f }) => mergeByRule(f).map((x) => `${card.woman.id} ${x.rule}`)).sort();
    const stored = (await t.db('data_findings').orderBy(['woman_id', 'rule']).select('woman_id', 'rule', 'level')).map((r) => `${r.woman_id} ${r.rule}`).sort();
    expect(stored).toEqual(expected);
    expect(await count(t.db, `select count(*) as n from data_findings where level = 'E' or detected_on <> ?`, [TODAY])).toBe(0);
    // The check is not vacuous: the same card with its births renumbered is an E.
    const sample = cards.find((c) => c.children.length >= 2 && c.woman.status === 'active')!;
    const broken = { ...sample, children: sample.children.map((c) => ({ ...c, birth_order: 1 })) };
    expect(findingsOf(broken).some((f) => f.level === 'E' && f.rule === 'birth_order_sequence')).toBe(true);
  });

  it('keeps double-check results in line with pregnancies, and nothing after an exit', async () => {
    expect(
      await count(
        t.db,
        `
      select count(*) as n from services s where s.kind = 'ring_pregnancy_check' and s.pregnancy_result = 'negative' and exists (
        select 1 from pregnancies p where p.woman_id = s.woman_id and p.found_on <= s.performed_on and (p.outcome_date is null or s.performed_on < p.outcome_date))`,
      ),
    ).toBe(0);
    expect(
      await count(
        t.db,
        `
      select count(*) as n from services s where s.kind = 'ring_pregnancy_check' and s.pregnancy_result = 'positive' and not exists (
        select 1 from pregnancies p where p.woman_id = s.woman_id and p.found_on <= s.performed_on and (p.outcome_date is null or s.performed_on <= p.outcome_date))`,
      ),
    ).toBe(0);
    expect(await count(t.db, `select count(*) as n from services s join women w on w.id = s.woman_id where s.performed_on > coalesce(w.exit_date, date '${TODAY}')`)).toBe(0);
    expect(await count(t.db, `select count(*) as n from children c join women w on w.id = c.woman_id where c.death_date > coalesce(w.exit_date, date '${TODAY}')`)).toBe(0);
  });

  it('enters every record after its event and before today, never before the card', async () => {
    const cap = `${TODAY}T00:00:00+08:00`;
    for (const table of [
      'women',
      'pregnancies',
      'children',
      'services',
      'contraception_episodes',
      'follow_ups',
      'check_results',
      'transfers',
      'certificates',
      'population_figures',
      'report_periods',
      'check_rounds',
    ]) {
      expect(await count(t.db, `select count(*) as n from ${table} where created_at > ?::timestamptz or updated_at > ?::timestamptz or updated_at < created_at`, [cap, cap]), table).toBe(0);
    }
    const china = (col: string) => `(${col} at time zone 'Asia/Shanghai')::date`;
    const entered = [
      ['children', 'birth_date'],
      ['pregnancies', 'found_on'],
      ['services', 'performed_on'],
      ['contraception_episodes', 'started_on'],
      ['certificates', 'issued_on'],
    ];
    for (const [table, day] of entered) {
      expect(await count(t.db, `select count(*) as n from ${table} where ${china('created_at')} < ${day}`), table).toBe(0);
      expect(await count(t.db, `select count(*) as n from ${table} x join women w on w.id = x.woman_id where x.created_at < w.created_at`), table).toBe(0);
    }
    expect(await count(t.db, `select count(*) as n from women where ${china('created_at')} < birth_date + interval '15 years' or ${china('created_at')} > coalesce(exit_date, date '${TODAY}')`)).toBe(
      0,
    );
    expect(await count(t.db, `select count(*) as n from follow_ups where done_on is not null and ${china('updated_at')} < done_on`)).toBe(0);
    // Most events are entered within a week; cards of women who came of age during the five years, on time.
    expect(await count(t.db, `select count(*) as n from services where ${china('created_at')} > performed_on + 7`)).toBeLessThan(0.1 * (await count(t.db, 'select count(*) as n from services')));
    expect(
      await count(t.db, `select count(*) as n from women where created_at > date '2021-11-23' and migrant_status <> 'inflow' and ${china('created_at')} > birth_date + interval '15 years 2 months'`),
    ).toBe(0);
  });

  it('refuses to load twice', async () => {
    await expect(seedDemo(t.db, testHasher, { women: 10, env: 'test', today: TODAY })).rejects.toThrow(/空数据库/);
  });
});
