/** The 技术服务 and 随访 sections of the card page, replacing the register's plain lists. */
import { chinaDate } from '../../../domain/dates.ts';
import { can } from '../../../domain/permissions.ts';
import type { CardSectionProvider } from '../../feature.ts';
import { followUpsForWoman, servicesForWoman } from './service.ts';

const servicesSection: CardSectionProvider = {
  key: 'services',
  order: 10,
  load: async ({ db, actor, womanId }) => ({
    title: '技术服务',
    view: 'services/_card-services',
    data: { womanId, services: await servicesForWoman(db, actor.scope, womanId), canWrite: can(actor, 'services.write') },
  }),
};

const followUpsSection: CardSectionProvider = {
  key: 'follow_ups',
  order: 20,
  load: async ({ db, actor, womanId, today }) => ({
    title: '随访',
    view: 'services/_card-follow-ups',
    data: {
      womanId,
      followUps: await followUpsForWoman(db, actor.scope, womanId, today ?? chinaDate(new Date())),
      canWrite: can(actor, 'services.write'),
      today,
    },
  }),
};

export const servicesCardSections = [servicesSection, followUpsSection];
