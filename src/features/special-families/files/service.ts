/**
 * The special-family file (建档, issue 17 §2): one open file per couple, on the woman's card — the child's death or
 * disability, the 特扶 application it belongs to, the household's situation and the two contact persons. Edits carry
 * the file's version (a stale edit is a 409); closing needs a date and a reason. Every write: the card in the
 * caller's scope (else 404), the audit row in the same transaction.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { SPECIAL_FAMILY_KIND } from '../../../domain/codes.ts';
import { chinaDate, type IsoDate } from '../../../domain/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { CloseFileValues, FileValues } from './schemas.ts';

export type { ContactRow, FileRow, ListRow, WomanRef } from './queries.ts';

const NO_WOMAN = '未找到该妇女的信息卡，或不在您的管辖范围内。';
const NO_FILE = '未找到该特殊家庭档案，或不在您的管辖范围内。';

export async function womanForFile(db: Knex, scope: Scope, womanId: number): Promise<q.WomanRef> {
  const w = await q.womanInScope(db, scope, womanId);
  if (!w) throw new NotFoundError(NO_WOMAN);
  return w;
}

export async function getFile(db: Knex, scope: Scope, id: number): Promise<q.FileRow> {
  const f = await q.fileInScope(db, scope, id);
  if (!f) throw new NotFoundError(NO_FILE);
  return f;
}

/** The rules a file's fields obey beyond their own shape (each message at its field). */
async function checkFields(db: Knex, woman: q.WomanRef, v: FileValues, today: IsoDate) {
  const errors: Record<string, string> = {};
  if (v.kind === 'disability' && v.disability_grade === undefined) errors.disability_grade = '伤残家庭请填写子女伤残等级（一至四级）';
  if (v.kind === 'loss' && v.disability_grade !== undefined) errors.disability_grade = '失独家庭不填伤残等级';
  if (v.child_event_on && v.child_event_on > today) errors.child_event_on = '子女死亡或致残日期不能晚于今天';
  if (v.child_event_on && v.child_event_on < woman.birth_date) errors.child_event_on = '子女死亡或致残日期不能早于女方出生日期';
  if (v.opened_on > today) errors.opened_on = '建档日期不能晚于今天';
  if (v.opened_on < woman.birth_date) errors.opened_on = '建档日期不能早于女方出生日期';
  if (v.subsidy_application_id !== undefined) {
    const apps = await q.specialApplicationsOf(db, woman.id);
    if (!apps.some((a) => a.id === v.subsidy_application_id)) errors.subsidy_application_id = '请选择本人的特别扶助申请';
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

function columns(v: FileValues) {
  return {
    kind: v.kind,
    husband_name: v.husband_name ?? null,
    child_name: v.child_name ?? null,
    child_event_on: v.child_event_on ?? null,
    disability_grade: v.kind === 'disability' ? (v.disability_grade ?? null) : null,
    subsidy_application_id: v.subsidy_application_id ?? null,
    lives_alone: v.lives_alone,
    income_level: v.income_level ?? null,
    health: v.health ?? null,
    household_note: v.household_note ?? null,
    opened_on: v.opened_on,
  };
}

function storedColumns(f: q.FileRow) {
  const { kind, husband_name, child_name, child_event_on, disability_grade, subsidy_application_id, lives_alone, income_level, health, household_note, opened_on } = f;
  return { kind, husband_name, child_name, child_event_on, disability_grade, subsidy_application_id, lives_alone, income_level, health, household_note, opened_on };
}

function contacts(v: FileValues) {
  return [
    { position: 1, name: v.contact1_name, role: v.contact1_role, phone: v.contact1_phone ?? null },
    { position: 2, name: v.contact2_name, role: v.contact2_role, phone: v.contact2_phone ?? null },
  ];
}

/** 建档: the couple on her card gets a file (one open file at a time). */
export async function createFile(db: Knex, actor: Actor, womanId: number, v: FileValues, opts: { today?: IsoDate } = {}) {
  const today = opts.today ?? chinaDate(new Date());
  return db.transaction(async (trx) => {
    const woman = await womanForFile(trx, actor.scope, womanId);
    await q.lockWoman(trx, woman.id);
    await checkFields(trx, woman, v, today);
    const open = await q.openFileOf(trx, woman.id);
    if (open) throw ValidationError.form(`${woman.name} 家庭已有 ${open.opened_on} 建立的特殊家庭档案（编号 ${open.id}），不能重复建档。`);
    const file = await q.insertFile(trx, { ...columns(v), woman_id: woman.id, created_by: actor.userId > 0 ? actor.userId : null });
    await q.replaceContacts(trx, file.id, contacts(v));
    await recordAudit(trx, actor, {
      action: 'special_family.create',
      entity: 'woman',
      entityId: woman.id,
      regionId: woman.region_id,
      after: { file_id: file.id, ...columns(v), contacts: contacts(v) },
    });
    return { file, woman };
  });
}

/** 修改档案: the version posted must be the stored one (else 409 with the stored values). */
export async function updateFile(db: Knex, actor: Actor, id: number, v: FileValues & { version: number }, opts: { today?: IsoDate } = {}) {
  const today = opts.today ?? chinaDate(new Date());
  return db.transaction(async (trx) => {
    const before = await q.fileInScope(trx, actor.scope, id, true);
    if (!before) throw new NotFoundError(NO_FILE);
    const woman = await womanForFile(trx, actor.scope, before.woman_id);
    if (before.closed_on) throw ValidationError.form(`该档案已于 ${before.closed_on} 结案，不能修改。`);
    await checkFields(trx, woman, v, today);
    const beforeContacts = await q.contactsOf(trx, [id]);
    const updated = await q.updateFile(trx, id, v.version, { ...columns(v), updated_by: actor.userId > 0 ? actor.userId : null });
    if (!updated) throw new ConflictError('该档案已被他人修改，您的更改未保存。请刷新后重试。', { ...before });
    await q.replaceContacts(trx, id, contacts(v));
    await recordAudit(trx, actor, {
      action: 'special_family.update',
      entity: 'woman',
      entityId: woman.id,
      regionId: woman.region_id,
      before: { file_id: id, ...storedColumns(before), contacts: beforeContacts.map((c) => ({ position: c.position, name: c.name, role: c.role, phone: c.phone })) },
      after: { file_id: id, ...columns(v), contacts: contacts(v) },
    });
    return { file: updated, woman };
  });
}

/** 结案 (both spouses deceased, moved away …): a date not before the opening nor after today, and a reason. */
export async function closeFile(db: Knex, actor: Actor, id: number, v: CloseFileValues, opts: { today?: IsoDate } = {}) {
  const today = opts.today ?? chinaDate(new Date());
  return db.transaction(async (trx) => {
    const before = await q.fileInScope(trx, actor.scope, id, true);
    if (!before) throw new NotFoundError(NO_FILE);
    const woman = await womanForFile(trx, actor.scope, before.woman_id);
    if (before.closed_on) throw ValidationError.form(`该档案已于 ${before.closed_on} 结案。`);
    if (v.closed_on > today) throw ValidationError.field('closed_on', '结案日期不能晚于今天');
    if (v.closed_on < before.opened_on) throw ValidationError.field('closed_on', `结案日期不能早于建档日期（${before.opened_on}）`);
    if (v.close_reason === 'other' && !v.close_note) throw ValidationError.field('close_note', '结案原因为“其他”时请填写结案说明');
    const updated = await q.updateFile(trx, id, v.version, {
      closed_on: v.closed_on,
      close_reason: v.close_reason,
      close_note: v.close_note ?? null,
      updated_by: actor.userId > 0 ? actor.userId : null,
    });
    if (!updated) throw new ConflictError('该档案已被他人修改，未能结案。请刷新后重试。', { ...before });
    await recordAudit(trx, actor, {
      action: 'special_family.close',
      entity: 'woman',
      entityId: woman.id,
      regionId: woman.region_id,
      before: { file_id: id, closed_on: null },
      after: { file_id: id, closed_on: v.closed_on, close_reason: v.close_reason, close_note: v.close_note ?? null },
    });
    return { file: updated, woman };
  });
}

/** The form's values of a stored file (the edit page). */
export function formValuesOf(f: q.FileRow, cs: q.ContactRow[]) {
  const c = (p: number) => cs.find((x) => x.position === p);
  return {
    kind: f.kind,
    husband_name: f.husband_name ?? '',
    child_name: f.child_name ?? '',
    child_event_on: f.child_event_on ?? '',
    disability_grade: f.disability_grade ?? '',
    subsidy_application_id: f.subsidy_application_id ?? '',
    lives_alone: f.lives_alone,
    income_level: f.income_level ?? '',
    health: f.health ?? '',
    household_note: f.household_note ?? '',
    opened_on: f.opened_on,
    contact1_name: c(1)?.name ?? '',
    contact1_role: c(1)?.role ?? 'township_cadre',
    contact1_phone: c(1)?.phone ?? '',
    contact2_name: c(2)?.name ?? '',
    contact2_role: c(2)?.role ?? 'village_doctor',
    contact2_phone: c(2)?.phone ?? '',
    version: f.version,
  };
}

export const kindLabel = (k: q.FileRow['kind']) => SPECIAL_FAMILY_KIND[k];

export async function contactsOf(db: Knex, fileIds: number[]) {
  return q.contactsOf(db, fileIds);
}

export async function specialApplicationsOf(db: Knex, womanId: number) {
  return q.specialApplicationsOf(db, womanId);
}

export async function listFiles(db: Knex, scope: Scope, f: q.ListFilter, window?: { limit: number; offset: number }) {
  if (!f.prefix.startsWith(scope.code)) throw new NotFoundError('该区划不在您的管辖范围内。');
  const page = await q.listFiles(db, scope, f, window);
  const cs = await q.contactsOf(
    db,
    page.rows.map((r) => r.id),
  );
  return { ...page, rows: page.rows.map((r) => ({ ...r, contacts: cs.filter((c) => c.file_id === r.id) })) };
}

export async function openFiles(db: Knex, scope: Scope, prefix: string) {
  return q.openFiles(db, scope, prefix);
}

export async function openFileOf(db: Knex, womanId: number) {
  return q.openFileOf(db, womanId);
}
