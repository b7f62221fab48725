/**
 * Exchange packages across counties (issue 16 §2 item 4). The admin keeps the partner counties and their shared
 * secrets. A county user exports, for one partner, the queries sent there and the answers to the queries received
 * from there that are not yet in a package, as a signed package (package.ts); they are marked with the package id
 * in the same transaction. Importing follows the imports feature's rule — a dry run first, then all or nothing: the
 * package is checked again at commit, and a refused package (bad signature, another county's, already imported,
 * malformed, an item that matches nothing here) changes nothing. Imported queries land in the receiving township's
 * inbox (the woman by her ID number on this register, else the region by its code); imported answers close the
 * queries this county sent. "This county" is the actor's own (her county's or township's first 6 digits): a city or
 * province deployment holds several counties, and each exchanges only its own queries and answers.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { countyCodeOf } from '../../../domain/regions.ts';
import { ForbiddenError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { getRegionByCode } from '../../regions/service.ts';
import { readPackage, writePackage, type PackageAnswerValue, type PackageBodyValue, type PackageQueryValue } from './package.ts';
import * as q from './queries.ts';
import type { PartnerValues } from './schemas.ts';

export type { PartnerRow } from './queries.ts';

/** The partners of the actor's own county. */
export const listPartners = (db: Knex, actor: Actor) => q.partners(db, ourCounty(actor));

/** The exchanging county: the actor's own. Above the county there is no exchange (the guard says so first). */
function ourCounty(actor: Actor): string {
  const county = countyCodeOf(actor.scope.code);
  if (!county) throw new ForbiddenError('协查交换由各县办理，市级、省级账户不能导出或导入交换包。');
  return county;
}

/** The packages this county exported or imported lately. */
export const recentPackages = (db: Knex, actor: Actor) => q.recentPackages(db, ourCounty(actor));

export async function savePartner(db: Knex, actor: Actor, v: PartnerValues) {
  return db.transaction(async (trx) => {
    if (v.county_code === ourCounty(actor)) throw ValidationError.field('county_code', '不能把本县设为交换伙伴');
    // A county of this same deployment is reached directly (its villages are on the send form), never by package.
    if (await getRegionByCode(trx, v.county_code)) throw ValidationError.field('county_code', '该县在本系统内，协查直接发送，不需要交换包');
    const owner = ourCounty(actor);
    const existing = await q.partnerByCode(trx, owner, v.county_code);
    if (existing) await q.updatePartner(trx, existing.id, { name: v.name, secret: v.secret, active: v.active, updated_by: actor.userId || null });
    else await q.insertPartner(trx, { owner_county_code: owner, county_code: v.county_code, name: v.name, secret: v.secret, updated_by: actor.userId || null });
    // The secret is never written to the audit log.
    await recordAudit(trx, actor, { action: 'floating.partner_save', entity: 'exchange_partner', entityId: v.county_code, after: { county_code: v.county_code, name: v.name, active: v.active } });
  });
}

/** Export everything waiting for a partner county as one signed package (refused when there is nothing). */
export async function exportPackage(db: Knex, actor: Actor, county: string, today: IsoDate): Promise<{ fileName: string; text: string }> {
  return db.transaction(async (trx) => {
    const from = ourCounty(actor);
    const partner = await q.partnerByCode(trx, from, county);
    if (!partner || !partner.active) throw ValidationError.field('county_code', '请选择一个交换伙伴');
    const out = await q.pendingOutgoing(trx, from, county);
    const answers = await q.pendingAnswers(trx, from, county);
    if (out.length + answers.length === 0) throw ValidationError.field('county_code', `没有需要发给${partner.name}的协查或反馈`);
    const body: PackageBodyValue = {
      format: 'fp-portal.floating-exchange',
      version: 1,
      package_id: randomUUID(),
      from_county: from,
      to_county: county,
      created_on: today,
      queries: out.map((r) => ({
        ref: r.ref,
        kind: r.kind,
        body: r.body,
        sent_on: r.sent_on,
        due_on: r.due_on,
        woman_name: r.woman_name,
        woman_id_number: r.woman_id_number,
        to_region_code: r.to_region_code,
        from_unit: r.from_name,
      })),
      answers: answers.map((r) => ({ ref: r.ref, answered_on: r.answered_on!, answer: r.answer!, result_code: r.result_code })),
    };
    await q.markExported(
      trx,
      body.package_id,
      out.map((r) => r.id),
      answers.map((r) => r.id),
    );
    await q.insertPackage(trx, {
      package_id: body.package_id,
      direction: 'out',
      county_code: from,
      partner_county_code: county,
      queries: out.length,
      answers: answers.length,
      created_by: actor.userId || null,
    });
    await recordAudit(trx, actor, {
      action: 'floating.package_export',
      entity: 'exchange_package',
      entityId: body.package_id,
      after: { to_county: county, queries: out.length, answers: answers.length },
    });
    return { fileName: `协查交换包_${from}_${county}_${today}.json`, text: writePackage(body, partner.secret) };
  });
}

