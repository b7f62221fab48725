/**
 * Outside birth lists (issue 16 §3): a hospital or police file is read (the imports feature's bounded reader),
 * every row checked; a file with any problem is refused with each problem in Chinese and nothing is saved.
 * A clean file is saved as a draft list, matched (the preview), and counts once a clerk confirms it; a draft can
 * be discarded. Every write is audited in its transaction.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { IMPORT_LIMITS, TableLimitError, problemLine, readTable, type Table } from '../../imports/service.ts';
import { matchList, type MatchTally } from '../matches/service.ts';
import * as q from './queries.ts';
import { checkRows, villageCodesOf } from './rows.ts';
import type { ListUploadValues } from './schemas.ts';

/** A list is one hospital's or station's month or year: far fewer rows than a register import. */
export const LIST_LIMITS = { ...IMPORT_LIMITS, rows: 20_000, uncompressedBytes: 50 * 1024 * 1024 };
export const MAX_LIST_MB = 5;
/** The problems listed on the page (the rest are counted). */
export const MAX_SHOWN_PROBLEMS = 200;

export interface ListUpload {
  form: ListUploadValues;
  fileName: string;
  data: Buffer;
  today: IsoDate;
}

async function readListFile(fileName: string, data: Buffer): Promise<Table> {
  if (!/\.(csv|xlsx|txt)$/i.test(fileName)) throw ValidationError.field('file', '只能导入 CSV 或 Excel（.xlsx）文件');
  if (data.length === 0) throw ValidationError.field('file', '文件是空的');
  if (!/\.xlsx$/i.test(fileName) && data.subarray(0, 8192).includes(0)) throw ValidationError.field('file', '文件不是 CSV 表格（含有二进制内容），请上传 CSV 或 Excel（.xlsx）文件');
  try {
    return await readTable(data, fileName, LIST_LIMITS);
  } catch (err) {
    if (err instanceof TableLimitError) throw ValidationError.field('file', err.message);
    throw ValidationError.field('file', '无法读取该文件：请上传 CSV 或 Excel（.xlsx）文件（Excel 文件请另存为 .xlsx）');
  }
}

/** Check a file; refuse it with every problem, or save it as a draft list (matched) and return its id. */
export async function importList(db: Knex, actor: Actor, input: ListUpload, now: Date): Promise<number> {
  const table = await readListFile(input.fileName, input.data);
  const villages = await q.villagesByCode(db, actor.scope, villageCodesOf(table));
  const { rows, problems } = checkRows(table, input.today, new Set(villages.keys()));
  if (problems.length) {
    const lines = problems.slice(0, MAX_SHOWN_PROBLEMS).map(problemLine);
    if (problems.length > MAX_SHOWN_PROBLEMS) lines.push(`…… 另有 ${problems.length - MAX_SHOWN_PROBLEMS} 处问题未列出`);
    throw new ValidationError({ file: `文件有 ${problems.length} 处问题，未导入任何数据；请更正后重新上传` }, lines);
  }
  return db.transaction(async (trx) => {
    const listId = await q.insertList(trx, {
      source_kind: input.form.source_kind,
      name: input.form.name,
      period: input.form.period ?? null,
      file_name: input.fileName.slice(0, 200),
      region_id: actor.scope.regionId,
      status: 'draft',
      row_count: rows.length,
      created_by: actor.userId > 0 ? actor.userId : null,
    });
    await q.insertBirths(
      trx,
      rows.map((r) => {
        const village = r.village_code ? (villages.get(r.village_code) ?? null) : null;
        return {
          list_id: listId,
          row_no: r.row_no,
          mother_id_number: r.mother_id_number,
          mother_name: r.mother_name,
          child_name: r.child_name,
          sex: r.sex,
          birth_date: r.birth_date,
          facility: r.facility,
          certificate_no: r.certificate_no,
          village_id: village,
          region_id: village ?? actor.scope.regionId,
        };
      }),
    );
    await recordAudit(trx, actor, {
      action: 'outside_birth.import',
      entity: 'outside_birth_list',
      entityId: listId,
      regionId: actor.scope.regionId,
      after: { name: input.form.name, source_kind: input.form.source_kind, rows: rows.length, file: input.fileName },
    });
    await matchList(trx, actor, { id: listId, region_id: actor.scope.regionId }, now);
    return listId;
  });
}

async function mustList(db: Knex, actor: Actor, id: number): Promise<q.ListRow> {
  const list = await q.listInScope(db, actor.scope, id);
  if (!list) throw new NotFoundError('未找到该出生名单，或您无权查看。');
  return list;
}

export const getList = mustList;

/** Confirming or discarding is for the office that imported the list (a township sees a county list's rows only). */
async function ownList(db: Knex, actor: Actor, id: number): Promise<q.ListRow> {
  const list = await mustList(db, actor, id);
  if (!list.region_code.startsWith(actor.scope.code)) throw new NotFoundError('未找到该出生名单，或您无权修改。');
  return list;
}

export async function listsPage(db: Knex, actor: Actor, page: { limit: number; offset: number }) {
  return q.listsInScope(db, actor.scope, page);
}

export async function listRows(db: Knex, actor: Actor, listId: number, status: string | undefined, page: { limit: number; offset: number }) {
  return q.rowsOfListInScope(db, actor.scope, listId, status, page);
}

/** Confirm a draft: it counts from now on; matched again against today's register. */
export async function confirmList(db: Knex, actor: Actor, id: number, now: Date): Promise<MatchTally> {
  const list = await ownList(db, actor, id);
  return db.transaction(async (trx) => {
    if ((await q.confirmList(trx, id, now)) === 0) throw ValidationError.form('该名单已确认，不能重复确认');
    await recordAudit(trx, actor, {
      action: 'outside_birth.confirm',
      entity: 'outside_birth_list',
      entityId: id,
      regionId: list.region_id,
      before: { status: 'draft' },
      after: { status: 'confirmed' },
    });
    return matchList(trx, actor, list, now);
  });
}

/** Re-match a confirmed list (after clerks recorded births). */
export async function rematchList(db: Knex, actor: Actor, id: number, now: Date): Promise<MatchTally> {
  const list = await ownList(db, actor, id);
  return db.transaction((trx) => matchList(trx, actor, list, now));
}

/** Discard a draft: its rows go with it. */
export async function discardList(db: Knex, actor: Actor, id: number): Promise<void> {
  const list = await ownList(db, actor, id);
  await db.transaction(async (trx) => {
    if ((await q.deleteDraft(trx, id)) === 0) throw ValidationError.form('已确认的名单不能放弃');
    await recordAudit(trx, actor, { action: 'outside_birth.discard', entity: 'outside_birth_list', entityId: id, regionId: list.region_id, before: { name: list.name, rows: list.row_count } });
  });
}
