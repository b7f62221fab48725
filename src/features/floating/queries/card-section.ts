/** The card page's 流动人口协查 section: her 协查 the caller may see, and a link to send one. */
import { QUERY_STATE } from '../../../domain/floating.ts';
import { can } from '../../../domain/permissions.ts';
import type { CardSectionProvider } from '../../feature.ts';
import { queriesOfWoman } from './service.ts';

export const queriesSection: CardSectionProvider = {
  key: 'floating-queries',
  order: 45,
  load: async ({ db, actor, womanId, today }) => {
    const rows = await queriesOfWoman(db, actor.scope, womanId, today);
    const canSend = can(actor, 'services.write') && actor.scope.level === 'township';
    if (rows.length === 0 && !canSend) return undefined;
    return { title: '流动人口协查', view: 'floating/_card-queries', data: { womanId, rows, canSend, states: QUERY_STATE } };
  },
};
