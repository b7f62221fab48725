/**
 * Subsidies of the demo county, made through the subsidies services — drafting, submission (which checks the
 * evidence and computes eligibility from the records), township review, county approval, payment batches, bank
 * export, payment — with the demo clerks and supervisors as actors and each step's own date as "now", played in
 * date order (benefit-plan.ts). So the rows are exactly what the app writes, and a batch holds only what was
 * approved before it was made. The services stamp created_at/updated_at (and audit rows) with the time of the
 * load; afterwards created_at and updated_at of these rows are set to the steps' dates.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../src/auth/actor.ts';
import type { Role, SubsidyBeneficiary, SubsidyProgram } from '../../src/domain/codes.ts';
import { cannedOpinions } from '../../src/domain/subsidy-workflow.ts';
import { parseIdNumber } from '../../src/domain/id-number.ts';
import { ValidationError } from '../../src/errors.ts';
import { createApplication, evaluate, getWoman } from '../../src/features/subsidies/service.ts';
import { exportBatch, generateBatch, markAllPaid } from '../../src/features/subsidies/service.ts';
import { listPrograms, type ProgramRow } from '../../src/features/subsidies/service.ts';
import { decideApplication, saveEligibilityReview, submitApplication } from '../../src/features/subsidies/service.ts';
import { applicationSteps, applicationYear, batchPlans, eligibleFrom, type Step } from './benefit-plan.ts';
import { dateOfInstant, dayOf, dayOfInstant, isoOf, stampOf, yearOf, type Instant } from './days.ts';
import type { GenContext } from './life.ts';
import { streamFor } from './random.ts';
import type { UserRef } from './setup.ts';

interface RegionRef {
  id: number;
  code: string;
  name: string;
}

function actorOf(user: UserRef, role: Role, level: 'county' | 'township', region: RegionRef): Actor {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role,
    level,
    regionId: region.id,
    regionCode: region.code,
    regionName: region.name,
    scope: { level, regionId: region.id, code: region.code },
  };
}

/**
 * Cards that may qualify — the services decide: a living-children pattern 奖扶 or 特扶 accepts, and someone old
 * enough by the end of the year (the woman or her husband 60 for 奖扶; the mother 49 with her only child dead
 * or disabled for 特扶).
 */
interface Candidate {
  id: number;
  birth_date: string;
  spouse_id_number: string | null;
  marital_status: string;
  born: number;
  living: number;
  death_date: string | null;
  disabled: boolean;
}

async function candidates(trx: Knex, year: number): Promise<Candidate[]> {
  const { rows } = await trx.raw<{ rows: Candidate[] }>(
    `select w.id, w.birth_date, w.spouse_id_number, w.marital_status,
            count(*)::int as born, count(*) filter (where c.vital_status <> 'deceased')::int as living,
            max(c.death_date) as death_date, bool_or(c.vital_status = 'disabled' and c.disability_grade <= 3) as disabled
       from women w join children c on c.woman_id = w.id
      where w.birth_date <= ?::date and (w.exit_reason is null or w.exit_reason = 'over_age')
      group by w.id
     having (count(*) filter (where c.vital_status <> 'deceased') <= 1
             or count(*) filter (where c.vital_status <> 'deceased' and c.sex = 'female') = 2 and count(*) filter (where c.vital_status <> 'deceased') = 2)
        and (w.birth_date <= ?::date or substr(w.spouse_id_number, 7, 8) <= ?
             or count(*) = 1 and (count(*) filter (where c.vital_status = 'deceased') = 1 or bool_or(c.vital_status = 'disabled')))
      order by w.id`,
    [`${year - 49}-12-31`, `${year - 60}-12-31`, `${year - 60}1231`],
  );
  return rows;
}

interface Planned {
  womanId: number;
  township: number;
  program: ProgramRow;
  beneficiary: SubsidyBeneficiary;
  year: number;
  steps: Step[];
  bank: { bank_name: string; bank_account: string; account_holder: string };
}

/**
 * The newest submitted applications are still being reviewed: a few (3% of them, at least two) wait for the
 * township supervisor and as many for the county — those submitted in the last half year, newest first.
 */
function leaveInQueues(plans: Planned[], cap: Instant): void {
  const lastSubmit = (p: Planned) => p.steps.findLastIndex((s) => s.kind === 'submit');
  const recent = plans.filter((p) => lastSubmit(p) >= 0 && cap - p.steps[lastSubmit(p)].at < 180 * 1440).sort((a, b) => b.steps[lastSubmit(b)].at - a.steps[lastSubmit(a)].at);
  const k = Math.max(2, Math.round(plans.length * 0.03));
  recent.slice(0, k).forEach((p) => p.steps.splice(lastSubmit(p) + 1));
  for (const p of recent.slice(k, 2 * k)) {
    const county = p.steps.findIndex((s) => s.kind === 'county_approve');
    if (county >= 0) p.steps.splice(county);
  }
}

