/**
 * Exports of the card list and of each roster (花名册), read through the register's and the services' public
 * functions with the page's own filters, so a file holds exactly what the page lists. ID numbers are masked
 * unless the user asked for full ones; every export is audited (who, which list, which filters, how many rows,
 * whether ID numbers were in full, and why), before the file is sent. Full ID numbers need a reason (422 without);
 * a filter naming a region outside the caller's scope answers 404, like the list page.
 *
 * The card list's columns start with the 育龄妇女 template's, so an export with full ID numbers imports back.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import {
  FOLLOW_UP_LEVEL,
  FOLLOW_UP_STATUS,
  HUKOU_KIND,
  IUD_RESULT,
  MARITAL_STATUS,
  METHOD,
  MIGRANT_STATUS,
  NO_METHOD_LABEL,
  PREGNANCY_RESULT,
  SERVICE_KIND,
  CHECK_STATUS,
  CARD_STATUS,
  label,
} from '../../../domain/codes.ts';
import { ageOn, type IsoDate } from '../../../domain/dates.ts';
import { accessReasonProblem } from '../../../domain/access-reasons.ts';
import { maskIdNumber } from '../../../domain/id-number.ts';
import { ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { assertFilterInScope } from '../../regions/service.ts';
import { getRegionByCode } from '../../regions/service.ts';
import { currentRounds, getRound, removalsRoster, roundEntries, searchFollowUps, shouldAdoptRoster, rosterMonth } from '../../services/service.ts';
import { findingsForTownship, listWomen, womenForExport, type WomanExportRow } from '../../women/service.ts';
import type { WomenFilterValues } from '../../women/service.ts';
import { once, type ExportColumn, type ExportName } from './table-export.ts';

export interface ExportFile<T> {
  /** File name without extension (Chinese), the sheet name and the title line. */
  name: ExportName;
  columns: ExportColumn<T>[];
  batches: AsyncIterable<T[]>;
}

const id = (full: boolean) => (v: string | null | undefined) => (v ? (full ? v : maskIdNumber(v)) : '');

/** Whether the file carries full ID numbers (ticked, and the role may reveal them) and the reason the user gave. */
export interface IdChoice {
  full: boolean;
  reason?: string;
}

/** Full numbers are exported only with a reason: refused (422, the export form again) before anything is read. */
function assertReason(ids: IdChoice) {
  const problem = ids.full ? accessReasonProblem(ids.reason, '导出完整身份证号的原因') : null;
  if (problem) throw ValidationError.field('reason', problem);
}

async function auditExport(db: Knex, actor: Actor, what: string, details: Record<string, unknown>, ids: IdChoice) {
  const full = ids.full;
  await recordAudit(db, actor, {
    action: full ? 'export.full_ids' : 'export.list',
    entity: 'export',
    entityId: what,
    regionId: actor.scope.regionId > 0 ? actor.scope.regionId : null,
    after: { list: what, ...details, full_ids: full },
    reason: full ? ids.reason!.trim() : null,
  });
}

