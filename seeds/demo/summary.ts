/**
 * What the generated county looks like, measured in SQL after the load: printed by seed-demo so an operator
 * (and the README) can see the rates the demo data carries.
 */
import type { Knex } from 'knex';
import { APPLICATION_STATUS, METHOD, NO_METHOD_LABEL, REPORT_STATUS, type ApplicationStatus, type ReportStatus } from '../../src/domain/codes.ts';
import { RULES, type RuleKey } from '../../src/domain/consistency.ts';
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
  /** data_findings per rule. */
  findings: Record<string, number>;
  /** report_periods per status, and records counted as 补报. */
  periods: Record<string, number>;
  lateReports: number;
  /** Subsidy applications per program short name and status; payments made. */
  applications: Record<string, Record<string, number>>;
  payments: { n: number; fen: number };
}

export async function summarize(db: Knex, today: IsoDate): Promise<DemoSummary> {
  const yearAgo = addYears(today, -1);
  const one = async (sql: string, b: unknown[] = []) => Number(Object.values(((await db.raw(sql, b as Knex.RawBinding[])) as { rows: Record<string, unknown>[] }).rows[0] ?? { n: 0 })[0] ?? 0);
  const married = `w.status = 'active' and w.marital_status in ('first_marriage', 'remarried')`;
  const methods: Record<string, number> = {};
  const rows = (
    await db.raw<{ rows: { method: string; n: number }[] }>(`
    select coalesce(e.method, 'none') as method, count(*)::int as n
    from women w left join contraception_episodes e on e.woman_id = w.id and e.ended_on is null
    where ${married} group by 1 order by 2 desc`)
  ).rows;
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
    findings: await groups(db, `select rule as k, count(*)::int as n from data_findings group by 1 order by 2 desc`),
    periods: await groups(db, `select status as k, count(*)::int as n from report_periods group by 1`),
    lateReports: await one(`
      select count(*) from (
        select region_id, birth_date as d, created_at from children union all select region_id, found_on, created_at from pregnancies
        union all select region_id, performed_on, created_at from services where kind in ('iud_insertion', 'iud_removal', 'female_sterilization',
          'male_sterilization', 'implant_insertion', 'implant_removal', 'surgical_abortion', 'medical_abortion', 'induced_labour')
        union all select region_id, issued_on, created_at from certificates where kind = 'only_child_glory'
      ) e join regions v on v.id = e.region_id
      join report_periods p on p.township_id = v.parent_id and p.month = date_trunc('month', e.d)::date
      where p.status = 'accepted' and e.created_at > p.accepted_at`),
    applications: await applicationCounts(db),
    payments: (await db.raw<{ rows: { n: number; fen: number }[] }>(`select count(*)::int as n, coalesce(sum(amount_fen), 0)::bigint as fen from subsidy_payments where status = 'paid'`)).rows[0],
  };
}

async function groups(db: Knex, sql: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of (await db.raw<{ rows: { k: string; n: number }[] }>(sql)).rows) out[r.k] = r.n;
  return out;
}

async function applicationCounts(db: Knex): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  const rows = (await db.raw<{ rows: { program: string; status: string; n: number }[] }>(`select program, status, count(*)::int as n from subsidy_applications group by 1, 2`)).rows;
  for (const r of rows) {
    const key = r.program === 'reward_assistance' ? '奖扶' : r.program.startsWith('special_assistance') ? '特扶' : r.program;
    out[key] = { ...(out[key] ?? {}), [r.status]: (out[key]?.[r.status] ?? 0) + r.n };
  }
  return out;
}

export function summaryLines(s: DemoSummary): string[] {
  const users = Object.entries(s.methods)
    .filter(([m]) => m !== 'none')
    .reduce((t, [, n]) => t + n, 0);
  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');
  const mix = Object.entries(s.methods)
    .filter(([m]) => m !== 'none')
    .map(([m, n]) => `${METHOD[m as keyof typeof METHOD] ?? m} ${pct(n, users)}`)
    .join('，');
  return [
    `育龄妇女信息卡 ${s.women} 张（在册 ${s.active}，已婚育龄妇女 ${s.married}），子女 ${s.children} 人，近一年出生 ${s.birthsLastYear} 人，出生性别比 ${s.sexRatio}。`,
    `已婚育龄妇女：${NO_METHOD_LABEL} ${pct(s.methods.none ?? 0, s.married)}，妊娠中 ${s.ongoing} 人；避孕者构成：${mix}。`,
    `技术服务 ${s.services} 条，随访 ${s.followUps} 条，双查记录 ${s.checkResults} 条；期末总人口 ${s.population}，` +
      `近一年出生率 ${s.population ? ((1000 * s.birthsLastYear) / s.population).toFixed(2) : '—'}‰。`,
    `数据质量：${
      Object.entries(s.findings)
        .map(([r, n]) => `${RULES[r as RuleKey]?.label ?? r} ${n}`)
        .join('，') || '无'
    }。`,
    `月报：${Object.entries(s.periods)
      .map(([k, n]) => `${REPORT_STATUS[k as ReportStatus] ?? k} ${n}`)
      .join('，')}（乡镇·月）；补报记录 ${s.lateReports} 条。`,
    `补助：${Object.entries(s.applications)
      .map(
        ([p, by]) =>
          `${p} ${Object.entries(by)
            .map(([k, n]) => `${APPLICATION_STATUS[k as ApplicationStatus] ?? k} ${n}`)
            .join('、')}`,
      )
      .join('；')}；` + `已发放 ${s.payments.n} 笔，共 ${(s.payments.fen / 100).toFixed(2)} 元。`,
  ];
}
