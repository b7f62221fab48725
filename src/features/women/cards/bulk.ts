/**
 * Many new cards at once (spreadsheet imports, DESIGN §12): exactly the rules of createCard — the forms' schema,
 * the ID number's identity and age window, a village in scope and in use, the cross-field checks, no active card
 * with the same ID number (in the batch or anywhere in the database), and the consistency rules on the new
 * card — but checked for every row without a round trip per card, and every problem of every row returned.
 * A batch with no problem is written in one transaction, in bulk: the cards, their data-quality findings, and
 * one audit row ('card.import') per thousand cards listing their ids — not one per card, which measured slower
 * than writing the cards themselves (the card's timeline still shows what it holds; see test/bench).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { codeInScope } from '../../../auth/scope.ts';
import { checkCard, mergeByRule, newErrors, type Finding } from '../../../domain/consistency.ts';
import { maskIdNumber, maskName } from '../../../domain/id-number.ts';
import { ValidationError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import { recordAudits } from '../../audit/service.ts';
import { AUDIT_ENTITY } from './audit.ts';
import { assertCanWrite, findingsError, snapshotOf, todayOf, type WriteOptions } from './card-write.ts';
import { fifteenthBirthday } from '../../../domain/status-history.ts';
import { checkRegisteredOn, newCardHistories, writeHistories, type HistoryInserts } from '../histories/service.ts';
import { CARD_FIELDS, columnsOf, crossFieldChecks, DuplicateCardError, identity } from './service.ts';
import * as q from './queries.ts';
import { insertNewFindings } from '../findings/queries.ts';
import type { WomanRow } from './rows.ts';
import { CardForm, type CardInput, type CardValues } from './schemas.ts';

/** A problem of one input: its index in the batch, the form field (or '' for the whole card), the message. */
export interface BulkProblem {
  index: number;
  field: string;
  message: string;
}

export interface BulkCardsResult {
  problems: BulkProblem[];
  /** Cards that a clean batch creates (written, or to be written after a dry run). */
  toCreate: number;
  created: number;
  ids: number[];
}

export interface BulkCardsOptions extends WriteOptions {
  /** Check everything, write nothing. */
  dryRun?: boolean;
  /** How an input is named in a message about another one ("第 5 行"). */
  rowLabel?: (index: number) => string;
  /** Called now and then while checking (phase 'check') and writing (phase 'write'). */
  onProgress?: (phase: 'check' | 'write', done: number, total: number) => void | Promise<void>;
  /** Stored as the reason of each card's audit row (e.g. the file name). */
  auditReason?: string;
}

interface Planned {
  index: number;
  row: ReturnType<typeof columnsOf>;
  villageCode: string;
  findings: Finding[];
  /** The card's status events, written with woman_id 0 until the card has its id. */
  histories: HistoryInserts;
}

const CHUNK = 5000;