export function womenColumns(full: boolean, today: IsoDate): ExportColumn<WomanExportRow>[] {
  const idOf = id(full);
  return [
    { header: '身份证号', value: (r) => idOf(r.id_number), text: true, width: 22 },
    { header: '姓名', value: (r) => r.name },
    { header: '村代码', value: (r) => r.village_code, text: true, width: 15 },
    { header: '民族', value: (r) => r.ethnicity },
    { header: '户口性质', value: (r) => label(HUKOU_KIND, r.hukou_kind) },
    { header: '婚姻状况', value: (r) => label(MARITAL_STATUS, r.marital_status) },
    { header: '结婚日期', value: (r) => r.marriage_date ?? '', width: 12 },
    { header: '配偶姓名', value: (r) => r.spouse_name ?? '' },
    { header: '配偶身份证号', value: (r) => idOf(r.spouse_id_number), text: true, width: 22 },
    { header: '联系电话', value: (r) => r.phone ?? '', text: true, width: 14 },
    { header: '住址', value: (r) => r.address ?? '', width: 24 },
    { header: '流动状态', value: (r) => label(MIGRANT_STATUS, r.migrant_status) },
    { header: '户籍地', value: (r) => r.hukou_place ?? '' },
    { header: '配偶户口性质', value: (r) => label(HUKOU_KIND, r.spouse_hukou_kind) },
    { header: '流入/流出地', value: (r) => r.migrant_place ?? '' },
    { header: '流动起始日期', value: (r) => r.migrant_since ?? '', width: 12 },
    { header: '最近核实日期', value: (r) => r.migrant_verified_on ?? '', width: 12 },
    { header: '早婚说明', value: (r) => r.early_marriage_note ?? '' },
    { header: '村(社区)', value: (r) => r.village_name },
    { header: '乡镇(街道)', value: (r) => r.township_name },
    { header: '出生日期', value: (r) => r.birth_date, width: 12 },
    { header: '年龄', value: (r) => ageOn(r.birth_date, today) },
    { header: '现用措施', value: (r) => (r.current_method ? label(METHOD, r.current_method) : r.status === 'active' ? NO_METHOD_LABEL : '') },
    { header: '状态', value: (r) => label(CARD_STATUS, r.status) },
    { header: '错误', value: (r) => r.errors },
    { header: '提示', value: (r) => r.warnings },
  ];
}

/** The card list (GET /women) with its current filters. */
export async function exportWomen(db: Knex, actor: Actor, filters: WomenFilterValues, ids: IdChoice, today: IsoDate, format: string): Promise<ExportFile<WomanExportRow>> {
  await assertFilterInScope(db, actor.scope, filters.village, 'village');
  assertReason(ids);
  const { pageInfo } = await listWomen(db, actor.scope, filters, 1, 1);
  const { page: _page, ...kept } = filters;
  await auditExport(db, actor, 'women', { filters: kept, rows: pageInfo.total, format }, ids);
  return {
    name: { file: `育龄妇女名单-${today}`, sheet: '育龄妇女', title: undefined },
    columns: womenColumns(ids.full, today),
    batches: womenForExport(db, actor.scope, filters),
  };
}

export interface RosterFilters {
  village?: string;
  month?: string;
  round?: number;
  township?: string;
  level?: 'E' | 'W';
  rule?: string;
  /** Removals roster: due this month, or overdue (未按期取出); both when absent. */
  due?: 'month' | 'overdue';
}

type Row = Record<string, unknown>;
const col = (header: string, key: string, opts: Partial<ExportColumn<Row>> = {}): ExportColumn<Row> => ({ header, value: (r) => (r[key] as string | number | null) ?? '', ...opts });

export const ROSTER_TITLES: Record<string, string> = {
  'should-adopt': '应措花名册',
  'double-check': '双查名单',
  'follow-ups': '随访名单',
  removals: '到期取环取皮埋名单',
  exceptions: '数据质量异常名单',
};

