/** Reads of the register for pages and other features: the list, and everything the card page shows. */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../auth/actor.ts';
import { checkCard, mergeByRule } from '../../domain/consistency.ts';
import type { IsoDate } from '../../domain/dates.ts';
import { pageInfo, pageWindow, type PageInfo } from '../../pagination.ts';
import { auditForEntity } from '../audit/service.ts';
import { AUDIT_ENTITY } from './audit.ts';
import { snapshotOf } from './card-write.ts';
import { getCard } from './cards-service.ts';
import { fixLink, ruleLabel } from './findings-service.ts';
import { countWomen, listWomenForExport, listWomenPage, type WomanExportRow, type WomanListRow } from './list-queries.ts';
import type { WomenFilterValues } from './schemas.ts';
import { cardSectionsFor, type PageContributions } from '../feature.ts';
import { loadCardData } from './snapshot-queries.ts';
import { buildTimeline } from './timeline.ts';
import { auditSummary } from './audit-summary.ts';
import { userNames } from './cards-queries.ts';
import { transfersOfWoman } from './transfers-queries.ts';

export type { WomanExportRow, WomanListRow };

/**
 * One page of cards (50) and the total, within the scope: two queries, side by side (measured on 100,000 cards:
 * the page no longer waits for the count). A page past the end is asked again for the last page.
 */
export async function listWomen(db: Knex, scope: Scope, filters: WomenFilterValues, page?: number, size = 50): Promise<{ rows: WomanListRow[]; pageInfo: PageInfo }> {
  const wanted = pageWindow(page, size);
  const [total, first] = await Promise.all([countWomen(db, scope, filters), listWomenPage(db, scope, filters, wanted)]);
  const info = pageInfo(total, page, size);
  const rows = info.offset === wanted.offset ? first : await listWomenPage(db, scope, filters, { limit: info.limit, offset: info.offset });
  return { rows, pageInfo: info };
}

/** Every card of the list (same filters and order) with all its fields, a batch at a time (exports). */
export async function* womenForExport(db: Knex, scope: Scope, filters: WomenFilterValues, batch = 5000): AsyncGenerator<WomanExportRow[]> {
  for (let offset = 0; ; offset += batch) {
    const rows = await listWomenForExport(db, scope, filters, { limit: batch, offset });
    if (rows.length) yield rows;
    if (rows.length < batch) return;
  }
}

/** Everything on the card page (UI.md "The card page"). */
export async function cardPage(db: Knex, actor: Actor, id: number, today: IsoDate, pages: PageContributions) {
  const card = await getCard(db, actor.scope, id);
  const data = await loadCardData(db, card);
  const findings = mergeByRule(checkCard(snapshotOf(data), today)).map((f) => ({ ...f, label: ruleLabel(f.rule), link: fixLink(id, f.rule, f.field) }));
  const transfers = await transfersOfWoman(db, id);
  const rawAudit = await auditForEntity(db, AUDIT_ENTITY, String(id), 200);
  const names = await userNames(db, rawAudit.map((a) => a.user_id));
  const audit = rawAudit.map((a) => ({
    ...a,
    by: (a.user_id && names.get(a.user_id)) || a.username,
    summary: auditSummary(a.action, a.before as Record<string, unknown> | null, a.after as Record<string, unknown> | null, a.reason),
  }));
  return {
    card,
    ...data,
    findings,
    transfers,
    pendingTransfer: transfers.find((t) => t.status === 'pending'),
    currentEpisode: data.episodes.find((e) => !e.ended_on),
    ongoingPregnancy: data.pregnancies.find((p) => p.outcome === 'ongoing'),
    audit,
    timeline: await buildTimeline(db, data, transfers, audit),
    sections: await cardSectionsFor(pages, { db, actor, womanId: id, today }),
  };
}

export type CardPage = Awaited<ReturnType<typeof cardPage>>;