const BANKS = ['示例县农村信用合作联社', '中国邮政储蓄银行示例县支行', '中国农业银行示例县支行'];

export interface BenefitSummary {
  applications: number;
  byStatus: Record<string, number>;
  batches: number;
  payments: number;
}

export async function seedBenefits(trx: Knex, ctx: GenContext, county: RegionRef, users: UserRef[]): Promise<BenefitSummary> {
  const user = (name: string) => users.find((u) => u.username === name)!;
  const countyActor = actorOf(user('county_sup'), 'supervisor', 'county', county);
  const townshipActors = ctx.townships.map((t, i) => {
    const n = String(i + 1).padStart(2, '0');
    return { clerk: actorOf(user(`clerk${n}`), 'clerk', 'township', t), sup: actorOf(user(`sup${n}`), 'supervisor', 'township', t) };
  });
  const programs = new Map((await listPrograms(trx)).map((p) => [p.code, p]));
  const currentYear = yearOf(ctx.today);
  const firstYear = yearOf(ctx.windowStart);
  const townshipOfRegion = new Map(ctx.villages.map((v) => [v.id, v.township]));

  // Who qualifies, checked by the eligibility engine on today's records, and when each would have applied.
  const plans: Planned[] = [];
  for (const c of await candidates(trx, currentYear)) {
    const woman = await getWoman(trx, countyActor.scope, c.id);
    const options: [SubsidyProgram, SubsidyBeneficiary, number][] = [['reward_assistance', 'woman', dayOf(c.birth_date)]];
    const husband = c.spouse_id_number ? parseIdNumber(c.spouse_id_number) : undefined;
    if (husband?.ok && c.marital_status !== 'widowed') options.push(['reward_assistance', 'spouse', dayOf(husband.info.birthDate)]);
    if (c.born === 1 && c.living === 0) options.push(['special_assistance_death', 'woman', dayOf(c.birth_date)]);
    if (c.born === 1 && c.disabled) options.push(['special_assistance_disability', 'woman', dayOf(c.birth_date)]);
    for (const [k, [code, beneficiary, birth]] of options.entries()) {
      const program = programs.get(code)!;
      const eligible = eligibleFrom(code, birth, dayOf(c.birth_date), c.death_date ? dayOf(c.death_date) : null);
      const year = applicationYear(eligible, firstYear);
      if (year > currentYear || !program.active) continue;
      const e = await evaluate(trx, { program, woman, beneficiary, year, requestedFen: null });
      if (e.result !== 'met') continue;
      const rnd = streamFor(ctx.seed, c.id * 8 + k, 13);
      const steps = applicationSteps(rnd, year, Math.max(eligible, dayOf(`${year}-01-01`)), ctx.cap);
      if (!steps.length) continue;
      const holder = beneficiary === 'woman' ? woman.name : woman.spouse_name!;
      const account = `622${rnd.int(1, 9)}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}${String(rnd.int(0, 9_999_999)).padStart(7, '0')}`;
      plans.push({
        womanId: c.id,
        township: townshipOfRegion.get(woman.region_id)!,
        program,
        beneficiary,
        year,
        steps,
        bank: { bank_name: rnd.pick(BANKS), bank_account: account, account_holder: holder },
      });
    }
  }

  leaveInQueues(plans, ctx.cap);

  // Every step of every application and batch, in date order.
  type Event = { at: Instant; run: () => Promise<void> };
  const events: Event[] = [];
  const created = new Map<number, Instant>();
  for (const p of plans) {
    const state = { id: 0, version: 0 };
    const { clerk, sup } = townshipActors[p.township];
    for (const s of p.steps) {
      const now = dateOfInstant(s.at);
      const run = async () => {
        if (s.kind === 'create') {
          const row = await createApplication(trx, clerk, { woman: p.womanId, program: p.program.code, year: p.year, beneficiary: p.beneficiary, evidence: p.program.evidence, ...p.bank });
          Object.assign(state, { id: row.id, version: row.version });
          created.set(row.id, s.at);
          return;
        }
        const opinion = (action: 'approve' | 'return', level: 'township' | 'county') => cannedOpinions(p.program.code, action, level, p.program.approval_levels)[0];
        const row =
          s.kind === 'submit'
            ? await submitApplication(trx, clerk, state.id, state, now)
            : s.kind === 'township_return'
              ? await decideApplication(trx, sup, state.id, 'return', { opinion: opinion('return', 'township'), version: state.version }, now)
              : s.kind === 'township_approve'
                ? await decideApplication(trx, sup, state.id, 'approve', { opinion: opinion('approve', 'township'), version: state.version }, now)
                : await decideApplication(trx, countyActor, state.id, 'approve', { opinion: opinion('approve', 'county'), version: state.version }, now);
        state.version = row.version;
      };
      events.push({ at: s.at, run });
    }
  }
  const batchCreated = new Map<number, Instant>();
  for (const b of batchPlans(currentYear, ctx.cap)) {
    const batch = { id: 0 };
    events.push({
      at: b.generate,
      run: async () => {
        try {
          const r = await generateBatch(trx, countyActor, { program: b.program, period: b.period }, isoOf(dayOfInstant(b.generate)));
          batch.id = r.batch.id;
          batchCreated.set(batch.id, b.generate);
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err; // nothing (new) to pay for that period
        }
      },
    });
    if (b.exported <= ctx.cap) events.push({ at: b.exported, run: async () => void (batch.id && (await exportBatch(trx, countyActor, batch.id, false, dateOfInstant(b.exported)))) });
    if (b.paid <= ctx.cap) events.push({ at: b.paid, run: async () => void (batch.id && (await markAllPaid(trx, countyActor, batch.id, dateOfInstant(b.paid)))) });
  }
  events.sort((a, b) => a.at - b.at);
  for (const e of events) await e.run();

  await restamp(trx, created, batchCreated);
  // The county saved its eligibility audit yesterday: the 考核 board's 奖扶特扶资格确认准确率 reads it.
  await saveEligibilityReview(trx, countyActor, isoOf(ctx.today - 1), { reason: '年度补助资格核查' });
  const byStatus: Record<string, number> = {};
  const counted = (await trx.raw<{ rows: { status: string; n: number }[] }>(`select status, count(*)::int as n from subsidy_applications group by 1`)).rows;
  for (const r of counted) byStatus[r.status] = r.n;
  const [{ n: payments }] = await trx('subsidy_payments').count({ n: '*' });
  return { applications: created.size, byStatus, batches: batchCreated.size, payments: Number(payments) };
}