export interface ImportPlan {
  body: PackageBodyValue;
  partnerName: string;
  queries: (PackageQueryValue & { woman_id: number | null; to_region_id: number; to_name: string })[];
  answers: (PackageAnswerValue & { query_id: number; woman_name: string; already: boolean })[];
}

/** The dry run: the package checked, and what importing it would do; a refusal is a ValidationError at `file`. */
export async function planImport(db: Knex, actor: Actor, bytes: Buffer): Promise<ImportPlan> {
  const county = ourCounty(actor);
  const secrets = new Map((await q.partners(db, county)).filter((p) => p.active).map((p) => [p.county_code, p]));
  const read = readPackage(bytes, county, (c) => secrets.get(c)?.secret);
  if (!read.ok) throw ValidationError.field('file', read.message);
  const body = read.body;
  const refuse = (message: string) => ValidationError.field('file', message);
  if (await q.packageSeen(db, body.package_id)) throw refuse(`该交换包（${body.package_id}）已导入过，不能重复导入`);
  const refs = body.queries.map((x) => x.ref);
  if (new Set(refs).size !== refs.length) throw refuse('交换包中有重复的协查');
  const taken = await q.refsTaken(db, refs);
  if (taken.length) throw refuse(`交换包中的协查已导入过：${taken.slice(0, 3).join('、')}`);
  const women = new Map(
    (
      await q.womenByIdNumbers(
        db,
        county,
        body.queries.map((x) => x.woman_id_number),
      )
    ).map((w) => [w.id_number, w]),
  );
  const regions = new Map(
    (
      await q.regionsByCodes(
        db,
        county,
        body.queries.flatMap((x) => (x.to_region_code ? [x.to_region_code] : [])),
      )
    ).map((r) => [r.code, r]),
  );
  const queries: ImportPlan['queries'] = [];
  for (const [i, x] of body.queries.entries()) {
    const woman = women.get(x.woman_id_number);
    const region = x.to_region_code ? regions.get(x.to_region_code) : undefined;
    if (!woman && !region) throw refuse(`第 ${i + 1} 条协查（${x.woman_name}）：本县册内没有该身份证号的妇女，也没有地区代码 ${x.to_region_code ?? '（未填）'}`);
    queries.push({ ...x, woman_id: woman?.id ?? null, to_region_id: woman ? woman.region_id : region!.id, to_name: woman ? woman.village_name : region!.name });
  }
  const sent = new Map(
    (
      await q.sentByRefs(
        db,
        county,
        body.from_county,
        body.answers.map((a) => a.ref),
      )
    ).map((r) => [r.ref, r]),
  );
  const answers: ImportPlan['answers'] = [];
  for (const [i, a] of body.answers.entries()) {
    const mine = sent.get(a.ref);
    if (!mine) throw refuse(`第 ${i + 1} 条反馈对应的协查不是本县发给该县的`);
    if (a.answered_on < mine.sent_on) throw refuse(`第 ${i + 1} 条反馈的日期早于协查发出日期`);
    answers.push({ ...a, query_id: mine.id, woman_name: mine.woman_name, already: mine.answered_on !== null });
  }
  return { body, partnerName: secrets.get(body.from_county)!.name, queries, answers };
}

/** Commit: the dry run again inside one transaction, then every row, or nothing. */
export async function commitImport(db: Knex, actor: Actor, bytes: Buffer): Promise<ImportPlan> {
  return db.transaction(async (trx) => {
    const plan = await planImport(trx, actor, bytes);
    const b = plan.body;
    await q.insertPackage(trx, {
      package_id: b.package_id,
      direction: 'in',
      county_code: b.to_county,
      partner_county_code: b.from_county,
      queries: plan.queries.length,
      answers: plan.answers.length,
      created_by: actor.userId || null,
    });
    await q.insertImportedQueries(
      trx,
      plan.queries.map((x) => ({
        ref: x.ref,
        from_township_id: null,
        from_county_code: b.from_county,
        from_unit: x.from_unit,
        to_region_id: x.to_region_id,
        to_county_code: null,
        to_region_code: x.to_region_code,
        woman_id: x.woman_id,
        woman_name: x.woman_name,
        woman_id_number: x.woman_id_number,
        kind: x.kind as PackageQueryKind,
        body: x.body,
        sent_on: x.sent_on,
        due_on: x.due_on,
        answered_on: null,
        answer: null,
        result_code: null,
        answered_by: null,
        out_package_id: null,
        answer_package_id: null,
        created_by: actor.userId || null,
      })),
    );
    for (const a of plan.answers) {
      if (!a.already) await q.applyAnswer(trx, a.query_id, { answered_on: a.answered_on, answer: a.answer, result_code: a.result_code as PackageResult, answer_package_id: b.package_id });
    }
    await recordAudit(trx, actor, {
      action: 'floating.package_import',
      entity: 'exchange_package',
      entityId: b.package_id,
      after: { from_county: b.from_county, queries: plan.queries.length, answers: plan.answers.filter((a) => !a.already).length },
    });
    return plan;
  });
}

type PackageQueryKind = Parameters<typeof q.insertImportedQueries>[1][number]['kind'];
type PackageResult = Parameters<typeof q.applyAnswer>[2]['result_code'];
