/**
 * Moving a card (迁入/迁出, domain-notes C2: a move is a transfer, never a new card). Inside the township it is
 * one transaction: the card changes village and the transfer is recorded as accepted. To another township it is
 * pending until that township accepts; the card shows 迁移中 meanwhile and still belongs to the sender. A
 * township that finds her ID active elsewhere may ask for her instead (initiated by the destination); then the
 * township holding the card accepts. Events keep the village where they happened, so history is not rewritten.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Actor } from '../../../auth/actor.ts';
import { codeInScope } from '../../../auth/scope.ts';
import { checkCard } from '../../../domain/consistency.ts';
import { can } from '../../../domain/permissions.ts';
import { parseIdNumber, idNumberMessage } from '../../../domain/id-number.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import { auditCard } from '../cards/audit.ts';
import { assertCanWrite, changeCard, settleCard, snapshotOf, todayOf, type WriteOptions } from '../cards/card-write.ts';
import * as cq from '../cards/queries.ts';
import { writableVillage } from '../cards/service.ts';
import type { TransferRow, WomanRow } from '../cards/rows.ts';
import { TransferDecisionForm, TransferForm, TransferRequestForm, type TransferInput, type TransferRequestInput } from './schemas.ts';
import { loadCardData } from '../snapshot/queries.ts';
import * as q from './queries.ts';

export interface MoveResult {
  transfer: TransferRow;
  /** True when the card moved at once (same township); false when it waits for the other township. */
  moved: boolean;
  to: cq.VillageRef;
}

function assertCanSend(actor: Actor) {
  if (actor.userId !== 0 && !can(actor, 'transfers.send')) throw new ForbiddenError('您的角色不能办理迁移。');
}

export async function moveCard(db: Knex, actor: Actor, womanId: number, input: TransferInput, opts: WriteOptions = {}): Promise<MoveResult> {
  assertCanSend(actor);
  return moveCardParsed(db, actor, womanId, parseForm(TransferForm, input), opts);
}

/** moveCard with values already parsed by the form's schema (the routes parse once, then call this). */
export async function moveCardParsed(db: Knex, actor: Actor, womanId: number, v: z.output<typeof TransferForm>, opts: WriteOptions = {}): Promise<MoveResult> {
  assertCanSend(actor);
  if (v.moved_on > todayOf(opts)) throw ValidationError.field('moved_on', '迁移日期不能晚于今天');
  return db.transaction((trx) =>
    changeCard(trx, actor, womanId, { ...opts, fields: ['village', 'moved_on'] }, async (woman) => {
      const to = await cq.villageByCode(trx, v.village);
      if (!to) throw ValidationError.field('village', '未找到该村(社区)');
      if (!to.active) throw ValidationError.field('village', `${to.name} 已停用`);
      if (to.id === woman.region_id) throw ValidationError.field('village', `她已在 ${to.name}`);
      const pending = await q.pendingTransferOf(trx, woman.id);
      if (pending) throw ValidationError.form('已有待处理的迁移，请等待对方处理或先撤回。');
      const from = (await cq.villageById(trx, woman.region_id))!;
      const moved = codeInScope(actor.scope, to.code);
      const transfer = await q.insertTransfer(trx, {
        woman_id: woman.id,
        from_region_id: woman.region_id,
        to_region_id: to.id,
        status: moved ? 'accepted' : 'pending',
        initiated_by: 'origin',
        moved_on: v.moved_on,
        reason: v.reason ?? null,
        decided_by: moved ? actor.userId || null : null,
        decided_at: moved ? new Date() : null,
        created_by: actor.userId || null,
      });
      if (moved) await cq.patchWoman(trx, woman.id, { region_id: to.id, updated_by: actor.userId || null });
      await auditCard(trx, actor, woman, moved ? 'card.transfer' : 'card.transfer_send', {
        before: { village: from.code, village_name: from.name },
        after: { village: to.code, village_name: to.name, township: to.township_name, moved_on: v.moved_on, transfer_id: transfer.id },
        reason: v.reason ?? null,
      });
      return { transfer, moved, to };
    }),
  );
}