/** Let the server answer other requests now and then while a large file is checked (the checks are CPU work). */
const breath = () => new Promise<void>((resolve) => setImmediate(resolve));
const AUDIT_BATCH = 1000;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function countBy(keys: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

export async function createCards(db: Knex, actor: Actor, inputs: CardInput[], opts: BulkCardsOptions = {}): Promise<BulkCardsResult> {
  assertCanWrite(actor);
  const today = todayOf(opts);
  const rowLabel = opts.rowLabel ?? ((i: number) => `第 ${i + 1} 条`);
  const problems: BulkProblem[] = [];
  const bad = new Set<number>();
  const add = (index: number, err: unknown) => {
    if (!(err instanceof ValidationError)) throw err;
    bad.add(index);
    for (const [field, message] of Object.entries(err.fieldErrors)) problems.push({ index, field, message });
    for (const message of err.formErrors) problems.push({ index, field: '', message });
  };

  // The forms' schema first: every field's message at once.
  const parsed: (CardValues | undefined)[] = [];
  for (let i = 0; i < inputs.length; i++) {
    if (i % 5000 === 4999) await breath();
    try {
      parsed.push(parseForm(CardForm, inputs[i]));
    } catch (err) {
      add(i, err);
      parsed.push(undefined);
    }
  }
  const codes = [...new Set(parsed.flatMap((v) => (v ? [v.village] : [])))];
  const villages = new Map((await q.villagesByCodes(db, codes)).map((v) => [v.code, v]));
  const identities = parsed.map((v, i) => {
    if (!v) return undefined;
    try {
      return identity(v, today);
    } catch (err) {
      add(i, err);
      return undefined;
    }
  });
  const idNumbers = [...new Set(identities.flatMap((x) => (x ? [x.idNumber] : [])))];
  const active = new Map<string, q.ActiveCardRef>();
  for (let i = 0; i < idNumbers.length; i += CHUNK) {
    for (const d of await q.activeCardsByIdNumbers(db, idNumbers.slice(i, i + CHUNK))) active.set(d.id_number, d);
  }

  const planned: Planned[] = [];
  const firstWith = new Map<string, number>();
  for (let i = 0; i < inputs.length; i++) {
    if (i % 2000 === 0) {
      await breath();
      await opts.onProgress?.('check', i, inputs.length);
    }
    const v = parsed[i];
    const info = identities[i];
    if (!v) continue;
    const village = villages.get(v.village);
    // Another township's village is refused like an unknown one (scope answers as "not found").
    if (!village || !codeInScope(actor.scope, village.code)) add(i, ValidationError.field('village', `村代码 ${v.village} 不存在或不在您的管辖范围内`));
    else if (!village.active) add(i, ValidationError.field('village', `${village.name} 已停用，请选择其他村(社区)`));
    try {
      crossFieldChecks(v);
    } catch (err) {
      add(i, err);
    }
    if (info) {
      const first = firstWith.get(info.idNumber);
      if (first !== undefined) add(i, ValidationError.field('id_number', `与${rowLabel(first)}的身份证号重复，同一人只能建一张信息卡`));
      else firstWith.set(info.idNumber, i);
      const dup = active.get(info.idNumber);
      if (dup) {
        add(i, new DuplicateCardError({ ...dup, inScope: codeInScope(actor.scope, dup.village_code), maskedName: maskName(dup.name), maskedId: maskIdNumber(dup.id_number) }));
      }
    }
    if (bad.has(i) || !info || !village) continue;
    // An import that does not say when she came onto the register: since she turned 15.
    const row = columnsOf(v, village.id, info.birthDate, v.registered_on ?? fifteenthBirthday(info.birthDate));
    let histories: HistoryInserts;
    try {
      checkRegisteredOn(row.registered_on, { today, birthDate: info.birthDate });
      histories = newCardHistories(0, { ...row }, v, { today, birthDate: info.birthDate }, actor.userId || null);
    } catch (err) {
      add(i, err);
      continue;
    }
    // The consistency rules on the card as it would be saved (what settleCard checks for a new card).
    const woman = { ...row, id: 0, status: 'active', exit_reason: null, exit_date: null, exit_note: null } as unknown as WomanRow;
    const findings = checkCard(snapshotOf({ woman, children: [], pregnancies: [], episodes: [], certificates: [], services: [] }), today);
    const fresh = newErrors([], findings);
    if (fresh.length) add(i, findingsError(fresh, CARD_FIELDS));
    else planned.push({ index: i, row, villageCode: village.code, findings: mergeByRule(findings), histories });
  }
  await opts.onProgress?.('check', inputs.length, inputs.length);
  problems.sort((a, b) => a.index - b.index);
  const result: BulkCardsResult = { problems, toCreate: problems.length ? 0 : planned.length, created: 0, ids: [] };
  if (problems.length || opts.dryRun || planned.length === 0) return result;

  try {
    return await db.transaction(async (trx) => {
      const by = actor.userId || null;
      const ids: { id: number; id_number: string }[] = [];
      for (let i = 0; i < planned.length; i += CHUNK) {
        ids.push(
          ...(await q.insertWomen(
            trx,
            planned.slice(i, i + CHUNK).map((p) => ({ ...p.row, created_by: by, updated_by: by })),
          )),
        );
        await opts.onProgress?.('write', Math.min(i + CHUNK, planned.length), planned.length);
      }
      const idOf = new Map(ids.map((r) => [r.id_number, r.id]));
      const created = planned.map((p) => ({ ...p, id: idOf.get(p.row.id_number)! }));
      const withId = <T extends { woman_id: number }>(rows: T[], id: number) => rows.map((r) => ({ ...r, woman_id: id }));
      await writeHistories(trx, {
        marital: created.flatMap((c) => withId(c.histories.marital, c.id)),
        floating: created.flatMap((c) => withId(c.histories.floating, c.id)),
        hukou: created.flatMap((c) => withId(c.histories.hukou, c.id)),
      });
      // One audit row per batch of cards, listing their ids: a row per card costs more than writing the cards
      // (measured: ~2.7 s of 100,000 audit rows against ~4 s to COPY the cards themselves).
      await recordAudits(
        trx,
        actor,
        chunks(created, AUDIT_BATCH).map((batch) => ({
          action: 'card.import',
          entity: AUDIT_ENTITY,
          entityId: null,
          regionId: actor.scope.regionId > 0 ? actor.scope.regionId : null,
          after: { count: batch.length, ids: batch.map((c) => c.id), villages: countBy(batch.map((c) => c.villageCode)) },
          reason: opts.auditReason ?? null,
        })),
      );
      await insertNewFindings(
        trx,
        created.map((c) => ({ woman_id: c.id, region_id: c.row.region_id, findings: c.findings })),
        today,
      );
      return { ...result, created: created.length, ids: created.map((c) => c.id) };
    });
  } catch (err) {
    // Someone created one of these cards meanwhile: the unique index refused it; say which rows, as a dry run would.
    if ((err as { code?: string })?.code !== '23505') throw err;
    const again = await q.activeCardsByIdNumbers(
      db,
      planned.map((p) => p.row.id_number),
    );
    const taken = new Map(again.map((d) => [d.id_number, d]));
    for (const p of planned) {
      const dup = taken.get(p.row.id_number);
      if (dup) add(p.index, new DuplicateCardError({ ...dup, inScope: codeInScope(actor.scope, dup.village_code), maskedName: maskName(dup.name), maskedId: maskIdNumber(dup.id_number) }));
    }
    if (problems.length === 0) throw err;
    problems.sort((a, b) => a.index - b.index);
    return { ...result, toCreate: 0 };
  }
}
