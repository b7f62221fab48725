/**
 * Why someone needs full ID numbers (查看完整身份证号, an export with 完整身份证号): the reason is asked every time
 * and kept in the audit row, so the log says why each full number left the mask (DESIGN §8, security baseline
 * "show full is logged"). Free text; the common reasons are offered as suggestions (a datalist), not a list.
 */
export const ACCESS_REASONS = ['群众来办事，核对身份', '办理奖励扶助、特别扶助', '办理生育登记或证件', '与户籍信息比对核实', '上级部门核查', '跨乡镇迁移核对'] as const;

export const ACCESS_REASON_MIN = 2;
export const ACCESS_REASON_MAX = 200;

/** The message for a missing or too short reason (what the user is asked to do), or null when it will do. */
export function accessReasonProblem(reason: string | null | undefined, asked: string): string | null {
  const r = (reason ?? '').trim();
  if (r.length === 0) return `请填写${asked}`;
  if ([...r].length < ACCESS_REASON_MIN) return `${asked}至少 ${ACCESS_REASON_MIN} 个字，写明为什么需要完整号码`;
  return null;
}
