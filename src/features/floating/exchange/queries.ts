/** SQL of the exchange packages: the partner counties, what is waiting to go to one, and applying an imported package. */
import type { Knex } from 'knex';
import type { ExchangePartnersTable, FloatingQueriesTable } from '../../../db/tables.ts';
import type { IsoDate } from '../../../domain/dates.ts';

export type PartnerRow = ExchangePartnersTable;

/** The partner counties of one county of the deployment (each keeps its own partners and secrets). */
export async function partners(db: Knex, owner: string): Promise<PartnerRow[]> {
  return db('exchange_partners').where({ owner_county_code: owner }).orderBy('county_code').select('*');
}

export async function partnerByCode(db: Knex, owner: string, code: string): Promise<PartnerRow | undefined> {
  return db('exchange_partners').where({ owner_county_code: owner, county_code: code }).first();
}

export async function insertPartner(db: Knex, row: { owner_county_code: string; county_code: string; name: string; secret: string; updated_by: number | null }): Promise<PartnerRow> {
  const [out] = await db('exchange_partners').insert(row).returning('*');
  return out!;
}

export async function updatePartner(db: Knex, id: number, row: { name: string; secret: string; active: boolean; updated_by: number | null }): Promise<void> {
  await db('exchange_partners').where({ id }).update(row);
}

/** Queries our county's townships sent to a partner county and not yet in a package, with the sending township's name. */
export async function pendingOutgoing(db: Knex, ours: string, county: string): Promise<(FloatingQueriesTable & { from_name: string })[]> {
  return db('floating_queries as q')
    .join('regions as t', 't.id', 'q.from_township_id')
    .where('q.to_county_code', county)
    .andWhereLike('t.code', `${ours}%`)
    .whereNull('q.out_package_id')
    .orderBy('q.id')
    .select('q.*', 't.name as from_name');
}

/** Answers given in our county to queries received from a partner county, not yet sent back. */
export async function pendingAnswers(db: Knex, ours: string, county: string): Promise<FloatingQueriesTable[]> {
  return db('floating_queries as q')
    .join('regions as r', 'r.id', 'q.to_region_id')
    .where('q.from_county_code', county)
    .andWhereLike('r.code', `${ours}%`)
    .whereNotNull('q.answered_on')
    .whereNull('q.answer_package_id')
    .orderBy('q.id')
    .select('q.*');
}

export async function markExported(db: Knex, packageId: string, queryIds: number[], answerIds: number[]): Promise<void> {
  if (queryIds.length) await db('floating_queries').whereIn('id', queryIds).update({ out_package_id: packageId });
  if (answerIds.length) await db('floating_queries').whereIn('id', answerIds).update({ answer_package_id: packageId });
}

export async function insertPackage(
  db: Knex,
  row: { package_id: string; direction: 'out' | 'in'; county_code: string; partner_county_code: string; queries: number; answers: number; created_by: number | null },
) {
  await db('exchange_packages').insert(row);
}

export async function packageSeen(db: Knex, packageId: string): Promise<boolean> {
  return !!(await db('exchange_packages').where({ direction: 'in', package_id: packageId }).first('id'));
}

/** The county's own packages, newest first. */
export async function recentPackages(db: Knex, county: string): Promise<{ package_id: string; direction: string; partner_county_code: string; queries: number; answers: number; created_at: Date }[]> {
  return db('exchange_packages').where({ county_code: county }).orderBy('id', 'desc').limit(20).select('package_id', 'direction', 'partner_county_code', 'queries', 'answers', 'created_at');
}

export async function refsTaken(db: Knex, refs: string[]): Promise<string[]> {
  if (!refs.length) return [];
  return (await db('floating_queries').whereIn('ref', refs).select('ref')).map((r) => r.ref);
}

/** Active women of our county's register by ID number: her id, name, village. */
export async function womenByIdNumbers(db: Knex, ours: string, idNumbers: string[]): Promise<{ id: number; id_number: string; name: string; region_id: number; village_name: string }[]> {
  if (!idNumbers.length) return [];
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .whereIn('w.id_number', idNumbers)
    .andWhereLike('v.code', `${ours}%`)
    .andWhere('w.status', 'active')
    .select('w.id', 'w.id_number', 'w.name', 'w.region_id', 'v.name as village_name');
}

/** Villages and townships of our county by code (a query's to_region_code). */
export async function regionsByCodes(db: Knex, ours: string, codes: string[]): Promise<{ id: number; code: string; name: string; level: string }[]> {
  if (!codes.length) return [];
  return db('regions').whereIn('code', codes).whereIn('level', ['village', 'township']).andWhereLike('code', `${ours}%`).select('id', 'code', 'name', 'level');
}

/** Our county's queries sent to a county, by ref (the ones an imported answer closes). */
export async function sentByRefs(db: Knex, ours: string, county: string, refs: string[]): Promise<FloatingQueriesTable[]> {
  if (!refs.length) return [];
  return db('floating_queries as q').join('regions as t', 't.id', 'q.from_township_id').where('q.to_county_code', county).andWhereLike('t.code', `${ours}%`).whereIn('q.ref', refs).select('q.*');
}

export async function insertImportedQueries(db: Knex, rows: Omit<FloatingQueriesTable, 'id' | 'created_at' | 'updated_at' | 'version'>[]): Promise<void> {
  if (rows.length) await db('floating_queries').insert(rows);
}

export async function applyAnswer(db: Knex, id: number, a: { answered_on: IsoDate; answer: string; result_code: FloatingQueriesTable['result_code']; answer_package_id: string }) {
  await db('floating_queries')
    .where({ id })
    .whereNull('answered_on')
    .update({ ...a, version: db.raw('version + 1') });
}
