/**
 * The card (育龄妇女信息卡): create, edit with optimistic locking, read within scope, reveal the full ID number
 * (audited). createCard/updateCard take raw input and validate it with the forms' schema (imports, seeds and tests
 * call these); the routes parse once and call createCardParsed/updateCardParsed with the schema's values.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { codeInScope } from '../../../auth/scope.ts';
import { accessReasonProblem } from '../../../domain/access-reasons.ts';
import { MARITAL_STATUS } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { idNumberMessage, maskIdNumber, maskName, parseIdNumber } from '../../../domain/id-number.ts';
import { ageWindowProblem, notFemaleProblem } from '../../../domain/register-person.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import { checkRegisteredOn, migrantSinceOnChange, newCardHistories, recordStatusChanges, writeHistories } from '../histories/service.ts';
import { auditCard } from './audit.ts';
import { assertCanWrite, changeCard, settleCard, todayOf, type WriteOptions } from './card-write.ts';
import * as q from './queries.ts';
import type { CardRow, WomanRow } from './rows.ts';
import { CARD_FIELD_LABELS, CardForm, CardUpdateForm, type CardInput, type CardUpdateInput, type CardValues } from './schemas.ts';

export const CARD_FIELDS = Object.keys(CARD_FIELD_LABELS);

/** The card's ID number is active elsewhere: the form shows where (masked) and offers a transfer. */
export class DuplicateCardError extends ValidationError {
  constructor(readonly duplicate: q.ActiveCardRef & { inScope: boolean; maskedName: string; maskedId: string }) {
    super({
      id_number: duplicate.inScope
        ? `该身份证号已有在册信息卡（${duplicate.village_name} ${duplicate.name}），不能重复建卡`
        : `该身份证号已在 ${duplicate.township_name} ${duplicate.village_name} 建有在册信息卡，不能重复建卡；可申请将她迁入本乡镇`,
    });
  }
}

async function assertNoDuplicate(db: Knex, scope: Scope, idNumber: string, exceptId?: number) {
  const [dup] = await q.activeCardsByIdNumber(db, idNumber, exceptId);
  if (dup) {
    throw new DuplicateCardError({ ...dup, inScope: codeInScope(scope, dup.village_code), maskedName: maskName(dup.name), maskedId: maskIdNumber(dup.id_number) });
  }
}

/** A village the actor may put a card in: another township's (or an unknown) code is a 404, like its cards. */
export async function writableVillage(db: Knex, actor: Actor, code: string): Promise<q.VillageRef> {
  const village = await q.villageByCode(db, code);
  if (!village || !codeInScope(actor.scope, village.code)) throw new NotFoundError('未找到该村(社区)，或不在您的管辖范围内。');
  if (!village.active) throw ValidationError.field('village', `${village.name} 已停用，请选择其他村(社区)`);
  return village;
}

/** ID number, birth date and sex, plus the age window of the register (15–49) for a new or changed number. */
export function identity(v: CardValues, today: IsoDate) {
  const parsed = parseIdNumber(v.id_number, today);
  if (!parsed.ok) throw ValidationError.field('id_number', idNumberMessage(parsed.problem));
  const problem = notFemaleProblem(parsed.info.sex) ?? ageWindowProblem(parsed.info.birthDate, today);
  if (problem) throw ValidationError.field('id_number', problem);
  return parsed.info;
}

export function crossFieldChecks(v: CardValues) {
  if (v.migrant_status !== 'none') {
    const errors: Record<string, string> = {};
    if (!v.migrant_place) errors.migrant_place = v.migrant_status === 'outflow' ? '流出人员请填写流入地（现居住地）' : '流入人员请填写户籍地（流出地）';
    if (!v.migrant_since) errors.migrant_since = '请填写流动起始日期';
    if (Object.keys(errors).length) throw new ValidationError(errors);
  }
  // The database refuses a married/divorced/widowed card without a date (women_marriage_date_check): say so at
  // the field first, so the form comes back with everything typed instead of a 500.
  if (v.marital_status !== 'unmarried' && !v.marriage_date) {
    throw ValidationError.field('marriage_date', `婚姻状况为“${MARITAL_STATUS[v.marital_status]}”，须填写结婚日期`);
  }
  // The database refuses a husband's number that is not 18 characters (women_spouse_id_shape): the form says so
  // first, with the consistency rule's words (that rule checks the rest: check digit, sex, not hers).
  const spouse = v.spouse_id_number ? parseIdNumber(v.spouse_id_number) : undefined;
  if (spouse && !spouse.ok && (spouse.problem.code === 'shape' || spouse.problem.code === 'empty')) {
    throw ValidationError.field('spouse_id_number', `配偶${idNumberMessage(spouse.problem)}`);
  }
  if (v.marital_status === 'unmarried' && (v.spouse_name || v.spouse_id_number)) {
    throw ValidationError.field('spouse_name', '婚姻状况为未婚，不应填写配偶信息');
  }
  // The database refuses a spouse ID number of the wrong shape (women_spouse_id_shape): say why at the field.
  if (v.spouse_id_number && !/^[0-9]{17}[0-9X]$/.test(v.spouse_id_number)) {
    const parsed = parseIdNumber(v.spouse_id_number);
    throw ValidationError.field('spouse_id_number', `配偶${parsed.ok ? '身份证号应为18位' : idNumberMessage(parsed.problem)}`);
  }
}

