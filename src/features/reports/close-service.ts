/**
 * Month close (DESIGN §6): submit, accept (lock), return, unlock — each checked, snapshotted and audited.
 */
import type { Knex } from 'knex';
import * as qp from './queries-periods.ts';

/** Which of these township-months are accepted (locked), as "townshipId|YYYY-MM". */
export async function lockedTownshipMonths(db: Knex, pairs: { townshipId: number; month: string }[]): Promise<Set<string>> {
  return qp.acceptedPairs(db, pairs);
}
