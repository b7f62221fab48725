/** Everything the card page shows: the card, its events, findings, transfers, history and other features' sections. */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { describeAudit } from '../../../domain/audit-changes.ts';
import { checkCard, mergeByRule } from '../../../domain/consistency.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { auditForEntity } from '../../audit/service.ts';
import { cardSectionsFor, type PageContributions } from '../../feature.ts';
import { fixLink, ruleLabel } from '../findings/service.ts';
import { loadCardData } from '../snapshot/queries.ts';
import { buildTimeline } from '../timeline/timeline.ts';
import { transfersOfWoman } from '../transfers/queries.ts';
import { AUDIT_ENTITY } from './audit.ts';
import { snapshotOf } from './card-write.ts';
import { userNames } from './queries.ts';
import { getCard } from './service.ts';

/** Everything on the card page (UI.md "The card page"). */
export async function cardPage(db: Knex, actor: Actor, id: number, today: IsoDate, pages: PageContributions) {
  const card = await getCard(db, actor.scope, id);
  const data = await loadCardData(db, card);
  const findings = mergeByRule(checkCard(snapshotOf(data), today)).map((f) => ({ ...f, label: ruleLabel(f.rule), link: fixLink(id, f.rule, f.field) }));
  const transfers = await transfersOfWoman(db, id);
  const rawAudit = await auditForEntity(db, AUDIT_ENTITY, String(id), 200);
  const names = await userNames(
    db,
    rawAudit.map((a) => a.user_id),
  );
  const audit = rawAudit.map((a) => ({
    ...a,
    by: (a.user_id && names.get(a.user_id)) || a.username,
    described: describeAudit(a),
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