export function columnsOf(v: CardValues, regionId: number, birthDate: IsoDate, registeredOn: IsoDate) {
  return {
    region_id: regionId,
    registered_on: registeredOn,
    id_number: v.id_number,
    name: v.name,
    birth_date: birthDate,
    ethnicity: v.ethnicity,
    hukou_kind: v.hukou_kind,
    hukou_place: v.hukou_place ?? null,
    phone: v.phone ?? null,
    address: v.address ?? null,
    marital_status: v.marital_status,
    marriage_date: v.marriage_date ?? null,
    early_marriage_note: v.early_marriage_note ?? null,
    spouse_name: v.spouse_name ?? null,
    spouse_id_number: v.spouse_id_number ?? null,
    spouse_hukou_kind: v.spouse_hukou_kind ?? null,
    migrant_status: v.migrant_status,
    migrant_place: v.migrant_status === 'none' ? null : (v.migrant_place ?? null),
    migrant_since: v.migrant_status === 'none' ? null : (v.migrant_since ?? null),
    migrant_verified_on: v.migrant_status === 'none' ? null : (v.migrant_verified_on ?? null),
    only_child: v.only_child ?? null,
    spouse_only_child: v.spouse_only_child ?? null,
  };
}

/** The card as form values (village as its code), for the edit form, conflicts and audit. */
export function formValuesOf(w: WomanRow & { village_code?: string }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of CARD_FIELDS) {
    const raw = k === 'village' ? w.village_code : (w as unknown as Record<string, unknown>)[k];
    out[k] = raw == null ? '' : String(raw);
  }
  return out;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === '23505' && /women_active_id_number_key/.test(String((err as Error).message));
}

export async function createCard(db: Knex, actor: Actor, input: CardInput, opts: WriteOptions = {}): Promise<WomanRow> {
  assertCanWrite(actor);
  return createCardParsed(db, actor, parseForm(CardForm, input), opts);
}