/** Ask another township for a woman whose card is active there (she now lives here). */
export async function requestTransfer(db: Knex, actor: Actor, input: TransferRequestInput, opts: WriteOptions = {}): Promise<TransferRow> {
  assertCanSend(actor);
  assertCanWrite(actor);
  return requestTransferParsed(db, actor, parseForm(TransferRequestForm, input), opts);
}

/** requestTransfer with values already parsed by the form's schema (the routes parse once, then call this). */
export async function requestTransferParsed(db: Knex, actor: Actor, v: z.output<typeof TransferRequestForm>, opts: WriteOptions = {}): Promise<TransferRow> {
  assertCanSend(actor);
  assertCanWrite(actor);
  const parsed = parseIdNumber(v.id_number, todayOf(opts));
  if (!parsed.ok) throw ValidationError.field('id_number', idNumberMessage(parsed.problem));
  if (v.moved_on > todayOf(opts)) throw ValidationError.field('moved_on', '迁入日期不能晚于今天');
  const to = await writableVillage(db, actor, v.village);
  return db.transaction(async (trx) => {
    const [card] = await cq.activeCardsByIdNumber(trx, parsed.info.idNumber);
    if (!card) throw ValidationError.field('id_number', '没有该身份证号的在册信息卡，请直接新建信息卡');
    if (codeInScope(actor.scope, card.village_code)) throw ValidationError.field('id_number', `她已在本乡镇 ${card.village_name} 在册，无需申请迁入`);
    const woman = (await cq.lockWoman(trx, card.id))!;
    if (await q.pendingTransferOf(trx, woman.id)) throw ValidationError.form('她已有待处理的迁移，请等待对方乡镇处理。');
    const transfer = await q.insertTransfer(trx, {
      woman_id: woman.id,
      from_region_id: woman.region_id,
      to_region_id: to.id,
      status: 'pending',
      initiated_by: 'destination',
      moved_on: v.moved_on,
      reason: v.reason ?? null,
      created_by: actor.userId || null,
    });
    await auditCard(trx, actor, { id: woman.id, region_id: to.id }, 'card.transfer_request', {
      after: { from_village: card.village_name, from_township: card.township_name, village: to.code, village_name: to.name, transfer_id: transfer.id },
      reason: v.reason ?? null,
    });
    return transfer;
  });
}

/** The township that must decide a pending transfer: the one that did not start it. */
async function transferForDecision(trx: Knex, actor: Actor, id: number, side: 'decider' | 'initiator') {
  const transfer = await q.findTransfer(trx, id);
  if (!transfer) throw new NotFoundError('未找到该迁移记录。');
  const from = (await cq.villageById(trx, transfer.from_region_id))!;
  const to = (await cq.villageById(trx, transfer.to_region_id))!;
  const deciderCode = transfer.initiated_by === 'origin' ? to.code : from.code;
  const initiatorCode = transfer.initiated_by === 'origin' ? from.code : to.code;
  if (!codeInScope(actor.scope, side === 'decider' ? deciderCode : initiatorCode)) throw new NotFoundError('未找到该迁移记录，或不由您处理。');
  if (transfer.status !== 'pending') throw ValidationError.form('该迁移已处理，不能再更改。');
  const woman = (await cq.lockWoman(trx, transfer.woman_id))!;
  // Audit rows of a decision are filed in the deciding township's village, so its own log shows them.
  const mine = { id: woman.id, region_id: codeInScope(actor.scope, to.code) ? to.id : from.id };
  return { transfer, from, to, woman, mine };
}

