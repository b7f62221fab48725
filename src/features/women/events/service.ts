/**
 * The state API of the register, for the services feature (issue 4) and the card's own forms. Each function
 * takes `(trx, actor, womanId, input, opts?)`, may be called inside the caller's transaction (a service row and
 * the state change land together) or with the plain db handle (it then opens its own), and:
 *   - locks the woman's row, answers 404 when she is missing or outside the actor's scope, refuses an exited card;
 *   - validates `input` with the same schema and Chinese messages as the card's forms;
 *   - enforces the E rules of DESIGN §5 (a change that introduces an E finding throws a ValidationError naming
 *     the conflict, so the caller's transaction rolls back);
 *   - writes the audit row (entity 'woman', her id) and rewrites her data_findings rows.
 * `opts.today` is the business date (defaults to today in China).
 *
 *   openEpisode(trx, actor, womanId, { method, started_on, due_on?, notes?, service_id? })
 *       Starts a contraceptive method. An open short-acting method is ended the same day ('switched'); an open
 *       long-acting one must be ended first; refused after a sterilisation unless it ended by reversal (or
 *       failure), and while she is pregnant.
 *   closeEpisode(trx, actor, womanId, { ended_on, end_reason, method?, notes?, end_service_id? })
 *       Ends the current method (e.g. IUD removal: method 'iud', reason 'removed'); refused when none is open
 *       or when the open one is not `method`. A sterilisation ends only by reversal, failure, exit or 'other'.
 *   openPregnancy(trx, actor, womanId, { found_on, lmp_date?, contraceptive_failure?, notes? })
 *       Records a pregnancy. Refused while another is ongoing. When a long-acting method is open it must carry
 *       contraceptive_failure: true, and that episode is closed with reason 'failure' on found_on; an open
 *       short-acting method is closed too.
 *   closePregnancy(trx, actor, womanId, { outcome, outcome_date, notes? })
 *       Ends the ongoing pregnancy with any outcome but a live birth (use recordBirth for that).
 *   recordBirth(trx, actor, womanId, { birth_date, children: [{ sex, name?, birth_order?, policy_status?,
 *       permit_no?, policy_reason?, vital_status?, disability_grade?, death_date? }] })
 *       Creates the child(ren) of one delivery with the proposed birth order and policy status, closes the
 *       ongoing pregnancy as a live birth on that date (if it began before), and renumbers later children.
 *       Returns the children, the closed pregnancy and `gloryCertificate` when a 光荣证 should now be revoked.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Actor } from '../../../auth/actor.ts';
import { pregnancyStart } from '../../../domain/consistency-family.ts';
import { episodeLabel, sterilizationLifted } from '../../../domain/consistency-methods.ts';
import { LONG_ACTING_METHODS, METHOD, TERMINAL_METHODS, label } from '../../../domain/codes.ts';
import { ValidationError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import { auditCard } from '../cards/audit.ts';
import { planBirth, childRowValues, type ChildEntry } from '../children/birth-plan.ts';
import { changeCard, inTransaction, type WriteOptions } from '../cards/card-write.ts';
import { policyContextOf } from '../birth-policy/service.ts';
import * as ev from './queries.ts';
import type { CertificateRow, ChildRow, EpisodeRow, PregnancyRow } from '../cards/rows.ts';
import {
  ChildForm,
  EpisodeCloseForm,
  EpisodeOpenForm,
  PregnancyCloseForm,
  PregnancyOpenForm,
  type ChildInput,
  type EpisodeCloseInput,
  type EpisodeOpenInput,
  type PregnancyCloseInput,
  type PregnancyOpenInput,
} from './schemas.ts';

const isLongActing = (m: string) => (LONG_ACTING_METHODS as readonly string[]).includes(m);
const isTerminal = (m: string) => (TERMINAL_METHODS as readonly string[]).includes(m);

export type OpenEpisodeInput = EpisodeOpenInput & { service_id?: number | null };

/** openEpisode from raw values (the services feature, imports, tests): parsed with EpisodeOpenForm, then as below. */
export async function openEpisode(trx: Knex, actor: Actor, womanId: number, input: OpenEpisodeInput, opts: WriteOptions = {}): Promise<EpisodeRow> {
  return openEpisodeParsed(trx, actor, womanId, { ...input, ...parseForm(EpisodeOpenForm, input) }, opts);
}

