/**
 * Exit (出队) and re-activation. An exited card stays readable, keeps its history and leaves the statistics and
 * the exception list; its current method ends with reason 'exited' and a pending transfer is withdrawn.
 * Re-activation (with a written reason) undoes exactly that: the method ended by the exit is open again.
 * The nightly job exits women who turned 50 (over_age) in bulk, with one audit row each.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Actor } from '../../../auth/actor.ts';
import { systemActor } from '../../../auth/actor.ts';
import { EXIT_AGE } from '../../../domain/register-person.ts';
import { addYears, ageOn } from '../../../domain/dates.ts';
import { ConflictError, ValidationError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import { getRegionByCode } from '../../regions/service.ts';
import { auditCard } from '../cards/audit.ts';
import { changeCard, todayOf, type WriteOptions } from '../cards/card-write.ts';
import * as cq from '../cards/queries.ts';
import { reopenEpisodesEndedBy, endEpisode } from '../events/queries.ts';
import type { WomanRow } from '../cards/rows.ts';
import { ExitForm, ReactivateForm, type ExitInput } from './schemas.ts';
import { cancelPendingTransfers } from '../transfers/queries.ts';
import * as q from './queries.ts';

export async function exitCard(db: Knex, actor: Actor, womanId: number, input: ExitInput, opts: WriteOptions = {}): Promise<WomanRow> {
  return exitCardParsed(db, actor, womanId, parseForm(ExitForm, input), opts);
}

/** exitCard with values already parsed by the form's schema (the routes parse once, then call this). */
export async function exitCardParsed(db: Knex, actor: Actor, womanId: number, v: z.output<typeof ExitForm>, opts: WriteOptions = {}): Promise<WomanRow> {
  if (v.exit_date > todayOf(opts)) throw ValidationError.field('exit_date', '出队日期不能晚于今天');
  return db.transaction((trx) =>
    changeCard(trx, actor, womanId, { ...opts, fields: ['exit_reason', 'exit_date', 'exit_note'] }, async (woman, data) => {
      if (woman.version !== v.version) throw new ConflictError(`${woman.name} 的信息卡在您打开后已被修改，请核对后重新提交。`, { version: woman.version, changes: [] });
      if (v.exit_date < woman.birth_date) throw ValidationError.field('exit_date', '出队日期早于出生日期');
      const open = data.episodes.find((e) => !e.ended_on);
      if (open && v.exit_date < open.started_on) {
        throw ValidationError.field('exit_date', `出队日期早于在用措施的开始日期 ${open.started_on}`);
      }
      if (open) await endEpisode(trx, open.id, { ended_on: v.exit_date, end_reason: 'exited' });
      const cancelled = await cancelPendingTransfers(trx, woman.id, actor.userId || null, '已出队');
      const updated = (await cq.updateWoman(trx, woman.id, v.version, {
        status: 'exited',
        exit_reason: v.exit_reason,
        exit_date: v.exit_date,
        exit_note: v.exit_note ?? null,
        updated_by: actor.userId || null,
      }))!;
      await auditCard(trx, actor, woman, 'card.exit', {
        before: { status: 'active' },
        after: { status: 'exited', exit_reason: v.exit_reason, exit_date: v.exit_date, method_ended: open?.method ?? null, transfers_cancelled: cancelled },
        reason: v.exit_note ?? null,
      });
      return updated;
    }),
  );
}

export async function reactivateCard(db: Knex, actor: Actor, womanId: number, input: { reason: string; version: number | string }, opts: WriteOptions = {}): Promise<WomanRow> {
  return reactivateCardParsed(db, actor, womanId, parseForm(ReactivateForm, input), opts);
}

/** reactivateCard with values already parsed by the form's schema (the routes parse once, then call this). */
export async function reactivateCardParsed(db: Knex, actor: Actor, womanId: number, v: z.output<typeof ReactivateForm>, opts: WriteOptions = {}): Promise<WomanRow> {
  const today = todayOf(opts);
  return db.transaction((trx) =>
    changeCard(trx, actor, womanId, { ...opts, allowExited: true, evaluateBeforeAsActive: true, fields: ['reason'] }, async (woman) => {
      if (woman.version !== v.version) throw new ConflictError(`${woman.name} 的信息卡在您打开后已被修改，请核对后重新提交。`, { version: woman.version, changes: [] });
      if (woman.status !== 'exited') throw ValidationError.form(`${woman.name} 在册，无需重新激活`);
      const age = ageOn(woman.birth_date, today);
      if (age >= EXIT_AGE) throw ValidationError.form(`${woman.name} 已满 ${age} 周岁，超出育龄范围，不能重新激活`);
      const [other] = await cq.activeCardsByIdNumber(trx, woman.id_number, woman.id);
      if (other) throw ValidationError.form(`该身份证号已在 ${other.township_name} ${other.village_name} 建有在册信息卡，不能重新激活（一人只能有一张在册信息卡）`);
      const village = (await cq.villageById(trx, woman.region_id))!;
      if (!village.active) throw ValidationError.form(`原所在村 ${village.name} 已停用：请先启用该村，或由管理员调整区划后再激活`);
      const reopened = await reopenEpisodesEndedBy(trx, woman.id, woman.exit_date!, 'exited');
      const updated = (await cq.updateWoman(trx, woman.id, v.version, {
        status: 'active',
        exit_reason: null,
        exit_date: null,
        exit_note: null,
        updated_by: actor.userId || null,
      }))!;
      await auditCard(trx, actor, woman, 'card.reactivate', {
        before: { status: 'exited', exit_reason: woman.exit_reason, exit_date: woman.exit_date },
        after: { status: 'active', methods_reopened: reopened },
        reason: v.reason,
      });
      return updated;
    }),
  );
}

/**
 * Exit every active woman who has turned 50 by `today` (exit date: her 50th birthday), in batches, with her
 * method ended, transfers withdrawn, findings removed and an audit row each — by the system acting for her own
 * county (a city or province deployment holds several; one county: always that county). Idempotent.
 */
export async function exitOverAge(db: Knex, today: string, batchSize = 1000): Promise<number> {
  const actors = new Map<string, Actor>();
  const actorOfCounty = async (trx: Knex, code: string): Promise<Actor> => {
    let actor = actors.get(code);
    if (!actor) {
      const county = await getRegionByCode(trx, code);
      // A village always hangs under its county (the tree is validated); the fallback only keeps the job going.
      actor = systemActor(county ?? { id: 0, code, name: '系统' });
      actors.set(code, actor);
    }
    return actor;
  };
  const cutoff = addYears(today, -EXIT_AGE);
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (trx) => {
      const rows = await q.exitOverAgeBatch(trx, cutoff, EXIT_AGE, batchSize);
      if (rows.length === 0) return 0;
      await q.settleOverAgeExits(
        trx,
        rows.map((r) => r.id),
      );
      // One audit row per woman through the audit service (a night usually exits a handful).
      for (const r of rows) {
        await auditCard(trx, await actorOfCounty(trx, r.county_code), r, 'card.exit', {
          before: { status: 'active', id_number: r.id_number },
          after: { status: 'exited', exit_reason: 'over_age', exit_date: r.exit_date },
          reason: '年满50周岁，自动出队（超龄）',
        });
      }
      return rows.length;
    });
    total += n;
    if (n < batchSize) return total;
  }
}
