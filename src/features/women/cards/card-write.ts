/**
 * The one way a card changes (DESIGN §5): lock the woman's row, check the caller may write it, evaluate the
 * consistency rules on the card as it is, apply the change, evaluate again; an E finding the change introduced
 * blocks it with a ValidationError naming the conflict (the caller's transaction then rolls back); otherwise the
 * woman's data_findings rows are rewritten in the same transaction.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { codeInScope } from '../../../auth/scope.ts';
import { checkCard, mergeByRule, newErrors, type CardSnapshot, type DuplicateFacts, type Finding } from '../../../domain/consistency.ts';
import { chinaDate, type IsoDate } from '../../../domain/dates.ts';
import { can } from '../../../domain/permissions.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../errors.ts';
import { lockWoman, villageById, womanById } from './queries.ts';
import { replaceFindings } from '../findings/queries.ts';
import type { WomanRow } from './rows.ts';
import { loadCardData, type CardData } from '../snapshot/queries.ts';

export interface WriteOptions {
  /** The business date (China). Defaults to today; routes pass the app clock's date, tests their own. */
  today?: IsoDate;
}

export interface ChangeOptions extends WriteOptions {
  /** Fields of the form being saved: a blocking finding about one of them is shown at that field. */
  fields?: readonly string[];
  /** Exit and re-activation work on exited cards; nothing else does. */
  allowExited?: boolean;
  /** Re-activation: problems the card had before it was exited are not "new" when it comes back. */
  evaluateBeforeAsActive?: boolean;
}

export function todayOf(opts: WriteOptions | undefined): IsoDate {
  return opts?.today ?? chinaDate(new Date());
}

export function snapshotOf(data: CardData, duplicates?: DuplicateFacts[]): CardSnapshot {
  return { ...data, duplicates };
}

/** Township clerks and supervisors write (cards or services); the operator's system actor may too. */
export function assertCanWrite(actor: Actor): void {
  if (actor.userId === 0) return;
  if (!can(actor, 'cards.write') && !can(actor, 'services.write')) throw new ForbiddenError('您的角色不能修改育龄妇女信息卡。');
}

/** Findings as a form error: those about a field of this form at the field, the rest at the top. */
export function findingsError(findings: readonly Finding[], fields: readonly string[] = []): ValidationError {
  const fieldErrors: Record<string, string> = {};
  const formErrors: string[] = [];
  for (const f of findings) {
    if (f.field && fields.includes(f.field) && !fieldErrors[f.field]) fieldErrors[f.field] = f.message;
    else formErrors.push(f.message);
  }
  return new ValidationError(fieldErrors, formErrors);
}

/** The woman's row, locked, if she exists and lies in the actor's scope; 404 otherwise. */
export async function lockCardInScope(trx: Knex, actor: Actor, womanId: number): Promise<WomanRow> {
  const woman = await lockWoman(trx, womanId);
  const village = woman ? await villageById(trx, woman.region_id) : undefined;
  if (!woman || !village || !codeInScope(actor.scope, village.code)) throw new NotFoundError('未找到该育龄妇女信息卡，或不在您的管辖范围内。');
  return woman;
}

/**
 * Re-evaluate a card after a change and store its findings; throw if the change introduced an E finding.
 * `before` is what the card had before the change ([] for a new card).
 */
export async function settleCard(trx: Knex, womanId: number, before: readonly Finding[], opts: ChangeOptions): Promise<Finding[]> {
  const today = todayOf(opts);
  const woman = (await womanById(trx, womanId))!;
  const after = checkCard(snapshotOf(await loadCardData(trx, woman)), today);
  const fresh = newErrors(before, after);
  if (fresh.length > 0) throw findingsError(fresh, opts.fields);
  await replaceFindings(trx, [{ woman_id: woman.id, region_id: woman.region_id, findings: mergeByRule(after) }], today);
  return after;
}

/**
 * Run `change` on a card under the rules. Use inside a transaction (the state API's callers pass theirs).
 * `change` receives the locked row and the card's data as it was.
 */
export async function changeCard<T>(trx: Knex, actor: Actor, womanId: number, opts: ChangeOptions, change: (woman: WomanRow, data: CardData) => Promise<T>): Promise<T> {
  assertCanWrite(actor);
  const woman = await lockCardInScope(trx, actor, womanId);
  if (woman.status !== 'active' && !opts.allowExited) {
    throw ValidationError.form(`${woman.name} 已出队，信息卡只读；如需记录，请先重新激活。`);
  }
  const data = await loadCardData(trx, woman);
  const asIs = opts.evaluateBeforeAsActive ? { ...data, woman: { ...data.woman, status: 'active' as const } } : data;
  const before = checkCard(snapshotOf(asIs), todayOf(opts));
  const result = await change(woman, data);
  await settleCard(trx, womanId, before, opts);
  return result;
}

/** Run fn in a transaction unless already inside one (the state API may be called either way). */
export async function inTransaction<T>(db: Knex, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  if ((db as Knex.Transaction).isTransaction) return fn(db as Knex.Transaction);
  return db.transaction(fn);
}
