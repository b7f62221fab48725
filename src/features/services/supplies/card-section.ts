/** The card page's 免费药具发放 section: her latest supplies, a link to all of them, and the form. */
import { SUPPLY_CHANNEL, SUPPLY_ITEM, options } from '../../../domain/codes.ts';
import { can } from '../../../domain/permissions.ts';
import type { CardSectionProvider } from '../../feature.ts';
import { CARD_SUPPLIES, suppliesForWoman } from './service.ts';

export const suppliesSection: CardSectionProvider = {
  key: 'supplies',
  order: 25,
  load: async ({ db, actor, womanId, today }) => {
    const { rows, total } = await suppliesForWoman(db, actor.scope, womanId, CARD_SUPPLIES);
    return {
      title: '免费药具发放',
      view: 'services/_card-supplies',
      data: { womanId, supplies: rows, total, canWrite: can(actor, 'services.write'), today, items: options(SUPPLY_ITEM), channels: options(SUPPLY_CHANNEL) },
    };
  },
};
