/**
 * Data quality (数据质量): the findings of the consistency rules per woman. Saves keep them current; the nightly
 * recompute refreshes the date-dependent ones (pregnancy past 43 weeks, 应措, outflow not verified, over age,
 * IUD due) for every active card, in keyset batches with one query per table per batch.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { checkCard, mergeByRule, RULES, type Level, type RuleKey } from '../../../domain/consistency.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { snapshotOf } from '../cards/card-write.ts';
import * as q from './queries.ts';
import { activeWomenBatch, loadCardDataBatch, lockActiveWomen } from '../snapshot/queries.ts';

export interface RecomputeSummary {
  women: number;
  findings: number;
  errors: number;
  warnings: number;
  ms: number;
}

export async function recomputeFindings(db: Knex, today: IsoDate, batchSize = 2000): Promise<RecomputeSummary> {
  const start = Date.now();
  const summary: RecomputeSummary = { women: 0, findings: 0, errors: 0, warnings: 0, ms: 0 };
  let afterId = 0;
  for (;;) {
    const next = await activeWomenBatch(db, afterId, batchSize);
    if (next.length === 0) break;
    // Each save locks its card before writing the card's findings; the recompute does the same, reading the
    // cards after locking them and skipping any card being saved right now (that save writes fresh findings).
    // Unlocked, a recompute and a save deadlocked on data_findings, or the recompute overwrote a save's
    // findings with ones computed from the card as it was before the save.
    const batch = await db.transaction(async (trx) => {
      const cards = await loadCardDataBatch(
        trx,
        await lockActiveWomen(
          trx,
          next.map((w) => w.id),
        ),
      );
      const rows = cards.map((c) => ({ woman_id: c.woman.id, region_id: c.woman.region_id, findings: mergeByRule(checkCard(snapshotOf(c), today)) }));
      await q.replaceFindings(trx, rows, today);
      return rows;
    });
    for (const b of batch) {
      summary.findings += b.findings.length;
      for (const f of b.findings) {
        if (f.level === 'E') summary.errors++;
        else summary.warnings++;
      }
    }
    summary.women += batch.length;
    afterId = next[next.length - 1].id;
  }
  await q.deleteFindingsOfExited(db);
  summary.ms = Date.now() - start;
  return summary;
}

export function ruleLabel(rule: string): string {
  return (RULES as Record<string, { label: string }>)[rule]?.label ?? rule;
}

/** Where to fix a finding: the form or the section of the card that holds the conflicting record. */
export function fixLink(womanId: number, rule: string, field?: string | null): string {
  const card = `/women/${womanId}`;
  const byRule: Partial<Record<RuleKey, string>> = {
    id_number_invalid: `${card}/edit#f-id_number`,
    id_birth_date_mismatch: `${card}/edit#f-id_number`,
    id_not_female: `${card}/edit#f-id_number`,
    duplicate_active_card: `${card}/edit#f-id_number`,
    spouse_id_invalid: `${card}/edit#f-spouse_id_number`,
    spouse_missing: `${card}/edit#f-spouse_name`,
    marriage_dates: `${card}/edit#f-marriage_date`,
    marriage_age: `${card}/edit#f-marriage_date`,
    early_marriage: `${card}/edit#f-early_marriage_note`,
    outflow_unverified: `${card}/edit#f-migrant_verified_on`,
    over_age: `${card}/exit`,
    should_adopt: `${card}/contraception/new`,
    iud_overdue: `${card}#contraception`,
    glory_certificate_children: `${card}#certificates`,
  };
  const hit = byRule[rule as RuleKey];
  if (hit) return hit;
  if (/pregnan|abortion|live_birth/.test(rule)) return `${card}#pregnancies`;
  if (/child|birth|policy/.test(rule)) return `${card}#children`;
  if (/method|episode|steriliz|removal/.test(rule)) return `${card}#contraception`;
  return field ? `${card}/edit#f-${field}` : card;
}

export async function countFindings(db: Knex, scope: Scope, filter: { level?: Level } = {}): Promise<number> {
  return q.countFindings(db, scope, filter);
}

export const countFindingsByTownship = q.countFindingsByTownship;

/** The exception list of a township (or, for the county, of the townships it picks), grouped by village. */
export async function findingsForTownship(db: Knex, scope: Scope, filters: q.FindingFilters = {}) {
  return groupByVillage(await q.listFindings(db, scope, filters));
}

/** One page of the exception list (50 findings), grouped by village, with the whole list's counts. */
export async function findingsPageForTownship(db: Knex, scope: Scope, filters: q.FindingFilters, window: { limit: number; offset: number }) {
  const [rows, counts] = await Promise.all([q.listFindings(db, scope, filters, window), q.countListedFindings(db, scope, filters)]);
  return { ...groupByVillage(rows), total: counts.total, villages: counts.villages };
}

function groupByVillage(rows: q.FindingListRow[]) {
  const groups: { code: string; name: string; township: string; rows: (q.FindingListRow & { label: string; link: string })[] }[] = [];
  for (const r of rows) {
    let v = groups[groups.length - 1];
    if (!v || v.code !== r.village_code) {
      v = { code: r.village_code, name: r.village_name, township: r.township_name, rows: [] };
      groups.push(v);
    }
    v.rows.push({ ...r, label: ruleLabel(r.rule), link: fixLink(r.woman_id, r.rule, r.field) });
  }
  return { groups, total: rows.length };
}
