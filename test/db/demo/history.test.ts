/**
 * The demo county as the report and subsidy features see it (1,200 cards): five years of month close — most
 * months accepted, a few late, last month still open for one township and waiting for the county for others —
 * with snapshots the report engine computes from what had been entered at each submission (so snapshot vs live
 * differs exactly by the late entries, which count as 补报); and 奖扶/特扶 beneficiaries approved through the
 * subsidies workflow, paid for last year, a few applications still in the queues.
 */
import type { Knex } from 'knex';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SubsidyApplicationsTable, SubsidyPaymentBatchesTable, SubsidyPaymentsTable, WomenTable } from '../../../src/db/tables.ts';
import { addMonthsToMonth, monthOf } from '../../../src/domain/dates.ts';
import type { Eligibility } from '../../../src/domain/eligibility.ts';
import { monthPeriod } from '../../../src/domain/report-periods.ts';
import { townshipStatuses } from '../../../src/features/reports/service.ts';
import { reportJson, type ReportJson } from '../../../src/features/reports/service.ts';
import { computeReport } from '../../../src/features/reports/service.ts';
import { getRegion } from '../../../src/features/regions/service.ts';
import { eligibilityAudit } from '../../../src/features/subsidies/service.ts';
import { seedDemo } from '../../../seeds/demo/index.ts';
import { testHasher } from '../../helpers/app.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { must } from '../../helpers/must.ts';

const TODAY = '2026-11-23';
const LAST_MONTH = addMonthsToMonth(monthOf(TODAY), -1);
const CAP = `${TODAY}T00:00:00+08:00`;
const count = async (db: Knex, sql: string, bindings: Knex.RawBinding[] = []) => Number((await db.raw<{ rows: { n: number | string }[] }>(sql, bindings)).rows[0].n);
/** A stored month-close snapshot: the report's JSON (reportJson) when the township submitted it. */
const snapshotOf = (p: { snapshot: unknown }) => p.snapshot as ReportJson | null;

/** Births, pregnancies and procedures of a township-month entered after its (last) submission. */
const ENTERED_AFTER = `
  select e.kind, count(*)::int as n from (
    select 'births' as kind, region_id, birth_date as d, created_at from children
    union all select 'pregnancies_new', region_id, found_on, created_at from pregnancies
    union all select 'procedures', region_id, performed_on, created_at from services where kind in ('iud_insertion', 'iud_removal',
      'female_sterilization', 'male_sterilization', 'implant_insertion', 'implant_removal', 'surgical_abortion', 'medical_abortion', 'induced_labour')
  ) e join regions v on v.id = e.region_id
  where v.parent_id = ? and date_trunc('month', e.d) = ?::date and e.created_at > ?
  group by 1`;

/** Any record a township's report reads, dated by the end of the month, entered after the submission. */
const ANYTHING_AFTER = `
  select count(*)::int as n from (
    select region_id, birth_date as d, created_at from children union all select region_id, started_on, created_at from contraception_episodes
    union all select region_id, issued_on, created_at from certificates union all select region_id, found_on, created_at from pregnancies
    union all select region_id, performed_on, created_at from services union all select region_id, due_on, created_at from follow_ups
  ) e join regions v on v.id = e.region_id
  where v.parent_id = ? and e.d < (?::date + interval '1 month') and e.created_at > ?`;

