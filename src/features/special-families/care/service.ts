/**
 * Care records of a special family (生活照料, 养老保障, 大病治疗, 精神慰藉; a home visit or a phone call) and the
 * minimum schedule they are held to (src/domain/special-families.ts, the rules as data). A record is written only
 * on an open file in the caller's scope, dated between the opening and today; its audit row in the same transaction.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { chinaDate, monthOf, monthStart, type IsoDate } from '../../../domain/dates.ts';
import { dueItems, scheduleItems, type CareRule } from '../../../domain/special-families.ts';
import { ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { getFile, openFiles, womanForFile } from '../files/service.ts';
import * as q from './queries.ts';
import type { CareValues } from './schemas.ts';

export type { CareRow } from './queries.ts';

export async function recordCare(db: Knex, actor: Actor, fileId: number, v: CareValues, opts: { today?: IsoDate } = {}) {
  const today = opts.today ?? chinaDate(new Date());
  return db.transaction(async (trx) => {
    const file = await getFile(trx, actor.scope, fileId);
    const woman = await womanForFile(trx, actor.scope, file.woman_id);
    const errors: Record<string, string> = {};
    if (file.closed_on) throw ValidationError.form(`该档案已于 ${file.closed_on} 结案，不能再登记关怀。`);
    if (v.cared_on > today) errors.cared_on = '关怀日期不能晚于今天';
    else if (v.cared_on < file.opened_on) errors.cared_on = `关怀日期不能早于建档日期（${file.opened_on}）`;
    if (v.follow_up_needed && !v.follow_up_note) errors.follow_up_note = '需要后续跟进时请写明后续事项';
    if (!v.follow_up_needed && v.follow_up_note) errors.follow_up_needed = '写了后续事项，请勾选“需要后续跟进”';
    if (Object.keys(errors).length) throw new ValidationError(errors);
    const care = await q.insertCare(trx, {
      file_id: file.id,
      cared_on: v.cared_on,
      carer: v.carer,
      kind: v.kind,
      mode: v.mode,
      content: v.content,
      follow_up_needed: v.follow_up_needed,
      follow_up_note: v.follow_up_note ?? null,
      created_by: actor.userId > 0 ? actor.userId : null,
    });
    await recordAudit(trx, actor, {
      action: 'special_family_care.create',
      entity: 'woman',
      entityId: woman.id,
      regionId: woman.region_id,
      after: { file_id: file.id, care_id: care.id, cared_on: care.cared_on, carer: care.carer, kind: care.kind, mode: care.mode, content: care.content, follow_up_needed: care.follow_up_needed },
    });
    return { care, file, woman };
  });
}

export async function careRules(db: Knex): Promise<CareRule[]> {
  return q.careRules(db);
}

/** The file page's care records and schedule: this year's items up to today (met or not) and what is due now, from one read of the care. */
export async function careAndScheduleOf(db: Knex, file: { id: number; opened_on: IsoDate; closed_on: IsoDate | null }, today: IsoDate) {
  const [rules, care] = await Promise.all([q.careRules(db), q.careOf(db, [file.id])]);
  return { care, schedule: scheduleFrom(rules, care, file, today) };
}

function scheduleFrom(rules: CareRule[], care: q.CareRow[], file: { opened_on: IsoDate; closed_on: IsoDate | null }, today: IsoDate) {
  const year = { from: `${today.slice(0, 4)}-01-01`, to: today };
  return { items: scheduleItems(rules, care, file.opened_on, year), due: file.closed_on ? [] : dueItems(rules, care, today) };
}

/** The open files under a prefix in the scope whose schedule is not met today, with what is due for each. */
export async function dueFiles(db: Knex, scope: Scope, prefix: string, today: IsoDate) {
  const files = await openFiles(db, scope, prefix);
  const rules = await q.careRules(db);
  const earliest = rules.reduce((d, r) => (r.from_date && r.from_date <= today && r.to_date && r.to_date >= today && r.from_date < d ? r.from_date : d), monthStart(monthOf(today)));
  const care = await q.careOf(
    db,
    files.map((f) => f.id),
    earliest,
  );
  const due = new Map<number, string[]>();
  for (const f of files) {
    const items = dueItems(
      rules,
      care.filter((c) => c.file_id === f.id),
      today,
    );
    if (items.length)
      due.set(
        f.id,
        items.map((i) => i.label),
      );
  }
  return due;
}
