/**
 * SQL for the parts of a card the consistency rules read: children, pregnancies, episodes, certificates and
 * services, for one woman (every save) or for a batch of women (the nightly recompute: one query per table per
 * batch, never one per woman).
 */
import type { Knex } from 'knex';
import type { CertificateRow, ChildRow, EpisodeRow, PregnancyRow, ServiceRow, WomanRow } from '../cards/rows.ts';

export interface CardData {
  woman: WomanRow;
  children: ChildRow[];
  pregnancies: PregnancyRow[];
  episodes: EpisodeRow[];
  certificates: CertificateRow[];
  services: ServiceRow[];
}

const SERVICE_COLUMNS: (keyof ServiceRow)[] = ['id', 'woman_id', 'region_id', 'kind', 'performed_on', 'facility', 'provider', 'findings', 'complication', 'notes', 'created_by', 'created_at'];

export async function loadCardData(db: Knex, woman: WomanRow): Promise<CardData> {
  // One after the other: inside a transaction they share one connection anyway.
  const id = woman.id;
  const children: ChildRow[] = await db('children')
    .where({ woman_id: id })
    .orderBy([{ column: 'birth_date' }, { column: 'id' }]);
  const pregnancies: PregnancyRow[] = await db('pregnancies')
    .where({ woman_id: id })
    .orderBy([{ column: 'found_on' }, { column: 'id' }]);
  const episodes: EpisodeRow[] = await db('contraception_episodes')
    .where({ woman_id: id })
    .orderBy([{ column: 'started_on' }, { column: 'id' }]);
  const certificates: CertificateRow[] = await db('certificates')
    .where({ woman_id: id })
    .orderBy([{ column: 'issued_on' }, { column: 'id' }]);
  const services: ServiceRow[] = await db('services')
    .where({ woman_id: id })
    .select(SERVICE_COLUMNS)
    .orderBy([{ column: 'performed_on' }, { column: 'id' }]);
  return { woman, children, pregnancies, episodes, certificates, services };
}

function groupBy<T extends { woman_id: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.woman_id);
    if (list) list.push(r);
    else m.set(r.woman_id, [r]);
  }
  return m;
}

/** Card data for many women at once (ids in one array parameter). */
export async function loadCardDataBatch(db: Knex, women: WomanRow[]): Promise<CardData[]> {
  const ids = women.map((w) => w.id);
  const any = db.raw('woman_id = any(?::int[])', [ids]);
  const children = await db('children')
    .where(any)
    .orderBy([{ column: 'birth_date' }, { column: 'id' }]);
  const pregnancies = await db('pregnancies')
    .where(any)
    .orderBy([{ column: 'found_on' }, { column: 'id' }]);
  const episodes = await db('contraception_episodes')
    .where(any)
    .orderBy([{ column: 'started_on' }, { column: 'id' }]);
  const certificates = await db('certificates')
    .where(any)
    .orderBy([{ column: 'issued_on' }, { column: 'id' }]);
  // Only the services a rule reads (removals and abortions).
  const services = await db('services').where(any).whereIn('kind', ['iud_removal', 'implant_removal', 'surgical_abortion', 'medical_abortion', 'induced_labour']).select(SERVICE_COLUMNS);
  const c = groupBy<ChildRow>(children);
  const p = groupBy<PregnancyRow>(pregnancies);
  const e = groupBy<EpisodeRow>(episodes);
  const k = groupBy<CertificateRow>(certificates);
  const s = groupBy<ServiceRow>(services);
  return women.map((w) => ({
    woman: w,
    children: c.get(w.id) ?? [],
    pregnancies: p.get(w.id) ?? [],
    episodes: e.get(w.id) ?? [],
    certificates: k.get(w.id) ?? [],
    services: s.get(w.id) ?? [],
  }));
}

/** Active women in id order after `afterId` (keyset batches for the nightly job). */
export async function activeWomenBatch(db: Knex, afterId: number, size: number): Promise<WomanRow[]> {
  return db('women').where('status', 'active').andWhere('id', '>', afterId).orderBy('id').limit(size);
}

/**
 * Lock these cards (ascending id) if still active, skipping any card another transaction holds — a save in
 * progress, which writes that card's findings itself. Use inside a transaction.
 */
export async function lockActiveWomen(trx: Knex, ids: number[]): Promise<WomanRow[]> {
  return trx('women').whereRaw('id = any(?::int[])', [ids]).andWhere('status', 'active').orderBy('id').forUpdate().skipLocked();
}
