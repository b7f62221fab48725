/**
 * Chinese names of the audit log's actions (the log keeps the stable English codes; people read these), one list
 * for /audit, the home panel and the card's 修改记录. Every action written anywhere in src/ has a label here
 * (test/unit/domain/audit-actions.test.ts scans the code); an unknown action shows its code.
 */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'login.success': '登录',
  'login.failed': '登录失败',
  'login.locked': '账户锁定',
  'user.create': '新增账户',
  'user.change_password': '修改密码',
  'user.reset_password': '重置密码',
  'user.disable': '停用账户',
  'user.enable': '启用账户',
  'user.unlock': '解除锁定',
  'region.create': '新增区划',
  'region.rename': '区划改名',
  'region.deactivate': '停用区划',
  'region.activate': '启用区划',
  'birth_policy.choose': '选择生育政策规则集',
  'card.create': '新建信息卡',
  'card.update': '修改信息卡',
  'card.import': '批量导入建卡',
  'card.exit': '出队',
  'card.reactivate': '重新激活',
  'card.reveal_id': '查看完整身份证号',
  'card.transfer': '村间迁移',
  'card.transfer_send': '迁往其他乡镇（待接收）',
  'card.transfer_request': '申请迁入',
  'card.transfer_accept': '迁移已接收',
  'card.transfer_reject': '迁移被拒收',
  'card.transfer_cancel': '迁移已撤回',
  'child.create': '登记子女',
  'child.update': '修改子女信息',
  'history.record': '登记状态变更（婚姻/流动/户口）',
  'history.date': '补填状态变更日期',
  'birth.record': '登记出生',
  'pregnancy.open': '登记孕情',
  'pregnancy.close': '登记妊娠结局',
  'episode.open': '登记避孕措施',
  'episode.close': '结束避孕措施',
  'certificate.issue': '登记证件',
  'certificate.revoke': '注销证件',
  'service.record': '登记技术服务',
  'follow_up.done': '登记随访',
  'check_round.open': '开启双查',
  'check_round.close': '结束双查',
  'check_round.excuse': '双查免查',
  'check_round.add': '加入双查名单',
  'population.save': '保存人口数据',
  'population.import': '导入人口数据',
  'report.submit': '上报月报',
  'report.accept': '审核（锁定）月报',
  'report.return': '退回月报',
  'report.unlock': '解锁月报',
  'validation.acknowledge': '填写审核说明',
  'validation_rule.update': '修改审核规则',
  'subsidy_application.create': '新建补助申请',
  'subsidy_application.update': '修改补助申请',
  'subsidy_application.submit': '提交补助申请',
  'subsidy_application.approve': '批准补助申请',
  'subsidy_application.return': '退回补助申请',
  'subsidy_application.reject': '不予批准',
  'subsidy_application.revoke': '终止享受',
  'subsidy_application.reveal_account': '查看完整银行账号',
  'subsidy_program.update': '修改补助项目',
  'subsidy_standard.create': '新增补助标准',
  'long_acting_rule.create': '新增长效节育措施落实规则',
  'subsidy_batch.create': '生成发放批次',
  'subsidy_batch.export': '导出银行文件',
  'subsidy_batch.export_full_account': '导出银行文件（完整账号）',
  'subsidy_batch.mark_paid': '标记已发放',
  'subsidy_payment.paid': '发放成功',
  'subsidy_payment.failed': '发放失败',
  'export.list': '导出名单',
  'export.full_ids': '导出名单（完整身份证号）',
  'import.women': '导入育龄妇女',
  'import.children': '导入子女',
  'import.services': '导入技术服务',
  'import.population': '导入人口数据',
  'import.regions': '导入区划',
  'demo.seed': '装入演示数据',
};

export function auditActionLabel(action: string): string {
  return Object.hasOwn(ACTION_LABELS, action) ? ACTION_LABELS[action]! : action;
}

/** Sign-in rows: hidden from /audit and the home panel unless asked for (包括登录记录) or chosen as the action. */
export const SESSION_ACTION_PREFIX = 'login.';

export function isSessionAction(action: string | undefined): boolean {
  return !!action && action.startsWith(SESSION_ACTION_PREFIX);
}