describe('demo county: month close and subsidies', () => {
  const t = useTestDatabase();
  let townships: { id: number; code: string; name: string }[];

  beforeAll(async () => {
    await seedDemo(t.db, testHasher, { women: 1200, seed: 3, env: 'test', today: TODAY });
    townships = await t.db('regions').where({ level: 'township' }).orderBy('code').select('id', 'code', 'name');
  }, 120_000);

  it('has five years of month close: mostly accepted, some late or returned first, one unlocked, last month unfinished', async () => {
    const rows = await t.db('report_periods').select('status', 'month', 'first_submitted_at', 'returned_at', 'unlocked_at', 'accepted_at', 'snapshot');
    expect(rows.length).toBeGreaterThan(595);
    expect(rows.length).toBeLessThan(600);
    expect(rows.filter((r) => r.status === 'accepted').length / rows.length).toBeGreaterThan(0.98);
    expect(
      rows.every((r) => {
        const s = snapshotOf(r);
        return s && (s.total.figures.wra as number) > 0;
      }),
    ).toBe(true);
    const late = await count(t.db, `select count(*) as n from report_periods where (first_submitted_at at time zone 'Asia/Shanghai')::date > (month + interval '1 month 4 days')::date`);
    expect(late).toBeGreaterThan(10);
    expect(rows.filter((r) => r.returned_at && r.status === 'accepted').length).toBeGreaterThan(5);
    expect(rows.filter((r) => r.unlocked_at && r.status === 'accepted' && r.accepted_at !== null && r.accepted_at > r.unlocked_at)).toHaveLength(1);

    const county = await getRegion(t.db, must(await t.db('regions').where({ level: 'county' }).first(), 'county').id);
    const statuses = await townshipStatuses(t.db, county, LAST_MONTH, new Date(`${TODAY}T12:00:00+08:00`));
    expect(statuses.filter((s) => s.status === 'open' && s.timeliness === 'missing')).toHaveLength(1);
    expect(statuses.filter((s) => s.status === 'submitted').length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s.status === 'accepted').length).toBeGreaterThanOrEqual(6);
  });

  it('stores the snapshot the engine computes for the records entered by each submission', async () => {
    const periods = await t.db('report_periods').orderBy(['month', 'township_id']).select('township_id', 'month', 'submitted_at', 'snapshot');
    let same = 0;
    let differing = 0;
    for (const [i, p] of periods.entries()) {
      const township = townships.find((x) => x.id === p.township_id)!;
      const month = String(p.month).slice(0, 7);
      const inMonth = Object.fromEntries((await t.db.raw<{ rows: { kind: string; n: number }[] }>(ENTERED_AFTER, [township.id, `${month}-01`, p.submitted_at])).rows.map((r) => [r.kind, r.n]));
      if (i % 23 !== 0 && !inMonth.births) continue;
      const live = reportJson(await computeReport(t.db, await getRegion(t.db, township.id), monthPeriod(month)));
      if ((await count(t.db, ANYTHING_AFTER, [township.id, `${month}-01`, p.submitted_at])) === 0) {
        // Nothing entered later: the stored snapshot is the live report, figure for figure.
        expect(p.snapshot, `${township.name} ${month}`).toEqual(JSON.parse(JSON.stringify(live)));
        same += 1;
      } else {
        // Entered later: the live figures are higher by exactly those records.
        for (const kind of Object.keys(inMonth))
          expect((live.total.figures[kind] as number) - (must(snapshotOf(p), 'snapshot').total.figures[kind] as number), `${township.name} ${month} ${kind}`).toBe(inMonth[kind]);
        if (Object.keys(inMonth).length) differing += 1;
      }
    }
    expect(same).toBeGreaterThan(10);
    expect(differing).toBeGreaterThan(3);
  });

  it('counts records entered after their month was locked as 补报 in the month they were entered', async () => {
    const county = await getRegion(t.db, must(await t.db('regions').where({ level: 'county' }).first(), 'county').id);
    const year = await computeReport(t.db, county, { from: '2024-01-01', to: '2025-12-31' });
    const expected = await count(
      t.db,
      `
      select count(*) as n from (
        select region_id, birth_date as d, created_at from children union all select region_id, found_on, created_at from pregnancies
        union all select region_id, performed_on, created_at from services where kind in ('iud_insertion', 'iud_removal', 'female_sterilization',
          'male_sterilization', 'implant_insertion', 'implant_removal', 'surgical_abortion', 'medical_abortion', 'induced_labour')
        union all select region_id, issued_on, created_at from certificates where kind = 'only_child_glory'
      ) e join regions v on v.id = e.region_id join report_periods p on p.township_id = v.parent_id and p.month = date_trunc('month', e.d)::date
      where p.status = 'accepted' and e.created_at > p.accepted_at
        and (e.created_at at time zone 'Asia/Shanghai')::date between date '2024-01-01' and date '2025-12-31'`,
    );
    expect(year.total.late_reports).toBe(expected);
    expect(expected).toBeGreaterThan(3);
    // A handful a month at most: clerks enter nearly everything before they submit.
    expect(expected).toBeLessThan(24 * 6);
  });

  it('approves 奖扶 and 特扶 through the workflow, by the demo clerks and supervisors, on the records', async () => {
    type AppRow = Omit<SubsidyApplicationsTable, 'eligibility'> & { eligibility: Eligibility | null; exit_reason: WomenTable['exit_reason']; card_status: WomenTable['status'] };
    const apps = await t.db('subsidy_applications as a').join('women as w', 'w.id', 'a.woman_id').select<AppRow[]>('a.*', 'w.exit_reason', 'w.status as card_status');
    const approved = apps.filter((a) => a.status === 'approved');
    expect(approved.filter((a) => a.program === 'reward_assistance' && a.beneficiary === 'woman').length).toBeGreaterThan(3);
    expect(approved.filter((a) => a.program === 'reward_assistance' && a.beneficiary === 'spouse').length).toBeGreaterThan(3);
    expect(approved.filter((a) => a.program.startsWith('special_assistance')).length).toBeGreaterThanOrEqual(2);
    // Beneficiaries of 奖扶 are families of women who left the register over age long ago.
    expect(approved.filter((a) => a.program === 'reward_assistance' && a.exit_reason === 'over_age').length / approved.filter((a) => a.program === 'reward_assistance').length).toBeGreaterThan(0.9);
    expect(approved.every((a) => a.eligibility?.result === 'met' && a.submitted_at !== null && a.decided_at !== null && a.submitted_at < a.decided_at && a.created_at <= a.submitted_at)).toBe(true);
    expect(apps.filter((a) => a.status === 'submitted').length).toBeGreaterThanOrEqual(1);
    const decisions = await t.db.raw<{ rows: { action: string; level: string; username: string; n: number }[] }>(`
      select d.action, d.level, u.username, count(*)::int as n from subsidy_decisions d join users u on u.id = d.user_id group by 1, 2, 3`);
    const by = (action: string, level: string) => decisions.rows.filter((r) => r.action === action && r.level === level);
    expect(by('submit', 'township').every((r) => r.username.startsWith('clerk'))).toBe(true);
    expect(by('approve', 'township').every((r) => r.username.startsWith('sup'))).toBe(true);
    expect(by('approve', 'county').map((r) => r.username)).toEqual(['county_sup']);
    // The records still support every approved beneficiary (资格确认准确率 100%).
    const county = must(await t.db('regions').where({ level: 'county' }).first(), 'county');
    const audit = await eligibilityAudit(t.db, { level: 'county', regionId: county.id, code: county.code }, TODAY);
    expect(audit.approved).toBe(approved.length);
    expect(audit.findings).toEqual([]);
  });

  it('paid last year: a 奖扶 batch at the standard in force and 特扶 every month, exported, each application once', async () => {
    const lastYear = Number(TODAY.slice(0, 4)) - 1;
    const reward = await t
      .db('subsidy_payment_batches as b')
      .join('subsidy_payments as p', 'p.batch_id', 'b.id')
      .where({ 'b.program': 'reward_assistance', 'b.period': String(lastYear) })
      .select<(Pick<SubsidyPaymentBatchesTable, 'exported_at' | 'created_at'> & Pick<SubsidyPaymentsTable, 'amount_fen' | 'status' | 'decided_at'>)[]>(
        'b.exported_at',
        'b.created_at',
        'p.amount_fen',
        'p.status',
        'p.decided_at',
      );
    expect(reward.length).toBeGreaterThan(5);
    expect(reward.every((p) => p.status === 'paid' && p.amount_fen === 97000 && p.exported_at && p.decided_at !== null && p.decided_at > p.exported_at)).toBe(true);
    expect(reward.every((p) => p.created_at.toISOString().startsWith(`${lastYear}-`))).toBe(true);
    expect(await count(t.db, `select count(distinct period) as n from subsidy_payment_batches where program = 'special_assistance_disability' and period like '${lastYear}-%'`)).toBe(12);
    expect(await count(t.db, `select count(*) as n from (select application_id, period from subsidy_payments group by 1, 2 having count(*) > 1) x`)).toBe(0);
    // Nothing the services wrote is dated after today, and the dates follow the steps.
    for (const table of ['subsidy_applications', 'subsidy_decisions', 'subsidy_payment_batches', 'subsidy_payments']) {
      expect(await count(t.db, `select count(*) as n from ${table} where created_at > ?::timestamptz or updated_at > ?::timestamptz or updated_at < created_at`, [CAP, CAP]), table).toBe(0);
    }
    expect(await count(t.db, `select count(*) as n from subsidy_decisions where created_at <> decided_at`)).toBe(0);
  });
});
