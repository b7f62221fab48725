/**
 * Report figures for a past period read the status histories and registered_on, never the card's current status:
 * a divorce, a return or a new card today leaves last year's figures as they were.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/auth/actor.ts';
import type { Figures } from '../../../src/domain/indicators.ts';
import { importKind, readTable } from '../../../src/features/imports/service.ts';
import { computeReport, type Report } from '../../../src/features/reports/service.ts';
import { createCard, formValuesOf, updateCard, type CardInput, type WomanRow } from '../../../src/features/women/service.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld, type World } from '../../helpers/fixtures.ts';
import * as f from '../../helpers/report-fixtures.ts';
import { cardInput, manId, townshipClerks, womanId } from '../../helpers/women.ts';

const A1 = '990100001001';
const TODAY = '2026-03-15';

function figures(r: Report, code = A1): Figures {
  const row = r.rows.find((x) => x.region.code === code);
  if (!row) throw new Error(`no row ${code}`);
  return row.figures;
}

describe('report figures from the status histories', () => {
  const t = useTestDatabase();
  let w: World;
  let clerkA: Actor;
  const month = (m: string) => ({ from: `${m}-01`, to: new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(5, 7)), 0)).toISOString().slice(0, 10) });
  const report = (period: { from: string; to: string }) => computeReport(t.db, w.townshipA, period);

  const edit = (card: WomanRow, today: string, changes: Partial<CardInput> & Record<string, string>) =>
    updateCard(t.db, clerkA, card.id, { ...(formValuesOf({ ...card, village_code: A1 }) as unknown as CardInput), version: card.version, ...changes }, { today });

  beforeAll(async () => {
    w = await seedWorld(t.db);
    ({ clerkA } = await townshipClerks(t.db, w));
  });

  it('a woman married 2020 and divorced 2025-06-01 is a married WRA at 2025-03-31, not at 2025-09-30; her 2020 初婚 still counts', async () => {
    const before = { march: figures(await report(month('2025-03'))), sept: figures(await report(month('2025-09'))), y2020: figures(await report({ from: '2020-01-01', to: '2020-12-31' })) };
    const card = await createCard(t.db, clerkA, cardInput(A1, { marriage_date: '2020-05-01', registered_on: '2019-01-01' }), { today: '2025-01-10' });
    await edit(card, '2025-10-01', { marital_status: 'divorced', marital_changed_on: '2025-06-01' });
    const march = figures(await report(month('2025-03')));
    const sept = figures(await report(month('2025-09')));
    expect([march.wra - before.march.wra, march.married_wra - before.march.married_wra]).toEqual([1, 1]);
    expect([sept.wra - before.sept.wra, sept.married_wra - before.sept.married_wra]).toEqual([1, 0]);
    const y2020 = figures(await report({ from: '2020-01-01', to: '2020-12-31' }));
    expect(y2020.first_marriages - before.y2020.first_marriages).toBe(1);
  });

  it('an outflow in 2025-03 then a return in 2025-06 still counts as 流出 in March', async () => {
    const before = figures(await report(month('2025-03'))).outflow;
    const card = await createCard(t.db, clerkA, cardInput(A1, { registered_on: '2019-01-01' }), { today: '2025-01-10' });
    const out = await edit(card, '2025-03-20', { migrant_status: 'outflow', migrant_place: '广东省深圳市', migrant_changed_on: '2025-03-10' });
    await edit(out, '2025-07-01', { migrant_status: 'none', migrant_changed_on: '2025-06-01' });
    expect(figures(await report(month('2025-03'))).outflow - before).toBe(1);
    expect(figures(await report(month('2025-06'))).outflow).toBe(0);
  });

  it('an imported card without 建卡日期 counts in last year’s stock; a card made today does not', async () => {
    const lastYear = { from: '2025-01-01', to: '2025-12-31' };
    const before = figures(await report(lastYear)).wra;
    const header = '身份证号,姓名,村代码,民族,户口性质,婚姻状况,结婚日期,配偶姓名,配偶身份证号,联系电话,住址,流动状态,建卡日期';
    const csv = [header, `${womanId('1991-02-03')},周丽,${A1},汉族,农业,初婚,2015-10-01,王强,${manId('1989-01-01')},13800000001,东街村1组,常住,`].join('\n');
    const table = await readTable(Buffer.from(csv), 'women.csv');
    const r = await importKind('women')!.run(t.db, clerkA, table, { now: new Date(`${TODAY}T10:00:00+08:00`), fileName: 'women.csv' });
    expect(r.problems).toEqual([]);
    const imported = await t.db('women').where({ name: '周丽' }).first();
    expect(imported?.registered_on).toBe('2006-02-03');
    expect(figures(await report(lastYear)).wra - before).toBe(1);

    const today = await createCard(t.db, clerkA, cardInput(A1, { name: '今天建卡' }), { today: TODAY });
    expect(today.registered_on).toBe(TODAY);
    expect(figures(await report(lastYear)).wra - before).toBe(1);
    expect(figures(await report(month('2026-03'))).wra).toBeGreaterThanOrEqual(2);
  });

  it('property: events and cards dated after a period never change its figures', async () => {
    const period = month('2025-03');
    const base = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1990-01-01', marriage_date: '2015-01-01', created_on: '2015-01-01' });
    await f.addFloatingEvent(t.db, { woman: base, kind: 'outflow', on: '2025-03-05' });
    const single = await f.addWoman(t.db, { village: w.villageA1.id, birth_date: '1995-01-01', created_on: '2015-01-01' });
    const keys = ['wra', 'married_wra', 'first_marriages', 'inflow', 'outflow', 'no_method'] as const;
    const pick = (r: Report) => keys.map((k) => figures(r)[k]);
    const expected = pick(await report(period));
    const later = fc.integer({ min: 1, max: 900 }).map((n) => new Date(Date.UTC(2025, 2, 31 + n)).toISOString().slice(0, 10));
    const change = fc.oneof(
      fc.record({ what: fc.constant('divorce' as const), on: later }),
      fc.record({ what: fc.constant('return' as const), on: later }),
      fc.record({ what: fc.constantFrom('outflow' as const, 'inflow' as const), on: later }),
      fc.record({ what: fc.constant('marriage' as const), on: later }),
      fc.record({ what: fc.constant('card' as const), on: later }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 4 }), async (changes) => {
        const rollback = new Error('rollback');
        await t.db
          .transaction(async (trx) => {
            for (const c of changes) {
              if (c.what === 'divorce') await f.addMaritalEvent(trx, { woman: base, kind: 'divorce', on: c.on });
              else if (c.what === 'return') await f.addFloatingEvent(trx, { woman: base, kind: 'return', on: c.on });
              else if (c.what === 'marriage') await f.addMaritalEvent(trx, { woman: single, kind: 'first_marriage', on: c.on });
              else if (c.what === 'card')
                await f.addWoman(trx, { village: w.villageA1.id, birth_date: '1992-01-01', marriage_date: '2014-01-01', created_on: c.on, migrant_status: 'inflow', migrant_since: c.on });
              else await f.addFloatingEvent(trx, { woman: base, kind: c.what, on: c.on });
            }
            expect(pick(await computeReport(trx, w.townshipA, period))).toEqual(expected);
            throw rollback;
          })
          .catch((err: unknown) => {
            if (err !== rollback) throw err;
          });
      }),
      { seed: 20261206, numRuns: 15 },
    );
  });
});
