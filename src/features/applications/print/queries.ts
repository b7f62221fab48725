/** Printing: the first print's time on the application. */
import type { Knex } from 'knex';

export async function markPrinted(db: Knex, id: number, at: Date): Promise<boolean> {
  const n = await db('certificate_applications').where({ id }).whereNull('printed_at').update({ printed_at: at });
  return n > 0;
}
