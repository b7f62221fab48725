/** The card page's 状态变更记录 section: the marital, floating and hukou histories, with 补填日期 for undated events. */
import { can } from '../../../domain/permissions.ts';
import type { CardSectionProvider } from '../../feature.ts';
import { getCard } from '../cards/service.ts';
import { historiesOf } from './service.ts';

const historiesSection: CardSectionProvider = {
  key: 'histories',
  order: 25,
  load: async ({ db, actor, womanId }) => {
    const card = await getCard(db, actor.scope, womanId);
    return {
      title: '状态变更记录',
      view: 'women/_histories',
      data: { womanId, ...(await historiesOf(db, womanId)), canWrite: can(actor, 'cards.write') && card.status === 'active' },
    };
  },
};

export const historiesCardSections = [historiesSection];
