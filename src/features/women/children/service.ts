/**
 * Children on a card. Adding a child is recording a birth (state.ts recordBirth): it closes the ongoing
 * pregnancy when the birth follows its start, and proposes birth order and policy status. Editing a child
 * re-plans the orders of all her children (a corrected date can move a child) under the same rules.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Actor } from '../../../auth/actor.ts';
import { ConflictError, NotFoundError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import { auditCard } from '../cards/audit.ts';
import { childRowValues, planBirth } from './birth-plan.ts';
import { changeCard, type WriteOptions } from '../cards/card-write.ts';
import { policyContextOf, policyRulesInUse } from '../birth-policy/service.ts';
import * as ev from '../events/queries.ts';
import type { ChildRow } from '../cards/rows.ts';
import { ChildForm, ChildUpdateForm, type ChildInput, type ChildUpdateInput } from '../events/schemas.ts';
import { recordBirth, type BirthResult } from '../events/service.ts';

export const CHILD_FIELDS = ['name', 'sex', 'birth_date', 'birth_order', 'policy_status', 'permit_no', 'policy_reason', 'vital_status', 'disability_grade', 'death_date'];

/** Add one child (a birth); a twin is added the same way with the same birth date. */
export async function addChild(db: Knex, actor: Actor, womanId: number, input: ChildInput, opts: WriteOptions = {}): Promise<BirthResult> {
  return addChildParsed(db, actor, womanId, parseForm(ChildForm, input), opts);
}

/** addChild with values already parsed by the form's schema (the routes parse once, then call this). */
export async function addChildParsed(db: Knex, actor: Actor, womanId: number, v: z.output<typeof ChildForm>, opts: WriteOptions = {}): Promise<BirthResult> {
  const { birth_date, ...child } = v;
  return recordBirth(db, actor, womanId, { birth_date, children: [child] }, { ...opts, fields: CHILD_FIELDS });
}

export async function updateChild(db: Knex, actor: Actor, womanId: number, childId: number, input: ChildUpdateInput, opts: WriteOptions = {}): Promise<ChildRow> {
  return updateChildParsed(db, actor, womanId, childId, parseForm(ChildUpdateForm, input), opts);
}

/** updateChild with values already parsed by the form's schema (the routes parse once, then call this). */
export async function updateChildParsed(db: Knex, actor: Actor, womanId: number, childId: number, v: z.output<typeof ChildUpdateForm>, opts: WriteOptions = {}): Promise<ChildRow> {
  return db.transaction((trx) =>
    changeCard(trx, actor, womanId, { ...opts, fields: CHILD_FIELDS }, async (woman, data) => {
      const child = data.children.find((c) => c.id === childId);
      if (!child) throw new NotFoundError('未找到该子女记录。');
      if (child.version !== v.version) {
        throw new ConflictError('该子女记录在您打开后已被他人修改，您的更改未保存。请核对后重新提交。', { version: child.version, changes: [] });
      }
      // The order follows from the dates; what the form showed is not an instruction.
      const { version: _version, birth_order: _order, ...entry } = v;
      const plan = planBirth(data.children, [entry], await policyContextOf(trx, woman), childId);
      const values = childRowValues(plan.planned[0]);
      const updated = await ev.updateChild(trx, childId, v.version, values);
      if (!updated) throw new ConflictError('该子女记录已被他人修改，请刷新后重试。');
      for (const r of plan.renumber) await ev.updateChild(trx, r.id, null, { birth_order: r.birth_order });
      const before = Object.fromEntries(Object.keys(values).map((k) => [k, (child as unknown as Record<string, unknown>)[k] ?? null]));
      const changed = Object.keys(values).filter((k) => String(before[k] ?? '') !== String((values as Record<string, unknown>)[k] ?? ''));
      await auditCard(trx, actor, woman, 'child.update', {
        before: { child_id: childId, ...Object.fromEntries(changed.map((k) => [k, before[k]])) },
        after: { child_id: childId, ...Object.fromEntries(changed.map((k) => [k, (values as Record<string, unknown>)[k]])), renumbered: plan.renumber.length ? plan.renumber : undefined },
      });
      return updated;
    }),
  );
}

/** The birth-policy rules the county decides with (its rule set and the national rules), for the child form. */
export async function listBirthPolicies(db: Knex) {
  return policyRulesInUse(db);
}
