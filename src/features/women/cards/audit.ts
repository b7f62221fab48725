/**
 * Audit rows of the register: every row about a woman (her card, children, pregnancies, methods, certificates,
 * moves, exit, reveals) is filed under entity 'woman' and her id, so the card page shows her whole history with
 * one indexed read; the action says what happened ('child.update', 'card.transfer', …; its Chinese name is in
 * src/domain/audit-actions.ts). ID numbers are masked by the audit service.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';

export const AUDIT_ENTITY = 'woman';

export async function auditCard(
  trx: Knex,
  actor: Actor,
  woman: { id: number; region_id: number },
  action: string,
  entry: { before?: unknown; after?: unknown; reason?: string | null } = {},
): Promise<void> {
  await recordAudit(trx, actor, { action, entity: AUDIT_ENTITY, entityId: woman.id, regionId: woman.region_id, ...entry });
}
