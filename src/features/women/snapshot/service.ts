/** Read a card's full snapshot (the shape the consistency rules take), e.g. for eligibility or reports. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { NotFoundError } from '../../../errors.ts';
import { findCardInScope } from '../cards/queries.ts';
import { loadCardData, type CardData } from './queries.ts';

export type { CardData };

/**
 * The woman's card and everything on it. With a scope, a card outside it is a 404; without one (system code that
 * already checked), any card.
 */
export async function loadCardSnapshot(db: Knex, womanId: number, scope?: Scope): Promise<CardData> {
  const woman = scope ? await findCardInScope(db, scope, womanId) : await db('women').where({ id: womanId }).first();
  if (!woman) throw new NotFoundError('未找到该育龄妇女信息卡，或不在您的管辖范围内。');
  return loadCardData(db, woman);
}
