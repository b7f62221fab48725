/**
 * Matching outside births to the register (issue 16 §3): the mother by her ID number, else by her name and a
 * child born within a month of the listed date (in the listed village when the row names one, else anywhere in
 * the county); then the child by src/domain/birth-matching.ts. The register is read county-wide (a hospital list
 * names mothers of every township); each row is placed where it counts — the register child's village, else the
 * mother's, else the row's 村代码, else the list's own region — and is shown only to those whose scope holds it.
 * Run when a list is confirmed and again on request after clerks record births.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { DIFFERS_WITHIN_DAYS, matchChild, type RegisterChild } from '../../../domain/birth-matching.ts';
import { daysBetween } from '../../../domain/dates.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';

export type { RowToMatch } from './queries.ts';

export interface MatchTally {
  matched: number;
  differs: number;
  not_recorded: number;
  unknown_mother: number;
}

export function emptyTally(): MatchTally {
  return { matched: 0, differs: 0, not_recorded: 0, unknown_mother: 0 };
}

/** Match the given rows and write the results; returns how many rows ended in each state. */
export async function matchRows(db: Knex, rows: q.RowToMatch[], now: Date): Promise<MatchTally> {
  const byId = new Map<string, q.Mother>();
  for (const m of await q.womenByIdNumbers(db, [...new Set(rows.flatMap((r) => (r.mother_id_number ? [r.mother_id_number] : [])))])) if (!byId.has(m.id_number)) byId.set(m.id_number, m);
  const named = await q.womenByNames(db, [...new Set(rows.filter((r) => !r.mother_id_number).map((r) => r.mother_name))]);
  const children = new Map<number, RegisterChild[]>();
  const childRegion = new Map<number, number>();
  for (const c of await q.childrenOfWomen(db, [...new Set([...byId.values(), ...named].map((m) => m.id))])) {
    children.set(c.woman_id, [...(children.get(c.woman_id) ?? []), { id: c.id, name: c.name, sex: c.sex, birth_date: c.birth_date }]);
    childRegion.set(c.id, c.region_id);
  }

  const motherOf = (r: q.RowToMatch): q.Mother | undefined => {
    if (r.mother_id_number) return byId.get(r.mother_id_number);
    const candidates = named.filter(
      (m) =>
        m.name === r.mother_name &&
        (!r.village_code || m.village_code === r.village_code) &&
        (children.get(m.id) ?? []).some((c) => Math.abs(daysBetween(c.birth_date, r.birth_date)) <= DIFFERS_WITHIN_DAYS),
    );
    return candidates.length === 1 ? candidates[0] : undefined;
  };

  const taken = new Map<number, Set<number>>();
  const tally = emptyTally();
  const results: q.MatchResult[] = [];
  // Exact matches first, so a twin's row does not take its sibling's record as a "differs".
  const ordered = [...rows].sort((a, b) => a.birth_date.localeCompare(b.birth_date) || a.id - b.id);
  const pending: { r: q.RowToMatch; mother: q.Mother }[] = [];
  for (const r of ordered) {
    const mother = motherOf(r);
    if (!mother) {
      tally.unknown_mother += 1;
      results.push({ id: r.id, match_status: 'unknown_mother', woman_id: null, child_id: null, register_sex: null, register_birth_date: null, region_id: r.village_id ?? r.list_region_id });
      continue;
    }
    pending.push({ r, mother });
  }
  const done = new Set<number>();
  for (const pass of ['exact', 'rest'] as const) {
    for (const { r, mother } of pending) {
      if (done.has(r.id)) continue;
      const used = taken.get(mother.id) ?? new Set<number>();
      const m = matchChild({ name: r.child_name, sex: r.sex, birth_date: r.birth_date }, children.get(mother.id) ?? [], used);
      if (pass === 'exact' && m.status !== 'matched') continue;
      if (m.child) used.add(m.child.id);
      taken.set(mother.id, used);
      done.add(r.id);
      tally[m.status] += 1;
      results.push({
        id: r.id,
        match_status: m.status,
        woman_id: mother.id,
        child_id: m.child?.id ?? null,
        register_sex: m.status === 'differs' ? (m.child?.sex ?? null) : null,
        register_birth_date: m.status === 'differs' ? (m.child?.birth_date ?? null) : null,
        region_id: (m.child && childRegion.get(m.child.id)) ?? mother.region_id,
      });
    }
  }
  await q.saveMatches(db, results, now);
  return tally;
}

/** Match every row of a list (on confirming it, or its 重新比对 button), audited. */
export async function matchList(trx: Knex, actor: Actor, list: { id: number; region_id: number }, now: Date): Promise<MatchTally> {
  const tally = await matchRows(trx, await q.rowsOfList(trx, list.id), now);
  await q.markListMatched(trx, [list.id], now);
  await recordAudit(trx, actor, { action: 'outside_birth.match', entity: 'outside_birth_list', entityId: list.id, regionId: list.region_id, after: tally });
  return tally;
}

/** Match a list's rows with no actor and no audit row (the demo county's loader, inside its own transaction). */
export async function matchListRows(db: Knex, listId: number, now: Date): Promise<MatchTally> {
  const tally = await matchRows(db, await q.rowsOfList(db, listId), now);
  await q.markListMatched(db, [listId], now);
  return tally;
}

/** Re-match every confirmed row in the caller's scope (the 漏报 list's button), audited. */
export async function rematchInScope(db: Knex, actor: Actor, now: Date): Promise<MatchTally> {
  return db.transaction(async (trx) => {
    const tally = await matchRows(trx, await q.confirmedRowsUnder(trx, actor.scope.code), now);
    await recordAudit(trx, actor, { action: 'outside_birth.rematch', entity: 'region', entityId: actor.scope.regionId, regionId: actor.scope.regionId, after: tally });
    return tally;
  });
}