export async function acceptTransfer(
  db: Knex,
  actor: Actor,
  transferId: number,
  input: { village?: string; note?: string } = {},
  opts: WriteOptions = {},
): Promise<{ transfer: TransferRow; woman: WomanRow }> {
  assertCanSend(actor);
  return acceptTransferParsed(db, actor, transferId, parseForm(TransferDecisionForm, input), opts);
}

/** acceptTransfer with values already parsed by the form's schema (the routes parse once, then call this). */
export async function acceptTransferParsed(
  db: Knex,
  actor: Actor,
  transferId: number,
  v: z.output<typeof TransferDecisionForm>,
  opts: WriteOptions = {},
): Promise<{ transfer: TransferRow; woman: WomanRow }> {
  assertCanSend(actor);
  return db.transaction(async (trx) => {
    const { transfer, from, to, woman } = await transferForDecision(trx, actor, transferId, 'decider');
    if (woman.status !== 'active' || woman.region_id !== transfer.from_region_id) throw ValidationError.form('该信息卡已出队或已迁走，迁移不能接收。');
    // The receiving township may place her in another of its villages than the sender guessed.
    const target = transfer.initiated_by === 'origin' && v.village ? await writableVillage(trx, actor, v.village) : to;
    const before = checkCard(snapshotOf(await loadCardData(trx, woman)), todayOf(opts));
    const decided = (await q.decideTransfer(trx, transfer.id, {
      status: 'accepted',
      to_region_id: target.id,
      decided_by: actor.userId || null,
      decided_at: new Date(),
      decision_note: v.note ?? null,
    }))!;
    const moved = await cq.patchWoman(trx, woman.id, { region_id: target.id, updated_by: actor.userId || null });
    await auditCard(trx, actor, { id: woman.id, region_id: target.id }, 'card.transfer_accept', {
      before: { village: from.code, village_name: from.name, township: from.township_name },
      after: { village: target.code, village_name: target.name, township: target.township_name, transfer_id: transfer.id },
      reason: v.note ?? null,
    });
    await settleCard(trx, woman.id, before, opts);
    return { transfer: decided, woman: moved };
  });
}

export async function rejectTransfer(db: Knex, actor: Actor, transferId: number, input: { note?: string }): Promise<TransferRow> {
  assertCanSend(actor);
  return rejectTransferParsed(db, actor, transferId, parseForm(TransferDecisionForm, input));
}

/** rejectTransfer with values already parsed by the form's schema (the routes parse once, then call this). */
export async function rejectTransferParsed(db: Knex, actor: Actor, transferId: number, v: z.output<typeof TransferDecisionForm>): Promise<TransferRow> {
  assertCanSend(actor);
  if (!v.note) throw ValidationError.field('note', '请填写拒收原因');
  return db.transaction(async (trx) => {
    const { transfer, mine } = await transferForDecision(trx, actor, transferId, 'decider');
    const decided = (await q.decideTransfer(trx, transfer.id, { status: 'rejected', decided_by: actor.userId || null, decided_at: new Date(), decision_note: v.note }))!;
    await auditCard(trx, actor, mine, 'card.transfer_reject', {
      after: { transfer_id: transfer.id },
      reason: v.note,
    });
    return decided;
  });
}

export async function cancelTransfer(db: Knex, actor: Actor, transferId: number): Promise<TransferRow> {
  assertCanSend(actor);
  return db.transaction(async (trx) => {
    const { transfer, mine } = await transferForDecision(trx, actor, transferId, 'initiator');
    const decided = (await q.decideTransfer(trx, transfer.id, { status: 'cancelled', decided_by: actor.userId || null, decided_at: new Date(), decision_note: '发起方撤回' }))!;
    await auditCard(trx, actor, mine, 'card.transfer_cancel', { after: { transfer_id: transfer.id } });
    return decided;
  });
}

export const pendingTransfersFor = q.pendingTransfersFor;
export const transfersOfWoman = q.transfersOfWoman;
export const pendingTransferOf = q.pendingTransferOf;
export const countIncomingTransfers = q.countIncomingTransfers;
