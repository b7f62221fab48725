/** What the application's page needs (its own GET, and every step's refusal re-rendering it). */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { can } from '../../../domain/permissions.ts';
import { applicationView } from './service.ts';

export async function applicationPage(db: Knex, actor: Actor, id: number, today: IsoDate) {
  return {
    application: await applicationView(db, actor.scope, id, today),
    mayApply: can(actor, 'certificates.apply'),
    mayDecide: can(actor, 'certificates.decide'),
    today,
  };
}
