/** The card page's 孕前优生 section: the couple's pregnancy plans and each spouse's preconception checks. */
import { can } from '../../../domain/permissions.ts';
import type { CardSectionProvider } from '../../feature.ts';
import { getCard } from '../../women/service.ts';
import { preconceptionOf } from './service.ts';

const preconceptionSection: CardSectionProvider = {
  key: 'preconception',
  order: 22,
  load: async ({ db, actor, womanId }) => {
    const card = await getCard(db, actor.scope, womanId);
    return {
      title: '孕前优生',
      view: 'services/_card-preconception',
      data: { womanId, ...(await preconceptionOf(db, womanId)), canWrite: can(actor, 'services.write') && card.status === 'active' },
    };
  },
};

export const preconceptionCardSections = [preconceptionSection];
