/** The card page's 证件申请 section: the woman's certificate applications and a link to start one. */
import { can } from '../../../domain/permissions.ts';
import type { CardSectionProvider } from '../../feature.ts';
import { applicationsForWoman } from './service.ts';

const applicationsSection: CardSectionProvider = {
  key: 'certificate-applications',
  order: 35,
  load: async ({ db, actor, womanId, today }) => ({
    title: '证件申请',
    view: 'applications/_card-section',
    data: { womanId, applications: await applicationsForWoman(db, actor.scope, womanId, today), canApply: can(actor, 'certificates.apply') },
  }),
};

export const applicationsCardSections = [applicationsSection];
