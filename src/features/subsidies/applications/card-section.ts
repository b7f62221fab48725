/** The 补助 section of the card page: the woman's applications and a link to start one. */
import { can } from '../../../domain/permissions.ts';
import type { CardSectionProvider } from '../../feature.ts';
import { applicationsForWoman } from './service.ts';

const subsidiesSection: CardSectionProvider = {
  key: 'subsidies',
  order: 40,
  load: async ({ db, actor, womanId }) => ({
    title: '补助',
    view: 'subsidies/_card-section',
    data: { womanId, applications: await applicationsForWoman(db, actor.scope, womanId), canDraft: can(actor, 'subsidies.draft') },
  }),
};

export const subsidiesCardSections = [subsidiesSection];
