/**
 * SQL writes for the events on a card: children, pregnancies, contraception episodes, certificates. The
 * services call these under the woman's row lock, after their checks.
 */
import type { Knex } from 'knex';
import type { CertificateKind, EpisodeEndReason } from '../../../domain/codes.ts';
import type { CertificateRow, ChildRow, EpisodeRow, PregnancyRow } from '../cards/rows.ts';

type Insert<T> = Omit<T, 'id' | 'version' | 'created_at'>;

export async function insertEpisode(db: Knex, row: Partial<Insert<EpisodeRow>> & Pick<EpisodeRow, 'woman_id' | 'region_id' | 'method' | 'started_on'>): Promise<EpisodeRow> {
  const [created] = await db('contraception_episodes').insert(row).returning('*');
  return created;
}

export async function endEpisode(db: Knex, id: number, patch: { ended_on: string; end_reason: EpisodeEndReason; end_service_id?: number | null; notes?: string | null }): Promise<EpisodeRow> {
  const [row] = await db('contraception_episodes')
    .where({ id })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning('*');
  return row;
}

/** Re-open episodes that an exit closed (re-activation undoes the exit). */
export async function reopenEpisodesEndedBy(db: Knex, womanId: number, endedOn: string, reason: EpisodeEndReason): Promise<number> {
  return db('contraception_episodes')
    .where({ woman_id: womanId, ended_on: endedOn, end_reason: reason })
    .update({ ended_on: null, end_reason: null, version: db.raw('version + 1') });
}

export async function insertPregnancy(db: Knex, row: Partial<Insert<PregnancyRow>> & Pick<PregnancyRow, 'woman_id' | 'region_id' | 'found_on'>): Promise<PregnancyRow> {
  const [created] = await db('pregnancies').insert(row).returning('*');
  return created;
}

export async function updatePregnancy(db: Knex, id: number, patch: Partial<PregnancyRow>): Promise<PregnancyRow> {
  const [row] = await db('pregnancies')
    .where({ id })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning('*');
  return row;
}

export async function insertChildren(db: Knex, rows: Partial<Insert<ChildRow>>[]): Promise<ChildRow[]> {
  if (rows.length === 0) return [];
  return db('children').insert(rows).returning('*');
}

export async function updateChild(db: Knex, id: number, version: number | null, patch: Partial<ChildRow>): Promise<ChildRow | undefined> {
  const q = db('children').where({ id });
  if (version !== null) q.andWhere({ version });
  const [row] = await q.update({ ...patch, version: db.raw('version + 1') }).returning('*');
  return row;
}

export async function insertCertificate(db: Knex, row: Partial<Insert<CertificateRow>>): Promise<CertificateRow> {
  const [created] = await db('certificates').insert(row).returning('*');
  return created;
}

export async function updateCertificate(db: Knex, id: number, patch: Partial<CertificateRow>): Promise<CertificateRow> {
  const [row] = await db('certificates')
    .where({ id })
    .update({ ...patch, version: db.raw('version + 1') })
    .returning('*');
  return row;
}

export async function certificateNumberTaken(db: Knex, kind: CertificateKind, number: string): Promise<boolean> {
  return !!(await db('certificates').where({ kind, number }).first('id'));
}