/** openEpisode with values already parsed by EpisodeOpenForm (the routes parse once, then call this). */
export async function openEpisodeParsed(
  trx: Knex,
  actor: Actor,
  womanId: number,
  input: z.output<typeof EpisodeOpenForm> & { service_id?: number | null },
  opts: WriteOptions = {},
): Promise<EpisodeRow> {
  const v = input;
  return inTransaction(trx, (t) =>
    changeCard(t, actor, womanId, { ...opts, fields: ['method', 'started_on', 'due_on'] }, async (woman, data) => {
      const sterilization = data.episodes.find((e) => isTerminal(e.method) && !(e.ended_on && sterilizationLifted(e)));
      if (sterilization) {
        throw ValidationError.field('method', `已登记${episodeLabel(sterilization)}：绝育后不能再登记其他措施，如已复通请先登记复通`);
      }
      const pregnant = data.pregnancies.find((p) => p.outcome === 'ongoing');
      if (pregnant) throw ValidationError.field('method', `妊娠中（${pregnancyStart(pregnant)}起）不能登记避孕措施，请先登记妊娠结局`);
      const open = data.episodes.find((e) => !e.ended_on);
      if (open && isLongActing(open.method)) {
        throw ValidationError.field('method', `已有在用的${episodeLabel(open)}，请先结束（取出）该措施再登记新措施`);
      }
      if (open) {
        if (v.started_on < open.started_on) throw ValidationError.field('started_on', `开始日期早于当前措施${episodeLabel(open)}的开始日期`);
        await ev.endEpisode(t, open.id, { ended_on: v.started_on, end_reason: 'switched', end_service_id: input.service_id ?? null });
      }
      const created = await ev.insertEpisode(t, {
        woman_id: woman.id,
        region_id: woman.region_id,
        method: v.method,
        started_on: v.started_on,
        due_on: v.due_on ?? null,
        notes: v.notes ?? null,
        service_id: input.service_id ?? null,
        created_by: actor.userId || null,
      });
      await auditCard(t, actor, woman, 'episode.open', {
        before: open ? { episode_id: open.id, method: open.method, ended_on: v.started_on, end_reason: 'switched' } : undefined,
        after: { episode_id: created.id, method: created.method, started_on: created.started_on, due_on: created.due_on },
      });
      return created;
    }),
  );
}

export type CloseEpisodeInput = EpisodeCloseInput & { method?: string; end_service_id?: number | null; episode_id?: number };

/** closeEpisode from raw values (the services feature, imports, tests): parsed with EpisodeCloseForm, then as below. */
export async function closeEpisode(trx: Knex, actor: Actor, womanId: number, input: CloseEpisodeInput, opts: WriteOptions = {}): Promise<EpisodeRow> {
  return closeEpisodeParsed(trx, actor, womanId, { ...input, ...parseForm(EpisodeCloseForm, input) }, opts);
}

/** closeEpisode with values already parsed by EpisodeCloseForm (the routes parse once, then call this). */
export async function closeEpisodeParsed(
  trx: Knex,
  actor: Actor,
  womanId: number,
  input: z.output<typeof EpisodeCloseForm> & { method?: string; end_service_id?: number | null; episode_id?: number },
  opts: WriteOptions = {},
): Promise<EpisodeRow> {
  const v = input;
  return inTransaction(trx, (t) =>
    changeCard(t, actor, womanId, { ...opts, fields: ['ended_on', 'end_reason'] }, async (woman, data) => {
      const open = data.episodes.find((e) => !e.ended_on && (!input.episode_id || e.id === input.episode_id));
      if (!open) throw ValidationError.form(input.method ? `没有在用的${label(METHOD, input.method)}，无法结束` : '没有在用的避孕措施，无法结束');
      if (input.method && open.method !== input.method) {
        throw ValidationError.form(`当前在用的是${episodeLabel(open)}，不是${label(METHOD, input.method)}`);
      }
      if (v.ended_on < open.started_on) throw ValidationError.field('ended_on', `结束日期早于开始日期 ${open.started_on}`);
      if (isTerminal(open.method) && !['reversal', 'failure', 'exited', 'other'].includes(v.end_reason)) {
        throw ValidationError.field('end_reason', '绝育只能因复通、失败、出队或其他原因结束');
      }
      const ended = await ev.endEpisode(t, open.id, {
        ended_on: v.ended_on,
        end_reason: v.end_reason,
        end_service_id: input.end_service_id ?? null,
        notes: v.notes ?? open.notes,
      });
      await auditCard(t, actor, woman, 'episode.close', {
        after: { episode_id: open.id, method: open.method, ended_on: v.ended_on, end_reason: v.end_reason },
      });
      return ended;
    }),
  );
}

