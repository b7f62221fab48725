/** The list of cards for its page and for exports (same filters, same order). */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { idMatchLabel, searchTerms } from '../../../domain/search-terms.ts';
import { pageInfo, pageWindow, type PageInfo } from '../../../pagination.ts';
import { countWomen, listWomenForExport, listWomenPage, type WomanExportRow, type WomanListRow } from './queries.ts';
import type { WomenFilterValues } from './schemas.ts';

export type { WomanExportRow, WomanListRow };

/** A row of the list page; `id_match` names the parts of her ID number an ID-fragment search matched (出生日期 …). */
export type WomanListPageRow = WomanListRow & { id_match?: string };

/** Says which part of each number an ID fragment matched, so a hit hidden by the mask does not look wrong. */
function withIdMatch(rows: WomanListRow[], q: string | undefined): WomanListPageRow[] {
  const search = searchTerms(q);
  if (search?.kind !== 'id') return rows;
  return rows.map((r) => ({ ...r, id_match: idMatchLabel(r.id_number, search.fragment) }));
}

/**
 * One page of cards (50) and the total, within the scope: two queries, side by side (measured on 100,000 cards:
 * the page no longer waits for the count). A page past the end is asked again for the last page.
 */
export async function listWomen(db: Knex, scope: Scope, filters: WomenFilterValues, page?: number, size = 50): Promise<{ rows: WomanListPageRow[]; pageInfo: PageInfo }> {
  const wanted = pageWindow(page, size);
  const [total, first] = await Promise.all([countWomen(db, scope, filters), listWomenPage(db, scope, filters, wanted)]);
  const info = pageInfo(total, page, size);
  const rows = info.offset === wanted.offset ? first : await listWomenPage(db, scope, filters, { limit: info.limit, offset: info.offset });
  return { rows: withIdMatch(rows, filters.q), pageInfo: info };
}

/** Every card of the list (same filters and order) with all its fields, a batch at a time (exports). */
export async function* womenForExport(db: Knex, scope: Scope, filters: WomenFilterValues, batch = 5000): AsyncGenerator<WomanExportRow[]> {
  for (let offset = 0; ; offset += batch) {
    const rows = await listWomenForExport(db, scope, filters, { limit: batch, offset });
    if (rows.length) yield rows;
    if (rows.length < batch) return;
  }
}
