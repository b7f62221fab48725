/**
 * The 协查 queue (issue 16 §2 item 2). A township sends a query or notice about a woman on its register to a village
 * of another township of this county or of another county of the deployment (her 户籍地 or 现居地), or to a partner
 * county (carried by an exchange package); it is due sent + the kind's due days (floating_query_kinds). The receiving
 * township answers it once. Both sides see only their own sent and received items; anything else is a 404. Dates
 * come from the app's clock.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { FLOATING_QUERY_KIND, label } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { queryDueOn, queryState } from '../../../domain/floating.ts';
import { can } from '../../../domain/permissions.ts';
import { countyCodeOf } from '../../../domain/regions.ts';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { Box, QueryListQuery, QueryListRow } from './queries.ts';
import type { QueryAnswerValues, QuerySendValues } from './schemas.ts';

export type { Box, QueryListRow, StateFilter, WomanForQuery } from './queries.ts';

export const QUERY_NOT_FOUND = '未找到该协查，或不在您的管辖范围内。';

export async function queryList(db: Knex, scope: Scope, f: QueryListQuery, page: { limit: number; offset: number }) {
  const { rows, total } = await q.queryPage(db, scope, f, page);
  return { rows: rows.map((r) => ({ ...r, state: queryState(r, f.today) })), total };
}

export const boxCounts = (db: Knex, scope: Scope, box: Box, today: IsoDate) => q.boxCounts(db, scope, box, today);

export async function getQuery(db: Knex, scope: Scope, id: number, today: IsoDate) {
  const row = await q.queryInScope(db, scope, id);
  if (!row) throw new NotFoundError(QUERY_NOT_FOUND);
  return { ...row, state: queryState(row, today), inbox: isReceiver(scope, row) };
}

/** The caller is on the receiving side (the query's receiving region lies in the caller's region). */
const isReceiver = (scope: Scope, row: QueryListRow): boolean => row.to_code !== null && row.to_code.startsWith(scope.code);

/**
 * What the send form offers: the villages of the other townships of one county — one's own, or another of the
 * deployment (a city's or province's: the form names the deployment's counties, and lists one county's villages at a
 * time, so the page stays the size of a county however big the deployment) —, the partner counties, and the woman
 * when named. A county that is not one of the deployment's is refused (a link's parameter: 400).
 */
export async function sendFormChoices(db: Knex, actor: Actor, o: { womanId?: number; county?: string; postedVillage?: string }) {
  const own = countyCodeOf(actor.scope.code) ?? actor.scope.code;
  const counties = await q.activeCounties(db);
  const held = (code: string | undefined) => (code !== undefined && counties.some((c) => c.code === code) ? code : undefined);
  if (o.county !== undefined && !held(o.county)) throw new BadRequestError('链接参数有误：本系统中没有这个县（区），请从列表中选择');
  // A form sent back lists the county of the village it named (when the deployment holds it), so the choice is kept.
  const county = o.county ?? held(o.postedVillage?.slice(0, 6)) ?? own;
  const villages = await q.villagesOutside(db, county, actor.scope.code);
  const woman = o.womanId ? await q.womanById(db, actor.scope, o.womanId) : undefined;
  return {
    county,
    counties: counties.length > 1 ? counties.map((c) => ({ value: c.code, label: c.code === own ? `${c.name}（本县）` : c.name })) : [],
    villages: villages.map((v) => ({ value: v.code, label: v.name, group: v.township_name })),
    partners: (await q.activePartners(db, own)).map((p) => ({ value: p.county_code, label: `${p.name}（${p.county_code}）` })),
    woman,
  };
}

export async function sendQuery(db: Knex, actor: Actor, v: QuerySendValues, today: IsoDate) {
  if (!can(actor, 'services.write') || actor.scope.level !== 'township') throw new ForbiddenError('只有乡镇可以发出协查。');
  const woman = await q.womanByIdNumber(db, actor.scope, v.id_number);
  if (!woman) throw ValidationError.field('id_number', '本乡镇在册的育龄妇女中没有这个身份证号');
  if (!v.to_region === !v.to_county) throw ValidationError.field('to_region', '请选择接收的本县村(社区)，或选择外县（二选一）');
  let toRegionId: number | null = null;
  if (v.to_region) {
    const village = await q.villageByCode(db, v.to_region);
    if (!village || village.code.startsWith(actor.scope.code)) throw ValidationError.field('to_region', '请选择其他乡镇的村(社区)');
    toRegionId = village.id;
  } else {
    const partners = await q.activePartners(db, countyCodeOf(actor.scope.code) ?? actor.scope.code);
    if (!partners.some((p) => p.county_code === v.to_county)) throw ValidationError.field('to_county', '该县不是交换伙伴，请联系管理员配置');
  }
  const days = await q.dueDays(db, v.kind);
  return db.transaction(async (trx) => {
    const row = await q.insertQuery(trx, {
      // The record's own county (a city deployment holds several): the partner reads where the query came from.
      ref: `${countyCodeOf(woman.village_code)}-${randomUUID()}`,
      from_township_id: woman.township_id,
      from_county_code: null,
      from_unit: null,
      to_region_id: toRegionId,
      to_county_code: v.to_county ?? null,
      to_region_code: v.to_county ? (v.to_region_code ?? null) : null,
      woman_id: woman.id,
      woman_name: woman.name,
      woman_id_number: woman.id_number,
      kind: v.kind,
      body: v.body,
      sent_on: today,
      due_on: queryDueOn(today, days),
      answered_on: null,
      answer: null,
      result_code: null,
      answered_by: null,
      out_package_id: null,
      answer_package_id: null,
      created_by: actor.userId || null,
    });
    await recordAudit(trx, actor, {
      action: 'floating.query_send',
      entity: 'woman',
      entityId: woman.id,
      regionId: woman.region_id,
      after: { query_id: row.id, kind: label(FLOATING_QUERY_KIND, row.kind), to: v.to_region ?? v.to_county, due_on: row.due_on },
    });
    return row;
  });
}

export async function answerQuery(db: Knex, actor: Actor, id: number, v: QueryAnswerValues, today: IsoDate) {
  if (!can(actor, 'services.write')) throw new ForbiddenError('您的角色不能反馈协查。');
  return db.transaction(async (trx) => {
    const row = await q.queryInScope(trx, actor.scope, id, true);
    if (!row) throw new NotFoundError(QUERY_NOT_FOUND);
    if (!isReceiver(actor.scope, row)) throw new ForbiddenError('只有接收协查的乡镇可以反馈。');
    if (row.answered_on) throw new ConflictError(`该协查已于 ${row.answered_on} 反馈，不能重复反馈。`);
    const saved = await q.saveAnswer(trx, id, { answered_on: today, answer: v.answer, result_code: v.result_code ?? null, answered_by: actor.userId || null });
    await recordAudit(trx, actor, {
      action: 'floating.query_answer',
      entity: 'floating_query',
      entityId: id,
      regionId: row.to_region_id,
      after: { answered_on: today, result_code: saved.result_code, on_time: today <= row.due_on },
    });
    return saved;
  });
}

/** Her 协查 for the card page (the caller's side only), with their state on the day. */
export async function queriesOfWoman(db: Knex, scope: Scope, womanId: number, today: IsoDate) {
  return (await q.queriesOfWoman(db, scope, womanId)).map((r) => ({ ...r, state: queryState(r, today) }));
}