export type OpenPregnancyInput = PregnancyOpenInput;

/** openPregnancy from raw values (the services feature, imports, tests): parsed with PregnancyOpenForm, then as below. */
export async function openPregnancy(trx: Knex, actor: Actor, womanId: number, input: OpenPregnancyInput, opts: WriteOptions = {}): Promise<PregnancyRow> {
  return openPregnancyParsed(trx, actor, womanId, { ...input, ...parseForm(PregnancyOpenForm, input) }, opts);
}

/** openPregnancy with values already parsed by PregnancyOpenForm (the routes parse once, then call this). */
export async function openPregnancyParsed(trx: Knex, actor: Actor, womanId: number, input: z.output<typeof PregnancyOpenForm>, opts: WriteOptions = {}): Promise<PregnancyRow> {
  const v = input;
  return inTransaction(trx, (t) =>
    changeCard(t, actor, womanId, { ...opts, fields: ['found_on', 'lmp_date', 'contraceptive_failure'] }, async (woman, data) => {
      const ongoing = data.pregnancies.find((p) => p.outcome === 'ongoing');
      if (ongoing) throw ValidationError.field('found_on', `已有妊娠中的孕情（${ongoing.found_on} 发现），请先登记其结局`);
      const open = data.episodes.find((e) => !e.ended_on);
      if (open && isLongActing(open.method) && !v.contraceptive_failure) {
        throw ValidationError.field('contraceptive_failure', `怀孕时${episodeLabel(open)}在用：须勾选“避孕失败”，该措施将以“避孕失败”结束`);
      }
      if (open && v.found_on < open.started_on) {
        throw ValidationError.field('found_on', `发现日期早于在用措施${episodeLabel(open)}的开始日期`);
      }
      if (open) {
        await ev.endEpisode(t, open.id, { ended_on: v.found_on, end_reason: v.contraceptive_failure ? 'failure' : 'stopped' });
      }
      const created = await ev.insertPregnancy(t, {
        woman_id: woman.id,
        region_id: woman.region_id,
        found_on: v.found_on,
        lmp_date: v.lmp_date ?? null,
        contraceptive_failure: v.contraceptive_failure,
        failure_method: v.contraceptive_failure && open ? open.method : null,
        notes: v.notes ?? null,
        created_by: actor.userId || null,
      });
      await auditCard(t, actor, woman, 'pregnancy.open', {
        before: open ? { episode_id: open.id, method: open.method, ended_on: v.found_on } : undefined,
        after: { pregnancy_id: created.id, found_on: created.found_on, lmp_date: created.lmp_date, contraceptive_failure: created.contraceptive_failure },
      });
      return created;
    }),
  );
}

export type ClosePregnancyInput = PregnancyCloseInput & { pregnancy_id?: number };

/** closePregnancy from raw values (the services feature, imports, tests): parsed with PregnancyCloseForm, then as below. */
export async function closePregnancy(trx: Knex, actor: Actor, womanId: number, input: ClosePregnancyInput, opts: WriteOptions = {}): Promise<PregnancyRow> {
  return closePregnancyParsed(trx, actor, womanId, { ...input, ...parseForm(PregnancyCloseForm, input) }, opts);
}

