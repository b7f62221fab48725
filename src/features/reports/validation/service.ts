/**
 * Aggregate validation rules (数据校验): the page of findings of a region and month, the acknowledgement of a
 * warning (with a comment, audited), what the findings do to a township's submission (a blocking finding refuses
 * it; an unacknowledged warning too), and the county admin's changes to a rule (level, active, params; versioned).
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { monthLabel } from '../../../domain/dates.ts';
import { MAX_MIN_BASE, MAX_TOLERANCE, paramsOf, type RuleLevel } from '../../../domain/validation-rules.ts';
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { regionInScope, type RegionRow } from '../../regions/service.ts';
import { evaluateRules, listsPeople, peopleOf, type Finding, type FindingPerson } from './evaluate.ts';
import * as q from './queries.ts';

export type { Finding } from './evaluate.ts';
export type RuleRow = q.RuleRow;

export interface Acknowledgement {
  comment: string;
  by: string | null;
  at: Date;
}

export type CheckedFinding = Finding & { ack: Acknowledgement | null };

export interface Validation {
  region: { id: number; code: string; name: string; level: string };
  month: string;
  findings: CheckedFinding[];
  groups: { rule: q.RuleRow; findings: CheckedFinding[] }[];
  blocking: number;
  pendingWarnings: number;
  acknowledged: number;
}

const scopeOf = (r: RegionRow): Scope => ({ level: r.level === 'county' ? 'county' : 'township', regionId: r.id, code: r.code });

/** Findings of a region (county or township, already known to be in scope) in a month, with their acknowledgements. */
export async function validate(db: Knex, scope: Scope, region: RegionRow, month: string): Promise<Validation> {
  const rules = await q.listRules(db);
  const [findings, acks] = await Promise.all([evaluateRules(db, scope, region.code, month, rules), q.acknowledgements(db, region.code, month)]);
  const ackOf = new Map(acks.map((a) => [`${a.rule_code}|${a.village_id}`, a]));
  const checked: CheckedFinding[] = findings.map((f) => {
    const a = f.rule.level === 'warning' ? ackOf.get(`${f.rule.code}|${f.place.id}`) : undefined;
    return { ...f, ack: a ? { comment: a.comment, by: a.acknowledged_by_name, at: a.acknowledged_at } : null };
  });
  return {
    region: { id: region.id, code: region.code, name: region.name, level: region.level },
    month,
    findings: checked,
    groups: rules.filter((r) => r.active).map((rule) => ({ rule, findings: checked.filter((f) => f.rule.code === rule.code) })),
    blocking: checked.filter((f) => f.rule.level === 'blocking').length,
    pendingWarnings: checked.filter((f) => f.rule.level === 'warning' && !f.ack).length,
    acknowledged: checked.filter((f) => f.ack).length,
  };
}

/** The validation page: a county or township inside the actor's scope (outside: 404). */
export async function validationPage(db: Knex, actor: Actor, input: { region?: string; month: string }): Promise<Validation> {
  const region = await regionInScope(db, actor.scope, input.region ?? actor.scope.code);
  if (region.level === 'village') throw new BadRequestError('数据校验按县或乡镇查看：请选择县或乡镇。');
  return validate(db, actor.scope, region, input.month);
}

export interface FindingPeople {
  rule: q.RuleRow;
  village: RegionRow;
  month: string;
  people: FindingPerson[];
  total: number;
}

/** One page of the women of a people-listing finding (births without pregnancy, procedure age) of a village. */
export async function findingPeople(db: Knex, actor: Actor, input: { rule: string; village: string; month: string; page: { limit: number; offset: number } }): Promise<FindingPeople> {
  const rule = await q.findRule(db, input.rule);
  if (!rule || !listsPeople(rule.kind)) throw new NotFoundError('没有这条校验规则，或它的结果不是人员名单。');
  const village = await regionInScope(db, actor.scope, input.village);
  if (village.level !== 'village') throw new NotFoundError('未找到该村(社区)，或不在您的管辖范围内。');
  const all = await peopleOf(db, actor.scope, village.code, input.month, rule.kind);
  return { rule, village, month: input.month, people: all.slice(input.page.offset, input.page.offset + input.page.limit), total: all.length };
}

/** The short line of the monthly report's close section. */
export async function validationSummary(db: Knex, actor: Actor, region: RegionRow, month: string): Promise<{ blocking: number; pendingWarnings: number }> {
  const v = await validate(db, actor.scope, region, month);
  return { blocking: v.blocking, pendingWarnings: v.pendingWarnings };
}

/** What the findings do to a township's submission, in Chinese (empty: nothing). */
export async function validationBlockers(db: Knex, township: RegionRow, month: string): Promise<string[]> {
  const v = await validate(db, scopeOf(township), township, month);
  const out = v.findings.filter((f) => f.rule.level === 'blocking').map((f) => `数据校验（${f.rule.name}）：${f.place.name} ${f.message}`);
  if (v.pendingWarnings > 0) out.push(`数据校验：有 ${v.pendingWarnings} 条警告尚未确认。请在数据校验页面核对，并填写说明后确认。`);
  return out;
}

