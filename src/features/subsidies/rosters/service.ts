/**
 * The annual roster per program and year (新增 / 继续 / 退出, domain-notes §4.2), the printable 公示 list per
 * village, and the eligibility audit: approved beneficiaries whose records no longer meet the conditions, with
 * the 资格确认准确率 (still eligible / approved × 100) of the roster.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import type { RevokeReason, SubsidyProgram } from '../../../domain/codes.ts';
import { evaluateEligibility, type Condition, type Eligibility } from '../../../domain/eligibility.ts';
import { amountInForce, annualAmount, eligibilityAccuracy, type Rate } from '../../../domain/subsidy-money.ts';
import { referenceDate } from '../eligibility/service.ts';
import { getProgram, listPrograms, standardsFor, type ProgramRow } from '../programs/service.ts';
import * as qa from '../applications/queries.ts';
import { cardFacts, findWomenByIds, registerFactsOf } from '../eligibility/queries.ts';

export type RosterKind = 'new' | 'continuing' | 'exited';

export interface RosterEntry extends qa.ApplicationListRow {
  kind: RosterKind;
  /** What the beneficiary receives for the year (fen): a monthly standard × 12, or the approved claim. */
  annual_fen: number | null;
}

export interface Roster {
  program: ProgramRow;
  year: number;
  entries: RosterEntry[];
  counts: Record<RosterKind, number> & { enjoying: number };
  exitReasons: Partial<Record<RevokeReason, number>>;
}

/** 新增: approved, starting this year; 继续: started earlier, still on; 退出: terminated during this year. */
export function rosterKind(a: Pick<qa.ApplicationRow, 'year' | 'status' | 'revoked_on'>, year: number): RosterKind | undefined {
  if (a.status !== 'approved' && a.status !== 'revoked') return undefined;
  if (a.year > year) return undefined;
  if (a.revoked_on) {
    if (a.revoked_on < `${year}-01-01`) return undefined;
    if (a.revoked_on <= `${year}-12-31`) return 'exited';
  }
  return a.year === year ? 'new' : 'continuing';
}

export async function annualRoster(db: Knex, scope: Scope, program: SubsidyProgram, year: number, villageCode?: string): Promise<Roster> {
  const p = await getProgram(db, program);
  const rows = await qa.allApplications(db, scope, { program, statuses: ['approved', 'revoked'], maxYear: year, villageCode });
  const perUnit = amountInForce(await standardsFor(db, program), `${year}-01-01`);
  const entries: RosterEntry[] = [];
  for (const r of rows) {
    const kind = rosterKind(r, year);
    if (!kind) continue;
    const annual = p.unit === 'once' ? r.amount_requested_fen : perUnit === undefined ? null : annualAmount(p.unit, perUnit);
    entries.push({ ...r, kind, annual_fen: annual });
  }
  const count = (k: RosterKind) => entries.filter((e) => e.kind === k).length;
  const exitReasons: Partial<Record<RevokeReason, number>> = {};
  for (const e of entries) if (e.kind === 'exited' && e.revoke_reason) exitReasons[e.revoke_reason] = (exitReasons[e.revoke_reason] ?? 0) + 1;
  const counts = { new: count('new'), continuing: count('continuing'), exited: count('exited'), enjoying: count('new') + count('continuing') };
  return { program: p, year, entries, counts, exitReasons };
}

/** The 公示 list: who enjoys the program this year, one sheet per village. */
export function publicitySheets(roster: Roster) {
  const byVillage = new Map<string, { village_code: string; village_name: string; township_name: string; entries: RosterEntry[] }>();
  for (const e of roster.entries) {
    if (e.kind === 'exited') continue;
    const sheet = byVillage.get(e.village_code) ?? { village_code: e.village_code, village_name: e.village_name, township_name: e.township_name, entries: [] };
    sheet.entries.push(e);
    byVillage.set(e.village_code, sheet);
  }
  return [...byVillage.values()].sort((a, b) => a.village_code.localeCompare(b.village_code));
}

export interface AuditFinding {
  application: qa.ApplicationListRow;
  failing: Condition[];
  suggestedReason: RevokeReason;
}

export interface EligibilityAudit {
  approved: number;
  stillEligible: number;
  rate: Rate;
  findings: AuditFinding[];
  perProgram: { program: ProgramRow; approved: number; stillEligible: number; rate: Rate }[];
}

function suggestReason(failing: Condition[]): RevokeReason {
  if (failing.some((c) => c.key === 'beneficiary_alive')) return 'deceased';
  if (failing.some((c) => c.key === 'registered_here')) return 'moved_out';
  return 'ineligible';
}

/** One approved application re-checked against the records as they are now. */
export interface ApplicationReview {
  application: qa.ApplicationListRow;
  result: Eligibility['result'];
  failing: Condition[];
}

/** Re-check every approved beneficiary in scope (optionally of one program) against the records as they are now. */
export async function reviewApprovedApplications(db: Knex, scope: Scope, today: string, program?: SubsidyProgram): Promise<ApplicationReview[]> {
  const programs = await listPrograms(db);
  const apps = await qa.allApplications(db, scope, { program, status: 'approved' });
  const womanIds = [...new Set(apps.map((a) => a.woman_id))];
  const [women, facts] = await Promise.all([findWomenByIds(db, womanIds), registerFactsOf(db, womanIds)]);
  const womanById = new Map(women.map((w) => [w.id, w]));
  const year = Number(today.slice(0, 4));
  const out: ApplicationReview[] = [];
  for (const a of apps) {
    const p = programs.find((x) => x.code === a.program)!;
    const w = womanById.get(a.woman_id)!;
    const on = referenceDate(Math.max(year, a.year));
    const assisted =
      p.code === 'assisted_reproduction'
        ? { capFen: amountInForce(await standardsFor(db, p.code), on) ?? null, priorFen: await qa.assistedClaimedFen(db, w.id, a.id), requestedFen: a.amount_requested_fen }
        : undefined;
    const e = evaluateEligibility(p.code, p.params, {
      card: cardFacts(w),
      children: facts.children.get(w.id) ?? [],
      certificates: facts.certificates.get(w.id) ?? [],
      beneficiary: a.beneficiary,
      on,
      assisted,
    });
    out.push({ application: a, result: e.result, failing: e.conditions.filter((c) => c.result !== 'met') });
  }
  return out;
}

/** Re-check every approved beneficiary against the records as they are now (domain-notes §4.2 "准确率达100%"). */
export async function eligibilityAudit(db: Knex, scope: Scope, today: string, program?: SubsidyProgram): Promise<EligibilityAudit> {
  const programs = await listPrograms(db);
  const reviews = await reviewApprovedApplications(db, scope, today, program);
  const findings: AuditFinding[] = [];
  const tally = new Map<string, { approved: number; ok: number }>();
  for (const r of reviews) {
    const t = tally.get(r.application.program) ?? { approved: 0, ok: 0 };
    t.approved += 1;
    if (r.result === 'met') t.ok += 1;
    else findings.push({ application: r.application, failing: r.failing, suggestedReason: suggestReason(r.failing) });
    tally.set(r.application.program, t);
  }
  const approved = reviews.length;
  const stillEligible = approved - findings.length;
  const perProgram = programs
    .filter((p) => tally.has(p.code))
    .map((p) => ({ program: p, approved: tally.get(p.code)!.approved, stillEligible: tally.get(p.code)!.ok, rate: eligibilityAccuracy(tally.get(p.code)!.ok, tally.get(p.code)!.approved) }));
  return { approved, stillEligible, rate: eligibilityAccuracy(stillEligible, approved), findings, perProgram };
}