/** closePregnancy with values already parsed by PregnancyCloseForm (the routes parse once, then call this). */
export async function closePregnancyParsed(
  trx: Knex,
  actor: Actor,
  womanId: number,
  input: z.output<typeof PregnancyCloseForm> & { pregnancy_id?: number },
  opts: WriteOptions = {},
): Promise<PregnancyRow> {
  const v = input;
  if (v.outcome === 'ongoing') throw ValidationError.field('outcome', '请选择妊娠结局');
  if (v.outcome === 'live_birth') throw ValidationError.field('outcome', '活产请使用“登记出生”，同时登记出生的子女');
  return inTransaction(trx, (t) =>
    changeCard(t, actor, womanId, { ...opts, fields: ['outcome', 'outcome_date'] }, async (woman, data) => {
      const ongoing = data.pregnancies.find((p) => p.outcome === 'ongoing' && (!input.pregnancy_id || p.id === input.pregnancy_id));
      if (!ongoing) throw ValidationError.form('没有妊娠中的孕情，无法登记结局');
      if (v.outcome_date < ongoing.found_on) throw ValidationError.field('outcome_date', `结局日期早于孕情发现日期 ${ongoing.found_on}`);
      const closed = await ev.updatePregnancy(t, ongoing.id, { outcome: v.outcome, outcome_date: v.outcome_date, notes: v.notes ?? ongoing.notes });
      await auditCard(t, actor, woman, 'pregnancy.close', { after: { pregnancy_id: ongoing.id, outcome: v.outcome, outcome_date: v.outcome_date } });
      return closed;
    }),
  );
}

export interface RecordBirthInput {
  birth_date: string;
  children: Omit<ChildInput, 'birth_date'>[];
}

export interface BirthResult {
  children: ChildRow[];
  pregnancy?: PregnancyRow;
  /** A 独生子女父母光荣证 still valid although two or more children now live: prompt its revocation. */
  gloryCertificate?: CertificateRow;
}

export async function recordBirth(trx: Knex, actor: Actor, womanId: number, input: RecordBirthInput, opts: WriteOptions & { fields?: string[] } = {}): Promise<BirthResult> {
  if (!input.children?.length) throw ValidationError.form('请至少登记一名出生的子女');
  const entries: ChildEntry[] = input.children.map((c) => parseForm(ChildForm, { ...c, birth_date: input.birth_date }));
  return inTransaction(trx, (t) =>
    changeCard(t, actor, womanId, { ...opts, fields: opts.fields ?? ['birth_date', 'birth_order', 'policy_status', 'policy_reason', 'death_date'] }, async (woman, data) => {
      const plan = planBirth(data.children, entries, await policyContextOf(t, woman));
      const ongoing = data.pregnancies.find((p) => p.outcome === 'ongoing');
      let pregnancy: PregnancyRow | undefined;
      if (ongoing && input.birth_date >= pregnancyStart(ongoing)) {
        pregnancy = await ev.updatePregnancy(t, ongoing.id, { outcome: 'live_birth', outcome_date: entries[0].birth_date });
      } else {
        pregnancy = data.pregnancies.find((p) => p.outcome === 'live_birth' && p.outcome_date === entries[0].birth_date);
      }
      for (const r of plan.renumber) await ev.updateChild(t, r.id, null, { birth_order: r.birth_order });
      const children = await ev.insertChildren(
        t,
        plan.planned.map((p) => ({ ...childRowValues(p), woman_id: woman.id, region_id: woman.region_id, pregnancy_id: pregnancy?.id ?? null, created_by: actor.userId || null })),
      );
      await auditCard(t, actor, woman, 'birth.record', {
        before: plan.renumber.length ? { renumbered: plan.renumber } : undefined,
        after: {
          pregnancy_id: pregnancy?.id ?? null,
          pregnancy_closed: pregnancy?.id === ongoing?.id && !!ongoing,
          children: children.map((c) => ({ child_id: c.id, name: c.name, sex: c.sex, birth_date: c.birth_date, birth_order: c.birth_order, policy_status: c.policy_status })),
        },
      });
      const living = data.children.filter((c) => c.vital_status !== 'deceased').length + children.filter((c) => c.vital_status !== 'deceased').length;
      const gloryCertificate = living >= 2 ? data.certificates.find((c) => c.kind === 'only_child_glory' && !c.revoked_on) : undefined;
      return { children, pregnancy, gloryCertificate };
    }),
  );
}
