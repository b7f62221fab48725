/**
 * The county's targets (考核目标): a statistical year's rows — one per indicator for every township, and optional
 * per-township overrides — edited by the county (assessment.targets) with a reason, versioned (stale → 409) and
 * audited. A past year's targets are read-only, so editing this year's never moves last year's score.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { statisticalYearOf } from '../../../domain/report-periods.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { findIndicator, listIndicators, type IndicatorRow } from '../indicators/queries.ts';
import * as q from './queries.ts';
import type { RemoveInput, TargetInput } from './schemas.ts';

export type { TargetListRow, TargetRow } from './queries.ts';

export const PAST_YEAR_MESSAGE = '往年目标不能修改';

export interface TargetsPage {
  year: number;
  /** The statistical year of today: earlier years are read-only. */
  currentYear: number;
  editable: boolean;
  years: number[];
  indicators: IndicatorRow[];
  /** Per indicator (catalogue order): its all-townships row and its overrides. */
  groups: { indicator: IndicatorRow; all: q.TargetListRow | undefined; overrides: q.TargetListRow[] }[];
  townships: { id: number; code: string; name: string }[];
  /** Sum of the all-townships rows' weights (the score sheet's full marks). */
  weightTotal: number;
}

export async function targetsPage(db: Knex, actor: Actor, input: { year?: number; canEdit: boolean }, today: IsoDate): Promise<TargetsPage> {
  const currentYear = statisticalYearOf(today);
  const year = input.year ?? currentYear;
  const [indicators, rows, seeded, townships] = [await listIndicators(db), await q.targetsOfYear(db, actor.scope, year), await q.targetYears(db), await q.townships(db, actor.scope)];
  const years = [...new Set([...seeded, currentYear, year])].sort((a, b) => b - a);
  const groups = indicators
    .filter((i) => i.active || rows.some((r) => r.indicator_code === i.code))
    .map((indicator) => ({
      indicator,
      all: rows.find((r) => r.indicator_code === indicator.code && r.region_id === null),
      overrides: rows.filter((r) => r.indicator_code === indicator.code && r.region_id !== null),
    }));
  const weightTotal = Math.round(groups.reduce((s, g) => s + (g.all?.weight ?? 0), 0) * 100) / 100;
  return { year, currentYear, editable: input.canEdit && year >= currentYear, years, indicators, groups, townships, weightTotal };
}

const userOf = (actor: Actor) => (actor.userId > 0 ? actor.userId : null);
const valuesOf = (r: Pick<q.TargetRow, 'target' | 'near' | 'weight' | 'score_rule'>) => ({ target: r.target, near: r.near, weight: r.weight, score_rule: r.score_rule });

function refusePastYear(year: number, today: IsoDate) {
  if (year < statisticalYearOf(today)) throw ValidationError.form(`${PAST_YEAR_MESSAGE}：${year} 年度已结束，它的目标和评分保持不变。`);
}

/**
 * Save a target of a year: the row of every township (no region) or a township's override. Without a version it
 * adds the row (refused when one exists); with one it updates the row if nobody saved it meanwhile (else 409).
 */
