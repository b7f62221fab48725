/** SQL for transfers (迁入/迁出): the history of a card's villages, and the transfers waiting for a township. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import type { TransferRow } from '../cards/rows.ts';

export async function insertTransfer(db: Knex, row: Partial<TransferRow>): Promise<TransferRow> {
  const [created] = await db('transfers').insert(row).returning('*');
  return created;
}

export async function decideTransfer(db: Knex, id: number, patch: Partial<TransferRow>): Promise<TransferRow | undefined> {
  const [row] = await db('transfers')
    .where({ id, status: 'pending' })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning('*');
  return row;
}

export async function findTransfer(db: Knex, id: number): Promise<TransferRow | undefined> {
  return db('transfers').where({ id }).first();
}

export async function pendingTransferOf(db: Knex, womanId: number): Promise<TransferRow | undefined> {
  return db('transfers').where({ woman_id: womanId, status: 'pending' }).first();
}

export async function cancelPendingTransfers(db: Knex, womanId: number, userId: number | null, note: string): Promise<number> {
  return db('transfers')
    .where({ woman_id: womanId, status: 'pending' })
    .update({ status: 'cancelled', decided_by: userId, decided_at: db.fn.now(), decision_note: note, version: db.raw('version + 1') });
}

export interface TransferListRow extends TransferRow {
  name: string;
  id_number: string;
  birth_date: string;
  marital_status: string;
  from_village: string;
  from_township: string;
  from_code: string;
  to_village: string;
  to_township: string;
  to_code: string;
  created_by_name: string | null;
  decided_by_name: string | null;
  current_method: string | null;
  children: number;
}

function withNames(db: Knex) {
  return db('transfers as tr')
    .join('women as w', 'w.id', 'tr.woman_id')
    .join('regions as fv', 'fv.id', 'tr.from_region_id')
    .join('regions as ft', 'ft.id', 'fv.parent_id')
    .join('regions as tv', 'tv.id', 'tr.to_region_id')
    .join('regions as tt', 'tt.id', 'tv.parent_id')
    .leftJoin('users as cu', 'cu.id', 'tr.created_by')
    .leftJoin('users as du', 'du.id', 'tr.decided_by')
    .leftJoin('contraception_episodes as e', function () {
      this.on('e.woman_id', 'tr.woman_id').andOnNull('e.ended_on');
    })
    .select<TransferListRow[]>(
      'tr.*',
      'w.name',
      'w.id_number',
      'w.birth_date',
      'w.marital_status',
      'fv.name as from_village',
      'ft.name as from_township',
      'fv.code as from_code',
      'tv.name as to_village',
      'tt.name as to_township',
      'tv.code as to_code',
      'cu.display_name as created_by_name',
      'du.display_name as decided_by_name',
      'e.method as current_method',
      db.raw('(select count(*) from children c where c.woman_id = tr.woman_id)::int as children'),
    );
}

/**
 * Pending transfers the scope must decide (the side that did not start it) and those it started and waits on.
 * "Mine" is by village code prefix, so a county-wide scope sees every township's.
 */
export async function pendingTransfersFor(db: Knex, scope: Scope) {
  const like = `${scope.code}%`;
  const incoming: TransferListRow[] = await withNames(db)
    .where('tr.status', 'pending')
    .andWhere((w) => w.where((x) => x.where('tr.initiated_by', 'origin').andWhereLike('tv.code', like)).orWhere((x) => x.where('tr.initiated_by', 'destination').andWhereLike('fv.code', like)))
    .orderBy('tr.id');
  const outgoing: TransferListRow[] = await withNames(db)
    .where('tr.status', 'pending')
    .andWhere((w) => w.where((x) => x.where('tr.initiated_by', 'origin').andWhereLike('fv.code', like)).orWhere((x) => x.where('tr.initiated_by', 'destination').andWhereLike('tv.code', like)))
    .orderBy('tr.id');
  return { incoming, outgoing };
}

/** Every transfer of one woman, newest first (the card's history of villages). */
export async function transfersOfWoman(db: Knex, womanId: number): Promise<TransferListRow[]> {
  return withNames(db).where('tr.woman_id', womanId).orderBy('tr.id', 'desc');
}

export async function countIncomingTransfers(db: Knex, scope: Scope): Promise<number> {
  const like = `${scope.code}%`;
  const [{ n }] = await db('transfers as tr')
    .join('regions as fv', 'fv.id', 'tr.from_region_id')
    .join('regions as tv', 'tv.id', 'tr.to_region_id')
    .where('tr.status', 'pending')
    .andWhere((w) => w.where((x) => x.where('tr.initiated_by', 'origin').andWhereLike('tv.code', like)).orWhere((x) => x.where('tr.initiated_by', 'destination').andWhereLike('fv.code', like)))
    .count<{ n: number }[]>({ n: '*' });
  return n;
}