/** One roster with the filters of its page (village, month, round; township/level/rule for the exception list). */
export async function exportRoster(db: Knex, actor: Actor, roster: string, f: RosterFilters, ids: IdChoice, today: IsoDate, format: string): Promise<ExportFile<Row>> {
  await assertFilterInScope(db, actor.scope, f.village, 'village');
  await assertFilterInScope(db, actor.scope, f.township, 'township');
  assertReason(ids);
  let scope: Scope = actor.scope;
  if (f.township && actor.level === 'county') {
    // The county's exception list is opened one township at a time, as on the page.
    const t = (await getRegionByCode(db, f.township))!;
    scope = { level: 'township', regionId: t.id, code: t.code };
  }
  const idOf = id(ids.full);
  const person = [col('村(社区)', 'village_name'), col('姓名', 'name'), { header: '身份证号', value: (r: Row) => idOf(r.id_number as string), text: true, width: 22 }];
  let rows: Row[];
  let columns: ExportColumn<Row>[];
  const m = rosterMonth(f.month, today);
  if (roster === 'should-adopt') {
    const r = await shouldAdoptRoster(db, scope, f, today);
    const added = new Set(r.added.map((p) => p.id));
    rows = [...r.members.map((p) => ({ ...p, kind: added.has(p.id) ? '本月增补' : '应措对象' })), ...r.removed.map((p) => ({ ...p, kind: '本月核减' }))];
    columns = [col('类别', 'kind'), ...person, col('配偶', 'spouse_name'), col('住址', 'address', { width: 24 }), col('联系电话', 'phone', { text: true }), col('原因', 'reason', { width: 30 })];
  } else if (roster === 'double-check') {
    const rounds = f.round ? [await getRound(db, scope, f.round, today)] : await currentRounds(db, scope, today);
    rows = [];
    for (const round of rounds) {
      for (const e of await roundEntries(db, round, today, { village: f.village })) {
        if (e.status !== 'excused') rows.push({ ...e, name: e.woman_name, round: `${round.township_name} ${round.label}` });
      }
    }
    columns = [
      col('轮次', 'round'),
      ...person,
      { header: '当前措施', value: (r) => (r.method ? label(METHOD, r.method as string) : NO_METHOD_LABEL) },
      { header: '状态', value: (r) => label(CHECK_STATUS, r.status as string) },
      col('检查日期', 'checked_on'),
      { header: '查环结果', value: (r) => label(IUD_RESULT, r.iud_result as string) },
      { header: '查孕结果', value: (r) => label(PREGNANCY_RESULT, r.pregnancy_result as string) },
    ];
  } else if (roster === 'follow-ups') {
    const { rows: list } = await searchFollowUps(db, scope, { status: 'pending', village: f.village, dueBy: m.end }, today, { limit: 1_000_000, offset: 0, sort: 'village' });
    rows = list.map((x) => ({ ...x, name: x.woman_name }));
    columns = [
      ...person,
      col('联系电话', 'phone', { text: true }),
      col('住址', 'address', { width: 24 }),
      { header: '随访事由', value: (r) => label(SERVICE_KIND, r.service_kind as string) },
      col('服务日期', 'performed_on'),
      { header: '级别', value: (r) => label(FOLLOW_UP_LEVEL, r.level as string) },
      col('应随访日期', 'due_on'),
      { header: '状态', value: (r) => label(FOLLOW_UP_STATUS, r.state as string) },
    ];
  } else if (roster === 'removals') {
    rows = (await removalsRoster(db, scope, f, today)).rows as unknown as Row[];
    columns = [
      ...person,
      col('配偶', 'spouse_name'),
      col('住址', 'address', { width: 24 }),
      col('联系电话', 'phone', { text: true }),
      { header: '措施', value: (r) => label(METHOD, r.method as string) },
      col('放置日期', 'started_on'),
      col('到期日期', 'due_on'),
    ];
  } else {
    const list = await findingsForTownship(db, scope, { village: f.village, level: f.level, rule: f.rule });
    rows = list.groups.flatMap((g) => g.rows.map((x) => ({ ...x, township_name: g.township })));
    columns = [col('乡镇(街道)', 'township_name'), ...person, { header: '级别', value: (r) => (r.level === 'E' ? '错误' : '提示') }, col('问题', 'label'), col('说明', 'message', { width: 50 })];
  }
  const title = ROSTER_TITLES[roster];
  await auditExport(db, actor, `roster:${roster}`, { filters: f, rows: rows.length, format }, ids);
  return {
    name: { file: `${title}-${m.month}`, sheet: title, title: `${title}（${actor.regionName}，${m.month}）` },
    columns,
    batches: once(rows),
  };
}
