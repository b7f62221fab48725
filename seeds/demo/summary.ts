/**
 * What the generated county looks like, measured in SQL after the load: printed by seed-demo so an operator
 * (and the README) can see the rates the demo data carries.
 */
import type { Knex } from 'knex';
import { METHOD, NO_METHOD_LABEL } from '../../src/domain/codes.ts';
import { addYears, type IsoDate } from '../../src/domain/dates.ts';

export interface DemoSummary {
  women: number;
  active: number;
  married: number;
  children: number;
  birthsLastYear: number;
  sexRatio: number;
  ongoing: number;
  methods: Record<string, number>;
  population: number;
  services: number;
  followUps: number;
  checkResults: number;
}

export async function summarize(db: Knex, today: IsoDate): Promise<DemoSummary> {
  const yearAgo = addYears(today, -1);
  const one = async (sql: string, b: unknown[] = []) => Number(Object.values((await db.raw(sql, b as Knex.RawBinding[])).rows[0] ?? { n: 0 })[0] ?? 0);
  const married = `w.status = 'active' and w.marital_status in ('first_marriage', 'remarried')`;
  const methods: Record<string, number> = {};
  const rows = (await db.raw(`
    select coalesce(e.method, 'none') as method, count(*)::int as n
    from women w left join contraception_episodes e on e.woman_id = w.id and e.ended_on is null
    where ${married} group by 1 order by 2 desc`)).rows as { method: string; n: number }[];
  for (const r of rows) methods[r.method] = r.n;
  return {
    women: await one(`select count(*) from women`),
    active: await one(`select count(*) from women where status = 'active'`),
    married: await one(`select count(*) from women w where ${married}`),
    children: await one(`select count(*) from children`),
    birthsLastYear: await one(`select count(*) from children where birth_date > ?`, [yearAgo]),
    sexRatio: await one(`select round(100.0 * count(*) filter (where sex = 'male') / nullif(count(*) filter (where sex = 'female'), 0), 1) from children`),
    ongoing: await one(`select count(*) from pregnancies p join women w on w.id = p.woman_id where p.outcome = 'ongoing' and ${married}`),
    methods,
    population: await one(`select coalesce(sum(population_end), 0) from population_figures where month = (select max(month) from population_figures)`),
    services: await one(`select count(*) from services`),
    followUps: await one(`select count(*) from follow_ups`),
    checkResults: await one(`select count(*) from check_results`),
  };
}

export function summaryLines(s: DemoSummary): string[] {
  const users = Object.entries(s.methods).filter(([m]) => m !== 'none').reduce((t, [, n]) => t + n, 0);
  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');
  const mix = Object.entries(s.methods).filter(([m]) => m !== 'none').map(([m, n]) => `${METHOD[m as keyof typeof METHOD] ?? m} ${pct(n, users)}`).join('，');
  return [
    `育龄妇女信息卡 ${s.women} 张（在册 ${s.active}，已婚育龄妇女 ${s.married}），子女 ${s.children} 人，近一年出生 ${s.birthsLastYear} 人，出生性别比 ${s.sexRatio}。`,
    `已婚育龄妇女：${NO_METHOD_LABEL} ${pct(s.methods.none ?? 0, s.married)}，妊娠中 ${s.ongoing} 人；避孕者构成：${mix}。`,
    `技术服务 ${s.services} 条，随访 ${s.followUps} 条，双查记录 ${s.checkResults} 条；期末总人口 ${s.population}，` +
      `近一年出生率 ${s.population ? ((1000 * s.birthsLastYear) / s.population).toFixed(2) : '—'}‰。`,
  ];
}