/** createCard with values already parsed by the form's schema (the routes parse once, then call this). */
export async function createCardParsed(db: Knex, actor: Actor, v: z.output<typeof CardForm>, opts: WriteOptions = {}): Promise<WomanRow> {
  assertCanWrite(actor);
  const today = todayOf(opts);
  const info = identity(v, today);
  const village = await writableVillage(db, actor, v.village);
  crossFieldChecks(v);
  const registeredOn = v.registered_on ?? today;
  checkRegisteredOn(registeredOn, { today, birthDate: info.birthDate });
  await assertNoDuplicate(db, actor.scope, info.idNumber);
  try {
    return await db.transaction(async (trx) => {
      const by = actor.userId || null;
      const created = await q.insertWoman(trx, { ...columnsOf(v, village.id, info.birthDate, registeredOn), created_by: by, updated_by: by });
      await writeHistories(trx, newCardHistories(created.id, created, v, { today, birthDate: info.birthDate }, by));
      await auditCard(trx, actor, created, 'card.create', { after: { ...formValuesOf({ ...created, village_code: village.code }) } });
      await settleCard(trx, created.id, [], { ...opts, fields: CARD_FIELDS });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) await assertNoDuplicate(db, actor.scope, info.idNumber);
    throw err;
  }
}

/** The edit form shows saved ID numbers masked: the masked value posted back means "keep the saved number". */
function unmasked(posted: string | undefined, saved: string | null): string | undefined {
  return saved && posted === maskIdNumber(saved) ? saved : posted;
}

export async function updateCard(db: Knex, actor: Actor, id: number, input: CardUpdateInput, opts: WriteOptions = {}): Promise<WomanRow> {
  return updateCardParsed(db, actor, id, parseForm(CardUpdateForm, input), opts);
}

/** updateCard with values already parsed by the form's schema (the routes parse once, then call this). */
export async function updateCardParsed(db: Knex, actor: Actor, id: number, parsed: z.output<typeof CardUpdateForm>, opts: WriteOptions = {}): Promise<WomanRow> {
  const today = todayOf(opts);
  let v = parsed;
  try {
    return await db.transaction((trx) =>
      changeCard(trx, actor, id, { ...opts, fields: CARD_FIELDS }, async (woman) => {
        v = { ...parsed, id_number: unmasked(parsed.id_number, woman.id_number)!, spouse_id_number: unmasked(parsed.spouse_id_number, woman.spouse_id_number) };
        const current = (await q.findCard(trx, id))!;
        if (woman.version !== v.version) throw staleEdit(current, v);
        if (v.village !== current.village_code) {
          await writableVillage(trx, actor, v.village);
          throw ValidationError.field('village', `更换所在村请使用“迁移”，以保留迁移记录（当前为 ${current.village_name}）`);
        }
        const info = v.id_number === woman.id_number ? { idNumber: woman.id_number, birthDate: woman.birth_date } : identity(v, today);
        v = migrantSinceOnChange(woman, v, v);
        crossFieldChecks(v);
        const registeredOn = v.registered_on ?? woman.registered_on;
        if (registeredOn !== woman.registered_on || info.birthDate !== woman.birth_date) checkRegisteredOn(registeredOn, { today, birthDate: info.birthDate });
        if (info.idNumber !== woman.id_number) await assertNoDuplicate(trx, actor.scope, info.idNumber, id);
        const patch = { ...columnsOf(v, woman.region_id, info.birthDate, registeredOn), updated_by: actor.userId || null };
        const updated = await q.updateWoman(trx, id, v.version, patch);
        if (!updated) throw staleEdit(current, v);
        await recordStatusChanges(trx, actor, woman, woman, updated, v, today);
        const before = formValuesOf(current);
        const after = formValuesOf({ ...updated, village_code: current.village_code });
        const changed = CARD_FIELDS.filter((k) => before[k] !== after[k]);
        await auditCard(trx, actor, woman, 'card.update', {
          before: Object.fromEntries(changed.map((k) => [k, before[k]])),
          after: { ...Object.fromEntries(changed.map((k) => [k, after[k]])), version: updated.version },
        });
        return updated;
      }),
    );
  } catch (err) {
    if (isUniqueViolation(err)) await assertNoDuplicate(db, actor.scope, v.id_number, id);
    throw err;
  }
}

/** 409: what is saved now, beside what the user typed; the form then carries the current version. */
function staleEdit(current: CardRow, yours: CardValues & { version: number }): ConflictError {
  const now = formValuesOf(current);
  const mine = formValuesOf({ ...(current as WomanRow), ...(yours as unknown as Partial<WomanRow>), village_code: yours.village });
  // ID numbers masked on the conflict panel too: the user sees that they differ, not the saved number.
  const shown = (k: string, value: string) => (k === 'id_number' || k === 'spouse_id_number' ? maskIdNumber(value) : value);
  const changes = CARD_FIELDS.filter((k) => now[k] !== mine[k]).map((k) => ({ field: k, label: CARD_FIELD_LABELS[k], current: shown(k, now[k]), yours: shown(k, mine[k]) }));
  return new ConflictError(`${current.name} 的信息卡在您打开后已被${current.updated_by_name ?? '他人'}修改，您的更改未保存。请核对下列差异后重新提交。`, {
    version: current.version,
    updated_at: current.updated_at,
    updated_by_name: current.updated_by_name,
    changes,
  });
}

/** A card inside the scope; 404 when missing or outside it. */
export async function getCard(db: Knex, scope: Scope, id: number): Promise<CardRow> {
  const card = await q.findCardInScope(db, scope, id);
  if (!card) throw new NotFoundError('未找到该育龄妇女信息卡，或不在您的管辖范围内。');
  return card;
}

/** The full ID number, on request with a reason; the request and its reason are audited (DESIGN §8). */
export async function revealIdNumber(db: Knex, actor: Actor, id: number, input: { reason?: string }): Promise<string> {
  const card = await getCard(db, actor.scope, id);
  const problem = accessReasonProblem(input.reason, '查看完整身份证号的原因');
  if (problem) throw ValidationError.field('reason', problem);
  await auditCard(db, actor, card, 'card.reveal_id', { after: { name: card.name }, reason: input.reason!.trim() });
  return card.id_number;
}