export async function saveTarget(db: Knex, actor: Actor, input: TargetInput, today: IsoDate): Promise<{ row: q.TargetRow; indicator: IndicatorRow; regionName: string }> {
  refusePastYear(input.year, today);
  return db.transaction(async (trx) => {
    const indicator = await findIndicator(trx, input.indicator);
    if (!indicator) throw ValidationError.field('indicator', '请选择考核指标');
    const township = input.region ? await q.townshipInScope(trx, actor.scope, input.region) : undefined;
    if (input.region && !township) throw ValidationError.field('region', '请选择本县的乡镇');
    const key = { year: input.year, region_id: township?.id ?? null, indicator_code: indicator.code };
    const regionName = township?.name ?? '全部乡镇';
    const values: q.TargetValues = { target: input.target, near: input.near ?? null, weight: input.weight, score_rule: input.score_rule };
    const existing = await q.findTarget(trx, key, true);
    const what = `${input.year}年度${regionName}的“${indicator.name}”`;
    if (input.version === undefined) {
      if (existing) throw ValidationError.form(`${what}已有目标，请在表中修改。`);
      const row = await q.insertTarget(trx, { ...key, ...values, updated_by: userOf(actor) }).catch((err: unknown) => {
        if ((err as { code?: string })?.code === '23505') throw ValidationError.form(`${what}已有目标，请在表中修改。`);
        throw err;
      });
      await recordAudit(trx, actor, { action: 'assessment_target.create', entity: 'assessment_target', entityId: row.id, regionId: key.region_id, after: { ...key, ...values }, reason: input.reason });
      return { row, indicator, regionName };
    }
    if (!existing) throw new NotFoundError(`${what}的目标已被删除，请刷新页面。`);
    const row = await q.updateTarget(trx, existing.id, input.version, { ...values, updated_by: userOf(actor) });
    if (!row) throw new ConflictError('该目标已被他人修改，您的更改未保存。请核对最新目标后重新提交。', valuesOf(existing));
    await recordAudit(trx, actor, {
      action: 'assessment_target.update',
      entity: 'assessment_target',
      entityId: row.id,
      regionId: key.region_id,
      before: { ...key, ...valuesOf(existing) },
      after: { ...key, ...values },
      reason: input.reason,
    });
    return { row, indicator, regionName };
  });
}

/** Remove a township's override (the township then follows the all-townships row); never a past year's. */
export async function removeOverride(db: Knex, actor: Actor, input: RemoveInput, today: IsoDate): Promise<{ indicator: IndicatorRow; regionName: string; year: number }> {
  return db.transaction(async (trx) => {
    const row = await q.findTargetById(trx, input.id, true);
    const township = row?.region_id ? await q.townshipByIdInScope(trx, actor.scope, row.region_id) : undefined;
    if (!row || !township) throw new NotFoundError('未找到该乡镇目标，或它已被删除。');
    refusePastYear(row.year, today);
    if (row.version !== input.version) throw new ConflictError('该目标已被他人修改，未删除。请核对最新目标后重试。', valuesOf(row));
    await q.deleteTarget(trx, row.id, input.version);
    const indicator = (await findIndicator(trx, row.indicator_code))!;
    await recordAudit(trx, actor, {
      action: 'assessment_target.remove',
      entity: 'assessment_target',
      entityId: row.id,
      regionId: row.region_id,
      before: { year: row.year, region_id: row.region_id, indicator_code: row.indicator_code, ...valuesOf(row) },
      reason: input.reason,
    });
    return { indicator, regionName: township.name, year: row.year };
  });
}

export interface ResolvedTarget extends q.TargetRow {
  /** True when the row is the township's own override. */
  override: boolean;
}

/** The target of each indicator for a region and year: a township's override, else the all-townships row. */
export async function targetsForRegion(db: Knex, year: number, region: { id: number; level: string }): Promise<Map<string, ResolvedTarget>> {
  return resolve(await q.targetsFor(db, year, region.level === 'township' ? region.id : null), region.level === 'township' ? region.id : null);
}

/** The same for many regions at once (the board's townships): one query, resolved per region. */
export async function targetsForRegions(db: Knex, year: number, regions: readonly { id: number; level: string }[]): Promise<Map<number, Map<string, ResolvedTarget>>> {
  const ids = regions.filter((r) => r.level === 'township').map((r) => r.id);
  const rows = await q.targetsForMany(db, year, ids);
  return new Map(regions.map((r) => [r.id, resolve(rows, r.level === 'township' ? r.id : null)]));
}

function resolve(rows: q.TargetRow[], townshipId: number | null): Map<string, ResolvedTarget> {
  const out = new Map<string, ResolvedTarget>();
  for (const r of rows.filter((x) => x.region_id === null)) out.set(r.indicator_code, { ...r, override: false });
  for (const r of rows.filter((x) => townshipId !== null && x.region_id === townshipId)) out.set(r.indicator_code, { ...r, override: true });
  return out;
}
