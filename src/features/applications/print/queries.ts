/** Printing: what the paper forms show from the card, and the first print's time on the application. */
import type { Knex } from 'knex';

export async function markPrinted(db: Knex, id: number, at: Date): Promise<boolean> {
  const n = await db('certificate_applications').where({ id }).whereNull('printed_at').update({ printed_at: at });
  return n > 0;
}

export interface PrintFacts {
  birth_date: string;
  address: string | null;
  marital_status: string;
  marriage_date: string | null;
  spouse_name: string | null;
  spouse_id_number: string | null;
  living_children: number;
  child: { name: string | null; sex: string; birth_date: string } | undefined;
}

/** The card's facts a certificate prints (the application has already been read in scope). */
export async function printFacts(db: Knex, womanId: number, certificateId: number | null): Promise<PrintFacts> {
  const w = await db('women').where({ id: womanId }).first('birth_date', 'address', 'marital_status', 'marriage_date', 'spouse_name', 'spouse_id_number');
  const [{ n }] = await db('children').where({ woman_id: womanId }).whereNot('vital_status', 'deceased').count<{ n: number }[]>({ n: '*' });
  const child = certificateId
    ? await db('certificates as c').join('children as k', 'k.id', 'c.child_id').where('c.id', certificateId).first<PrintFacts['child']>('k.name', 'k.sex', 'k.birth_date')
    : undefined;
  return { ...(w as Omit<PrintFacts, 'living_children' | 'child'>), living_children: n, child };
}
