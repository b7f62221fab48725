/** The township's certificate counters: one row per township, kind and year. */
import type { Knex } from 'knex';
import type { CertificateKind } from '../../../domain/codes.ts';

/**
 * Take the next number: an upsert that creates the row at 1 or adds one, returning the new value. The row stays
 * locked until the caller's transaction ends, so concurrent approvals queue here and a rollback gives it back.
 */
export async function takeNextSequence(trx: Knex, townshipId: number, kind: CertificateKind, year: number): Promise<number> {
  const { rows } = await trx.raw<{ rows: { last_number: number }[] }>(
    `insert into certificate_number_counters (township_id, kind, year, last_number) values (?, ?, ?, 1)
     on conflict (township_id, kind, year) do update set last_number = certificate_number_counters.last_number + 1
     returning last_number`,
    [townshipId, kind, year],
  );
  return rows[0]!.last_number;
}

export async function lastSequence(db: Knex, townshipId: number, kind: CertificateKind, year: number): Promise<number> {
  const row = await db('certificate_number_counters').where({ township_id: townshipId, kind, year }).first('last_number');
  return (row?.last_number as number | undefined) ?? 0;
}
