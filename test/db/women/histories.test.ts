/**
 * Status histories written by the register: a new card gets the events of the state entered, an edit that changes
 * a status records the event of that change at the date the form gives (required, checked), an undated event can
 * be dated, and the undated ones are listed within the scope.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import { ValidationError } from '../../../src/errors.ts';
import { createCard, dateEvent, formValuesOf, historiesOf, undatedRoster, updateCard } from '../../../src/features/women/service.ts';
import type { WomanRow } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import { cardInput, makeCard, TODAY, townshipClerks } from '../../helpers/women.ts';
import { rejection } from '../../helpers/rejection.ts';
import { insertWoman } from '../../helpers/records.ts';
import type { CardInput } from '../../../src/features/women/service.ts';

const opts = { today: TODAY };

describe('status histories', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  let clerkB: Actor;

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA, clerkB } = await townshipClerks(t.db, w));
  });

  const kinds = async (id: number) => {
    const h = await historiesOf(t.db, id);
    return {
      marital: h.marital.map((e) => [e.kind, e.effective_on, e.undated]),
      floating: h.floating.map((e) => [e.kind, e.effective_on, e.undated]),
      hukou: h.hukou.map((e) => [e.whose, e.hukou_kind, e.effective_on]),
    };
  };

  /** The card's saved values with some changed: what the edit form posts. */
  const edit = (card: WomanRow, changes: Partial<CardInput> & Record<string, string>) =>
    updateCard(t.db, clerkA, card.id, { ...(formValuesOf({ ...card, village_code: w.villageA1.code }) as unknown as CardInput), version: card.version, ...changes }, opts);

  it('a new card: its marriage, a current outflow, the hukou kinds as registered, and registered_on today by default', async () => {
    const card = await makeCard(t.db, clerkA, w.villageA1.code, { migrant_status: 'outflow', migrant_place: '广东省东莞市', migrant_since: '2024-05-01' });
    expect(card.registered_on).toBe(TODAY);
    expect(await kinds(card.id)).toEqual({
      marital: [['first_marriage', '2013-10-01', false]],
      floating: [['outflow', '2024-05-01', false]],
      hukou: [
        ['spouse', 'agricultural', null],
        ['woman', 'agricultural', null],
      ],
    });
    const [spouse] = (await historiesOf(t.db, card.id)).marital;
    expect(spouse).toMatchObject({ spouse_name: '李建国', created_by: clerkA.userId });
  });

  it('a new divorced card: the divorce at 离婚/丧偶日期, or undated at today when it is left blank', async () => {
    const dated = await makeCard(t.db, clerkA, w.villageA1.code, { marital_status: 'divorced', marital_changed_on: '2020-04-01', registered_on: '2019-01-01' });
    expect(dated.registered_on).toBe('2019-01-01');
    expect((await kinds(dated.id)).marital).toEqual([
      ['first_marriage', '2013-10-01', false],
      ['divorce', '2020-04-01', false],
    ]);
    const blank = await makeCard(t.db, clerkA, w.villageA1.code, { marital_status: 'widowed' });
    expect((await kinds(blank.id)).marital).toEqual([
      ['first_marriage', '2013-10-01', false],
      ['widowed', TODAY, true],
    ]);
    const early = await rejection(makeCard(t.db, clerkA, w.villageA1.code, { marital_status: 'divorced', marital_changed_on: '2013-09-30' }), ValidationError);
    expect(early.fieldErrors.marital_changed_on).toBe('变更日期 2013-09-30 早于上一次变动的日期 2013-10-01，请按时间顺序登记');
  });

  it('refuses 建卡/迁入日期 after today or before her birth, and writes nothing', async () => {
    const before = await t.db('women').count<{ n: number }[]>({ n: '*' });
    const future = await rejection(createCard(t.db, clerkA, cardInput(w.villageA1.code, { registered_on: '2026-03-16' }), opts), ValidationError);
    expect(future.fieldErrors.registered_on).toBe('建卡/迁入日期 2026-03-16 晚于今天');
    const unborn = await rejection(createCard(t.db, clerkA, cardInput(w.villageA1.code, { registered_on: '1990-01-01' }), opts), ValidationError);
    expect(unborn.fieldErrors.registered_on).toBe('建卡/迁入日期 1990-01-01 早于出生日期 1990-05-12');
    expect(await t.db('women').count<{ n: number }[]>({ n: '*' })).toEqual(before);
  });

  it('an edit records the change at the date the form gives, and asks for it when missing', async () => {
    const card = await makeCard(t.db, clerkA, w.villageA1.code);
    const missing = await rejection(edit(card, { marital_status: 'divorced' }), ValidationError);
    expect(missing.fieldErrors.marital_changed_on).toBe('婚姻状况有变化，请填写婚姻状况变更日期');
    const divorced = await edit(card, { marital_status: 'divorced', marital_changed_on: '2025-06-01' });
    const out = await edit(divorced, { migrant_status: 'outflow', migrant_place: '浙江省杭州市', migrant_changed_on: '2025-07-01', hukou_kind: 'resident', hukou_changed_on: '2025-08-01' });
    expect(out.migrant_since).toBe('2025-07-01');
    const back = await edit(out, { migrant_status: 'none', migrant_changed_on: '2025-09-01' });
    const again = await edit(back, { marital_status: 'remarried', marriage_date: '2026-01-10', spouse_name: '赵强' });
    expect(again.marital_status).toBe('remarried');
    expect(await kinds(card.id)).toEqual({
      marital: [
        ['first_marriage', '2013-10-01', false],
        ['divorce', '2025-06-01', false],
        ['remarriage', '2026-01-10', false],
      ],
      floating: [
        ['outflow', '2025-07-01', false],
        ['return', '2025-09-01', false],
      ],
      hukou: [
        ['spouse', 'agricultural', null],
        ['woman', 'agricultural', null],
        ['woman', 'resident', '2025-08-01'],
      ],
    });
    const actions = await t
      .db('audit_log')
      .where({ entity: 'woman', entity_id: String(card.id), action: 'history.record' })
      .count<{ n: number }[]>({ n: '*' });
    expect(actions[0]!.n).toBe(4);
  });

  it('refuses a change out of order or in the future, and leaves card and history as they were', async () => {
    const card = await makeCard(t.db, clerkA, w.villageA1.code);
    const remarry = await rejection(edit(card, { marital_status: 'remarried', marriage_date: '2020-01-01' }), ValidationError);
    expect(remarry.fieldErrors.marital_status).toBe('再婚只能在离婚或丧偶之后；请先登记离婚或丧偶');
    const future = await rejection(edit(card, { marital_status: 'divorced', marital_changed_on: '2026-04-01' }), ValidationError);
    expect(future.fieldErrors.marital_changed_on).toBe('变更日期 2026-04-01 晚于今天，不能登记将来的变动');
    const beforeWedding = await rejection(edit(card, { marital_status: 'divorced', marital_changed_on: '2012-01-01' }), ValidationError);
    expect(beforeWedding.fieldErrors.marital_changed_on).toBe('变更日期 2012-01-01 早于上一次变动的日期 2013-10-01，请按时间顺序登记');
    const noHukouDate = await rejection(edit(card, { hukou_kind: 'resident' }), ValidationError);
    expect(noHukouDate.fieldErrors.hukou_changed_on).toBe('户口性质有变化，请填写户口性质变更日期');
    const row = await t.db('women').where({ id: card.id }).first();
    expect([row!.marital_status, row!.hukou_kind, row!.version]).toEqual(['first_marriage', 'agricultural', card.version]);
    expect((await kinds(card.id)).marital).toEqual([['first_marriage', '2013-10-01', false]]);
  });

  it('dates an undated event within its neighbours (audited), lists the undated ones in the scope only', async () => {
    const card = await makeCard(t.db, clerkA, w.villageA2.code, { name: '孙丽', marital_status: 'divorced' });
    const [, divorce] = (await historiesOf(t.db, card.id)).marital;
    expect((await undatedRoster(t.db, clerkA.scope, 1)).rows.map((r) => [r.name, r.kind])).toContainEqual(['孙丽', 'divorce']);
    expect((await undatedRoster(t.db, clerkB.scope, 1)).rows.map((r) => r.name)).not.toContain('孙丽');
    await rejection(dateEvent(t.db, clerkB, card.id, 'marital', divorce!.id, { effective_on: '2019-01-01' }, opts), Error);
    const early = await rejection(dateEvent(t.db, clerkA, card.id, 'marital', divorce!.id, { effective_on: '2010-01-01' }, opts), ValidationError);
    expect(early.fieldErrors.effective_on).toBe('变更日期 2010-01-01 早于上一次变动的日期 2013-10-01，请按时间顺序登记');
    await dateEvent(t.db, clerkA, card.id, 'marital', divorce!.id, { effective_on: '2019-01-01' }, opts);
    expect((await kinds(card.id)).marital[1]).toEqual(['divorce', '2019-01-01', false]);
    expect((await undatedRoster(t.db, clerkA.scope, 1)).rows.map((r) => r.name)).not.toContain('孙丽');
    const audit = await t
      .db('audit_log')
      .where({ entity: 'woman', entity_id: String(card.id), action: 'history.date' })
      .first();
    expect(audit?.after).toEqual({ effective_on: '2019-01-01' });
  });

  it('a card written without histories (a raw insert) gets the ones of its state before its first change', async () => {
    const raw = await insertWoman(t.db, { regionId: w.villageA1.id, name: '旧数据' });
    expect(await kinds(raw.id)).toEqual({ marital: [], floating: [], hukou: [] });
    const card = (await t.db('women').where({ id: raw.id }).first())!;
    await edit(card, { marital_status: 'widowed', marital_changed_on: '2024-02-01' });
    expect(await kinds(raw.id)).toEqual({
      marital: [
        ['first_marriage', '2012-05-01', false],
        ['widowed', '2024-02-01', false],
      ],
      floating: [],
      hukou: [['woman', 'agricultural', null]],
    });
  });
});