/** Acknowledge a warning of a village (or township) in a month, with a comment. */
export async function acknowledgeWarning(db: Knex, actor: Actor, input: { rule: string; village: string; month: string; comment: string }, now: Date): Promise<void> {
  const comment = input.comment.trim();
  if (!comment) throw ValidationError.field('comment', '请填写确认说明');
  if (comment.length > 500) throw ValidationError.field('comment', '确认说明不能超过 500 个字');
  const place = await regionInScope(db, actor.scope, input.village);
  if (place.level === 'county') throw new NotFoundError('未找到该村(社区)，或不在您的管辖范围内。');
  const rule = await q.findRule(db, input.rule);
  if (!rule) throw new NotFoundError('没有这条校验规则。');
  if (rule.level !== 'warning') throw ValidationError.form(`“${rule.name}”是阻止上报的问题，不能确认，请更正数据。`);
  // A submitted or accepted month is what the county holds: its explanations change only after a return or an unlock.
  const status = await q.periodStatus(db, place.code.slice(0, 9), input.month);
  if (status === 'submitted' || status === 'accepted') {
    throw ValidationError.form(`${monthLabel(input.month)}已${status === 'submitted' ? '上报' : '验收'}，不能再确认警告；如需更正，请先由县级退回或解锁该月。`);
  }
  const found = await evaluateRules(db, actor.scope, place.code, input.month, [rule]);
  if (!found.some((f) => f.place.id === place.id)) throw ValidationError.form(`${place.name}${monthLabel(input.month)}没有“${rule.name}”的警告，无需确认。`);
  await db.transaction(async (trx) => {
    const saved = await q.upsertAcknowledgement(trx, { rule_code: rule.code, village_id: place.id, month: input.month, comment, acknowledged_by: actor.userId > 0 ? actor.userId : null, at: now });
    await recordAudit(trx, actor, {
      action: 'validation.acknowledge',
      entity: 'validation_acknowledgement',
      entityId: saved.id,
      regionId: place.id,
      before: saved.before === null ? null : { comment: saved.before },
      after: { rule: rule.code, place: place.code, month: input.month, comment },
    });
  });
}

export async function listRules(db: Knex): Promise<q.RuleRow[]> {
  return q.listRules(db);
}

export interface RuleSettings {
  level: RuleLevel;
  active: boolean;
  tolerance?: number;
  share?: number;
  min_base?: number;
  margin?: number;
  version: number;
}

/** The county admin's change of a rule: level, active and the params its kind reads; stale version → 409. */
export async function updateRuleSettings(db: Knex, actor: Actor, code: string, input: RuleSettings): Promise<q.RuleRow> {
  return db.transaction(async (trx) => {
    const before = await q.findRule(trx, code, true);
    if (!before) throw new NotFoundError('没有这条校验规则。');
    const params = { ...(before.params as Record<string, unknown>) };
    const p = paramsOf(before.params);
    if (before.kind === 'population_balance') {
      if (input.tolerance === undefined || input.tolerance < 0 || input.tolerance > MAX_TOLERANCE) throw ValidationError.field('tolerance', `允许差异应为 0–${MAX_TOLERANCE} 的整数`);
      params.tolerance = input.tolerance;
    }
    if (before.kind === 'population_range') {
      if (input.margin === undefined || !(input.margin >= 0 && input.margin <= 1)) throw ValidationError.field('margin', '放宽比例应在 0 到 1 之间（如 0.02 表示 2%）');
      params.margin = input.margin;
    }
    if (before.kind === 'drop_vs_last_year') {
      if (input.share === undefined || !(input.share > 0 && input.share <= 1)) throw ValidationError.field('share', '下降比例应大于 0 且不超过 1（如 0.5 表示 50%）');
      if (input.min_base === undefined || input.min_base < 0 || input.min_base > MAX_MIN_BASE) throw ValidationError.field('min_base', `最低基数应为 0–${MAX_MIN_BASE} 的整数`);
      params.share = input.share;
      params.min_base = input.min_base;
      params.figure = p.figure;
    }
    const after = await q.updateRule(trx, code, input.version, { level: input.level, active: input.active, params, updated_by: actor.userId > 0 ? actor.userId : null });
    if (!after) throw new ConflictError('该规则已被他人修改，您的更改未保存。请刷新后重试。', { level: before.level, active: before.active, params: before.params });
    await recordAudit(trx, actor, {
      action: 'validation_rule.update',
      entity: 'validation_rule',
      entityId: code,
      before: { level: before.level, active: before.active, params: before.params },
      after: { level: after.level, active: after.active, params },
    });
    return after;
  });
}
