/**
 * Births decided with the county's couple-level rule set: a rural couple whose first child is a girl may have a
 * second child in 2010 under the example province and not under the national rules; 双独 only when both facts
 * are 是; the choice of set is audited with its reason; stored children keep the status decided at entry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { ValidationError } from '../../../src/errors.ts';
import { importKind, readTable } from '../../../src/features/imports/service.ts';
import { addChild, chooseRuleSet, chosenRuleSetCode, updateCard, updateChild } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { makeUser, seedWorld, type World } from '../../helpers/fixtures.ts';
import { must } from '../../helpers/must.ts';
import { rejection } from '../../helpers/rejection.ts';
import { actorFor, cardInput, makeCard, TODAY, townshipClerks, womanId } from '../../helpers/women.ts';

const opts = { today: TODAY };

describe('births decided with the county rule set', () => {
  const t = useTestDatabase();
  let w: World;
  let clerk: Actor;
  let admin: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA: clerk } = await townshipClerks(t.db, w));
    admin = actorFor(await makeUser(t.db, { role: 'admin', regionId: w.county.id }), w.county);
  });

  const useSet = (rule_set: string) => chooseRuleSet(t.db, admin, { rule_set, reason: '测试' });

  /** A rural (农业户口) mother, married 2005, whose first child (2006) is a girl, and her second child born 2010. */
  async function secondChild2010(overrides: Parameters<typeof makeCard>[3] = {}) {
    const woman = await makeCard(t.db, clerk, w.villageA1.code, { id_number: womanId('1982-05-12'), hukou_kind: 'agricultural', marriage_date: '2005-01-01', ...overrides });
    await addChild(t.db, clerk, woman.id, { sex: 'female', birth_date: '2006-03-01', vital_status: 'living' }, opts);
    const r = await addChild(t.db, clerk, woman.id, { sex: 'male', birth_date: '2010-06-01', vital_status: 'living' }, opts);
    return r.children[0];
  }

  it('一孩半: a rural couple whose first child is a girl — 符合政策 under the example province, 不符合政策 under the national set', async () => {
    await useSet('example_province');
    expect(await secondChild2010()).toMatchObject({ birth_order: 2, policy_status: 'compliant', policy_proposed: 'compliant' });
    await useSet('national');
    expect(await secondChild2010()).toMatchObject({ birth_order: 2, policy_status: 'non_compliant', policy_proposed: 'non_compliant' });
    // An urban couple under the example province: no.
    await useSet('example_province');
    expect(await secondChild2010({ hukou_kind: 'non_agricultural' })).toMatchObject({ policy_status: 'non_compliant' });
  });

  it('双独 only when both spouses are known only children; an override names the rule and the missing fact', async () => {
    await useSet('example_province');
    const both = await makeCard(t.db, clerk, w.villageA1.code, {
      id_number: womanId('1982-05-12'),
      hukou_kind: 'non_agricultural',
      marriage_date: '2005-01-01',
      only_child: true,
      spouse_only_child: true,
    });
    await addChild(t.db, clerk, both.id, { sex: 'male', birth_date: '2006-03-01', vital_status: 'living' }, opts);
    expect((await addChild(t.db, clerk, both.id, { sex: 'male', birth_date: '2009-03-01', vital_status: 'living' }, opts)).children[0]).toMatchObject({ policy_status: 'compliant' });

    const one = await makeCard(t.db, clerk, w.villageA1.code, { id_number: womanId('1982-05-12'), hukou_kind: 'non_agricultural', marriage_date: '2005-01-01', only_child: true });
    await addChild(t.db, clerk, one.id, { sex: 'male', birth_date: '2006-03-01', vital_status: 'living' }, opts);
    // Choosing 符合政策 without a permit or reason is refused with the proposal's explanation: the missing fact.
    const second = { sex: 'male', birth_date: '2009-03-01', vital_status: 'living' } as const;
    const err = await rejection(addChild(t.db, clerk, one.id, { ...second, policy_status: 'compliant' }, opts), ValidationError);
    expect(err.fieldErrors.policy_reason).toContain('如夫妻双方均为独生子女可生育 2 个孩子，请在信息卡补填“本人是否独生子女”和“配偶是否独生子女”');
    const saved = (await addChild(t.db, clerk, one.id, second, opts)).children[0];
    expect(saved).toMatchObject({ policy_status: 'non_compliant', policy_proposed: 'non_compliant' });

    // The spouse's fact filled in (是) on the card: the stored child keeps its status until it is edited, then
    // the proposal is 符合政策.
    const card = must(await t.db('women').where({ id: one.id }).first(), 'card');
    const fields = cardInput(w.villageA1.code, { id_number: card.id_number, spouse_id_number: card.spouse_id_number ?? undefined, hukou_kind: 'non_agricultural', marriage_date: '2005-01-01' });
    await updateCard(t.db, clerk, one.id, { ...fields, only_child: 'true', spouse_only_child: '是', version: card.version }, opts);
    expect(must(await t.db('women').where({ id: one.id }).first(), 'card')).toMatchObject({ only_child: true, spouse_only_child: true });
    expect(must(await t.db('children').where({ id: saved.id }).first(), 'child').policy_status).toBe('non_compliant');
    const edited = await updateChild(t.db, clerk, one.id, saved.id, { ...second, version: saved.version }, opts);
    expect(edited).toMatchObject({ policy_status: 'compliant', policy_proposed: 'compliant' });
  });

  it('the children import proposes with the same rules (一孩半 under the example province)', async () => {
    const header = '母亲身份证号,子女姓名,性别,出生日期,孩次,政策属性,生育证号';
    const importFor = async (rule_set: string) => {
      await useSet(rule_set);
      const mother = await makeCard(t.db, clerk, w.villageA2.code, { id_number: womanId('1982-05-12'), hukou_kind: 'agricultural', marriage_date: '2005-01-01' });
      const csv = [header, `${mother.id_number},大妞,女,2006-03-01,,,`, `${mother.id_number},二小,男,2010-06-01,,,`].join('\n');
      const table = await readTable(Buffer.from(csv), 'children.csv');
      const r = await importKind('children')!.run(t.db, clerk, table, { now: new Date('2026-03-15T02:00:00Z'), dryRun: false, fileName: 'children.csv' });
      expect(r).toMatchObject({ problems: [], written: 2 });
      return t.db('children').where({ woman_id: mother.id }).orderBy('birth_order').select('birth_order', 'policy_status', 'policy_proposed');
    };
    expect(await importFor('example_province')).toEqual([
      { birth_order: 1, policy_status: 'compliant', policy_proposed: 'compliant' },
      { birth_order: 2, policy_status: 'compliant', policy_proposed: 'compliant' },
    ]);
    expect((await importFor('national'))[1]).toEqual({ birth_order: 2, policy_status: 'non_compliant', policy_proposed: 'non_compliant' });
  });

  it('the choice is a county setting, audited with the reason; an unknown set is refused at the field', async () => {
    await useSet('national');
    await chooseRuleSet(t.db, admin, { rule_set: 'example_province', reason: '执行本省条例' });
    expect(await chosenRuleSetCode(t.db)).toBe('example_province');
    const row = must(await t.db('audit_log').where({ action: 'birth_policy.choose' }).orderBy('id', 'desc').first(), 'audit');
    expect(row).toMatchObject({ user_id: admin.userId, entity: 'county_setting', reason: '执行本省条例', before: { rule_set: 'national' }, after: { rule_set: 'example_province' } });
    const err = await rejection(chooseRuleSet(t.db, admin, { rule_set: 'atlantis', reason: '测试' }), ValidationError);
    expect(err.fieldErrors.rule_set).toBe('生育政策规则集不是有效选项，请从列表中选择');
    expect(await chosenRuleSetCode(t.db)).toBe('example_province');
  });
});