/** The subsidy tables with an updated_at trigger (decisions are never updated, so they have none). */
const SUBSIDY_TABLES = ['subsidy_applications', 'subsidy_payment_batches', 'subsidy_payments'];

/**
 * Move created_at/updated_at of the rows the services wrote to the dates of their steps. The updated_at triggers
 * would stamp the load time again, so they are switched off for these three tables inside this transaction
 * (owner only; without that right, created_at is still set and updated_at keeps the load time).
 */
async function restamp(trx: Knex, applications: Map<number, Instant>, batches: Map<number, Instant>): Promise<void> {
  const values = (m: Map<number, Instant>) => [...m].map(([id, i]) => `(${id}, '${stampOf(i)}'::timestamptz)`).join(', ');
  const updates = async (db: Knex) => {
    if (applications.size) {
      await db.raw(`update subsidy_applications a set created_at = v.c, updated_at = greatest(v.c, a.submitted_at, a.decided_at)
                      from (values ${values(applications)}) v(id, c) where a.id = v.id`);
    }
    await db.raw(`update subsidy_decisions set created_at = decided_at, updated_at = decided_at`);
    if (batches.size) {
      await db.raw(`update subsidy_payment_batches b set created_at = v.c, updated_at = greatest(v.c, b.exported_at)
                      from (values ${values(batches)}) v(id, c) where b.id = v.id`);
    }
    await db.raw(`update subsidy_payments p set created_at = b.created_at, updated_at = coalesce(p.decided_at, b.created_at)
                    from subsidy_payment_batches b where b.id = p.batch_id`);
  };
  try {
    await (trx as Knex.Transaction).transaction(async (sp) => {
      for (const t of SUBSIDY_TABLES) await sp.raw(`alter table ${t} disable trigger ${t}_updated_at`);
      await updates(sp);
      for (const t of SUBSIDY_TABLES) await sp.raw(`alter table ${t} enable trigger ${t}_updated_at`);
    });
  } catch (err) {
    if ((err as { code?: string }).code !== '42501') throw err; // insufficient_privilege: not the tables' owner
    await updates(trx);
  }
}
