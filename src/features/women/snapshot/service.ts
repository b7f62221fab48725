/** Read a card's full snapshot (the shape the consistency rules take), e.g. for eligibility or reports. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { NotFoundError } from '../../../errors.ts';
import { findCardInScope, womanById } from '../cards/queries.ts';
import type { WomanRow } from '../cards/rows.ts';
import { loadCardData, type CardData } from './queries.ts';

export type { CardData };

/**
 * The woman's card and everything on it. With a scope, a card outside it is a 404; without one (system code that
 * already checked), any card.
 */
export async function loadCardSnapshot(db: Knex, womanId: number, scope?: Scope): Promise<CardData> {
  const woman = scope ? await findCardInScope(db, scope, womanId) : await womanById(db, womanId);
  if (!woman) throw new NotFoundError('未找到该育龄妇女信息卡，或不在您的管辖范围内。');
  return loadCardData(db, woman);
}

/** Everything on a card the caller already holds (read within its scope), for the card's form pages. */
export async function cardDataOf(db: Knex, woman: WomanRow): Promise<CardData> {
  return loadCardData(db, woman);
}
