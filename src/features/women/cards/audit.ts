/**
 * Audit rows of the register: every row about a woman (her card, children, pregnancies, methods, certificates,
 * moves, exit, reveals) is filed under entity 'woman' and her id, so the card page shows her whole history with
 * one indexed read; the action says what happened ('child.create', 'card.transfer', …). ID numbers are masked by
 * the audit service.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { recordAudit } from '../../audit/service.ts';

export const AUDIT_ENTITY = 'woman';

export const AUDIT_ACTION_LABEL: Record<string, string> = {
  'card.create': '新建信息卡',
  'card.import': '批量导入建卡',
  'card.update': '修改信息卡',
  'card.reveal_id': '查看完整身份证号',
  'card.transfer': '村间迁移',
  'card.transfer_send': '迁往其他乡镇（待接收）',
  'card.transfer_request': '申请迁入',
  'card.transfer_accept': '迁移已接收',
  'card.transfer_reject': '迁移被拒收',
  'card.transfer_cancel': '迁移已撤回',
  'card.exit': '出队',
  'card.reactivate': '重新激活',
  'history.record': '登记状态变更（婚姻/流动/户口）',
  'history.date': '补填状态变更日期',
  'child.create': '登记子女',
  'child.update': '修改子女信息',
  'birth.record': '登记出生',
  'pregnancy.open': '登记孕情',
  'pregnancy.close': '登记妊娠结局',
  'episode.open': '登记避孕措施',
  'episode.close': '结束避孕措施',
  'certificate.issue': '登记证件',
  'certificate.revoke': '注销证件',
};

export async function auditCard(
  trx: Knex,
  actor: Actor,
  woman: { id: number; region_id: number },
  action: keyof typeof AUDIT_ACTION_LABEL | string,
  entry: { before?: unknown; after?: unknown; reason?: string | null } = {},
): Promise<void> {
  await recordAudit(trx, actor, { action, entity: AUDIT_ENTITY, entityId: woman.id, regionId: woman.region_id, ...entry });
}
