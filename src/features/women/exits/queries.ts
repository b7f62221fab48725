/** SQL of the nightly over-age exit: a batch of cards exited at once, and what an exit ends with them. */
import type { Knex } from 'knex';

export interface OverAgeExit {
  id: number;
  region_id: number;
  id_number: string;
  exit_date: string;
  /** Her county (her village code's first 6 digits): the over-age exit is audited under it. */
  county_code: string;
}

/**
 * Exit up to `batchSize` active women born on or before `cutoff` (exit date: the birthday of `exitAge`), skipping
 * cards a save holds; returns the exited rows.
 */
export async function exitOverAgeBatch(trx: Knex, cutoff: string, exitAge: number, batchSize: number): Promise<OverAgeExit[]> {
  return (
    await trx.raw<{ rows: OverAgeExit[] }>(
      `update women w set status = 'exited', exit_reason = 'over_age', exit_date = (w.birth_date + interval '${exitAge} years')::date,
          version = w.version + 1
        from regions v
        where v.id = w.region_id
          and w.id in (select id from women where status = 'active' and birth_date <= ? order by id limit ? for update skip locked)
        returning w.id, w.region_id, w.id_number, w.exit_date, left(v.code, 6) as county_code`,
      [cutoff, batchSize],
    )
  ).rows;
}

/** For women just exited over age: end the open method on the exit date, withdraw pending transfers, drop findings. */
export async function settleOverAgeExits(trx: Knex, ids: number[]): Promise<void> {
  await trx.raw(
    `update contraception_episodes e set ended_on = greatest(w.exit_date, e.started_on), end_reason = 'exited', version = e.version + 1
       from women w where w.id = e.woman_id and e.ended_on is null and e.woman_id = any(?::int[])`,
    [ids],
  );
  await trx('transfers')
    .whereRaw('woman_id = any(?::int[])', [ids])
    .where('status', 'pending')
    .update({ status: 'cancelled', decided_at: trx.fn.now(), decision_note: '超龄出队', version: trx.raw('version + 1') });
  await trx('data_findings').whereRaw('woman_id = any(?::int[])', [ids]).del();
}
