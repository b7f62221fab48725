/**
 * The card list (GET /women): one page query and one count, both within the scope; the village, the current
 * method, the pending transfer and the number of findings come from joins, never one query per row.
 * `q` matches the name (contains; found through the name_grams index) or, when it is digits (and X), any part of
 * the ID number (the trigram index). What was typed is read by `searchTerms` (src/domain/search-terms.ts).
 */
import type { Knex } from 'knex';
import type { WomenTable } from '../../../db/tables.ts';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import { likeContains, nameQueryGrams, searchTerms } from '../../../domain/search-terms.ts';
import type { WomenFilterValues } from './schemas.ts';

export interface WomanListRow {
  id: number;
  name: string;
  id_number: string;
  birth_date: string;
  status: 'active' | 'exited';
  marital_status: string;
  migrant_status: string;
  exit_reason: string | null;
  exit_date: string | null;
  village_code: string;
  village_name: string;
  township_name: string;
  current_method: string | null;
  transferring: boolean;
  errors: number;
  warnings: number;
}

function filtered(db: Knex, scope: Scope, f: WomenFilterValues) {
  const q = db('women as w').whereIn('w.region_id', villagesInScope(db, scope));
  const status = f.status ?? 'active';
  if (status === 'active') q.where('w.status', 'active');
  if (status === 'exited') q.where('w.status', 'exited');
  if (status === 'transferring') q.whereExists(db('transfers as tp').whereRaw('tp.woman_id = w.id').where('tp.status', 'pending'));
  const search = searchTerms(f.q);
  if (search?.kind === 'id') q.whereLike('w.id_number', likeContains(search.fragment));
  // The name index (name_grams) finds the candidates; strpos decides (the same test as like '%…%', but one the
  // trigram index cannot take: pg_trgm makes no trigram of 秀英, and the planner's BitmapAnd with it read every row).
  else if (search) q.whereRaw('name_grams(w.name) @> ?::text[]', [nameQueryGrams(search.name)]).whereRaw('strpos(w.name, ?) > 0', [search.name]);
  if (f.village) q.whereIn('w.region_id', db('regions').select('id').where('code', f.village));
  if (f.marital) q.where('w.marital_status', f.marital);
  if (f.migrant) q.where('w.migrant_status', f.migrant);
  if (f.method === 'none') q.whereNotExists(db('contraception_episodes as en').whereRaw('en.woman_id = w.id').whereNull('en.ended_on'));
  else if (f.method) q.whereExists(db('contraception_episodes as em').whereRaw('em.woman_id = w.id').whereNull('em.ended_on').where('em.method', f.method));
  if (f.problems) {
    const sub = db('data_findings as df').whereRaw('df.woman_id = w.id');
    if (f.problems !== 'any') sub.where('df.level', f.problems);
    q.whereExists(sub);
  }
  return q;
}

const ORDER: Record<string, string[]> = {
  village: ['v.code', 'w.name', 'w.id'],
  name: ['w.name', 'w.id'],
  age: ['w.birth_date', 'w.id'],
  updated: ['w.updated_at', 'w.id'],
};

export async function countWomen(db: Knex, scope: Scope, f: WomenFilterValues): Promise<number> {
  const [{ n }] = await filtered(db, scope, f).count<{ n: number }[]>({ n: '*' });
  return n;
}

/** One page of the filtered cards in the list's order, joined to village, township and current method. */
function orderedPage(db: Knex, scope: Scope, f: WomenFilterValues, page: { limit: number; offset: number }) {
  const sort = f.sort ?? 'village';
  // "age" ascending means youngest first: the latest birth date first.
  const dir = (f.dir ?? 'asc') === 'asc' ? (sort === 'age' ? 'desc' : 'asc') : sort === 'age' ? 'asc' : 'desc';
  return filtered(db, scope, f)
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .leftJoin('contraception_episodes as e', function () {
      this.on('e.woman_id', 'w.id').andOnNull('e.ended_on');
    })
    .orderBy(ORDER[sort].map((column, i) => ({ column, order: i === ORDER[sort].length - 1 ? 'asc' : dir })))
    .limit(page.limit)
    .offset(page.offset);
}

function findingCounts(db: Knex) {
  return [
    db.raw(`(select count(*) from data_findings d where d.woman_id = w.id and d.level = 'E')::int as errors`),
    db.raw(`(select count(*) from data_findings d where d.woman_id = w.id and d.level = 'W')::int as warnings`),
  ];
}

/** What every row of the list shows of the card, and where she lives (the page and the export alike). */
const LIST_COLUMNS = ['w.id', 'w.name', 'w.id_number', 'w.birth_date', 'w.status', 'w.marital_status', 'w.migrant_status', 'w.exit_reason', 'w.exit_date'];
const PLACE_COLUMNS = ['v.code as village_code', 'v.name as village_name', 't.name as township_name', 'e.method as current_method'];
/** The rest of the card, for exports. */
const EXPORT_COLUMNS = [
  'w.ethnicity',
  'w.hukou_kind',
  'w.hukou_place',
  'w.phone',
  'w.address',
  'w.marriage_date',
  'w.early_marriage_note',
  'w.spouse_name',
  'w.spouse_id_number',
  'w.spouse_hukou_kind',
  'w.migrant_place',
  'w.migrant_since',
  'w.migrant_verified_on',
];

export async function listWomenPage(db: Knex, scope: Scope, f: WomenFilterValues, page: { limit: number; offset: number }): Promise<WomanListRow[]> {
  return orderedPage(db, scope, f, page).select(
    ...LIST_COLUMNS,
    ...PLACE_COLUMNS,
    db.raw(`exists (select 1 from transfers tp where tp.woman_id = w.id and tp.status = 'pending') as transferring`),
    ...findingCounts(db),
  );
}

export type WomanExportRow = WomanListRow &
  Pick<
    WomenTable,
    | 'ethnicity'
    | 'hukou_kind'
    | 'hukou_place'
    | 'phone'
    | 'address'
    | 'marriage_date'
    | 'early_marriage_note'
    | 'spouse_name'
    | 'spouse_id_number'
    | 'spouse_hukou_kind'
    | 'migrant_place'
    | 'migrant_since'
    | 'migrant_verified_on'
  >;

/** The list's cards with every field of the card (exports): same filters, same order, a page at a time. */
export async function listWomenForExport(db: Knex, scope: Scope, f: WomenFilterValues, page: { limit: number; offset: number }): Promise<WomanExportRow[]> {
  return orderedPage(db, scope, f, page).select(...LIST_COLUMNS, ...EXPORT_COLUMNS, ...PLACE_COLUMNS, db.raw(`false as transferring`), ...findingCounts(db));
}
