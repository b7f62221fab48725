/**
 * 长效节育措施落实规则 (issue 13): the county's rule as dated rows. A change is a new row from a date on, never an
 * edit, so births before that date keep the rule they were judged by and earlier figures do not move. Adding one
 * is a transaction with its audit row (the reason required).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import { birthOrderWords, ruleInForce, withinDaysWords } from '../../../domain/long-acting-rules.ts';
import { ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';
import type { LongActingRuleInput } from './schemas.ts';

export type { LongActingRuleRow } from './queries.ts';

export interface LongActingRulesPage {
  rules: q.LongActingRuleRow[];
  /** The rule in force on `today` (undefined only before the first rule). */
  inForce: q.LongActingRuleRow | undefined;
  /** Rules dated after today: entered, not yet in force. */
  upcoming: number;
}

export async function longActingRules(db: Knex, today: string): Promise<LongActingRulesPage> {
  const rules = await q.listRules(db);
  return { rules, inForce: ruleInForce(rules, today), upcoming: rules.filter((r) => r.effective_from > today).length };
}

const duplicate = (date: string) => ValidationError.field('effective_from', `${date} 已有一条规则；规则只能新增、不能修改，请另选生效日期`);

export async function addLongActingRule(db: Knex, actor: Actor, input: LongActingRuleInput): Promise<{ id: number }> {
  return db.transaction(async (trx) => {
    if (await q.ruleDated(trx, input.effective_from)) throw duplicate(input.effective_from);
    const row = {
      effective_from: input.effective_from,
      min_birth_order: input.min_birth_order,
      within_days: input.within_days,
      note: input.note,
      updated_by: actor.userId > 0 ? actor.userId : null,
    };
    const created = await q.insertRule(trx, row).catch((err: unknown) => {
      // Two people adding the same date at once: the unique index answers the second.
      if ((err as { code?: string })?.code === '23505') throw duplicate(input.effective_from);
      throw err;
    });
    await recordAudit(trx, actor, {
      action: 'long_acting_rule.create',
      entity: 'long_acting_rule',
      entityId: created.id,
      after: { ...row, updated_by: undefined, words: `${birthOrderWords(row.min_birth_order)}，${withinDaysWords(row.within_days)}` },
      reason: input.reason,
    });
    return created;
  });
}
