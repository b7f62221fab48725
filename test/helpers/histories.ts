/**
 * Random register histories written through the services' public functions, for the property tests that hold a
 * stored figure to the live source SQL (test/db/reports/figure-store.test.ts, preconception-store.test.ts): the
 * operations as data, fast-check arbitraries for them (each test picks its dates, its mix and its weights), and a
 * writer that applies them as the township clerks of seedWorld's county would.
 */
import fc from 'fast-check';
import type { Knex } from 'knex';
import type { Actor } from '../../src/auth/actor.ts';
import { addDays, type IsoDate } from '../../src/domain/dates.ts';
import { ValidationError } from '../../src/errors.ts';
import { endPlan, preconceptionOf, recordCheck, registerPlan } from '../../src/features/services/preconception/service.ts';
import { recordService, recordSupply } from '../../src/features/services/service.ts';
import {
  acceptTransfer,
  closePregnancy,
  createCard,
  exitCard,
  formValuesOf,
  getCard,
  issueCertificate,
  moveCard,
  openEpisode,
  openPregnancy,
  recordBirth,
  updateCard,
  type CardInput,
} from '../../src/features/women/service.ts';
import { seedWorld, type World } from './fixtures.ts';
import { cardInput, townshipClerks, womanId } from './women.ts';

export type Township = 'A' | 'B';
/** A clerk per township of seedWorld's county: each writes the records of the women in her township. */
export type Clerks = Record<Township, Actor>;

/** The township of one of seedWorld's villages (a village's code starts with its township's). */
export const townshipOf = (villageCode: string): Township => (villageCode.startsWith('990100001') ? 'A' : 'B');

/** seedWorld's villages: A1 and A2 in township A, B1 in township B. */
export const worldVillage = fc.constantFrom('990100001001', '990100001002', '990100002001');

/** A day from `first` to `days` days after it. */
export const dayFrom = (first: IsoDate, days: number): fc.Arbitrary<IsoDate> => fc.integer({ min: 0, max: days }).map((d) => addDays(first, d));

/** An operation on one of the women written so far: `who` picks her (modulo their count), `on` is its day. */
interface OnWoman {
  who: number;
  on: IsoDate;
}

/** A new card in `village`, married on `married` (unmarried when null), born on `birth`. */
export interface CardOp {
  k: 'card';
  village: string;
  registered: IsoDate;
  married: IsoDate | null;
  birth: IsoDate;
}

export type HistoryOp =
  | CardOp
  | (OnWoman & { k: 'birth'; twins: boolean; sex: 'male' | 'female' })
  /** A pregnancy found `on`, closed as a miscarriage `end` days later when that is not after today. */
  | (OnWoman & { k: 'pregnancy'; end: number | null })
  | (OnWoman & { k: 'service'; kind: string; satisfaction: 'satisfied' | 'dissatisfied' | undefined })
  /** A move to `village`: to the other township, that township's clerk accepts the transfer. */
  | (OnWoman & { k: 'move'; village: string })
  | (OnWoman & { k: 'exit'; reason: 'moved_out' | 'deceased' })
  | (OnWoman & { k: 'certificate' })
  | (OnWoman & { k: 'divorce' })
  /** A 孕前 plan, ended `end` days later when that is not after today. */
  | (OnWoman & { k: 'plan'; end: number | null })
  /** A 孕前 check of the woman, of her spouse, or of both (two checks on the same day). */
  | (OnWoman & { k: 'check'; whose: 'woman' | 'spouse' | 'both' })
  /** A contraceptive method started (switching from an open short-acting one; the rules may refuse it), with free
   *  contraceptives handed out `supply` days later when that is not after today. */
  | (OnWoman & { k: 'method'; method: 'condom' | 'pill_or_injection' | 'iud'; supply: number | null })
  /** Free contraceptives handed out (免费药具发放), in the village she lives in when it is entered. */
  | (OnWoman & { k: 'supply' });

/** The operations' arbitraries over the days `date` and the villages `village`; a test picks the ones it mixes. */
export function historyOps(date: fc.Arbitrary<IsoDate>, village: fc.Arbitrary<string> = worldVillage) {
  const who = fc.nat();
  return {
    card: (birth: fc.Arbitrary<IsoDate>, married: fc.Arbitrary<IsoDate | null> = fc.option(date)) => fc.record({ k: fc.constant('card' as const), village, registered: date, married, birth }),
    birth: () => fc.record({ k: fc.constant('birth' as const), who, on: date, twins: fc.boolean(), sex: fc.constantFrom('male' as const, 'female' as const) }),
    pregnancy: (maxDays: number) => fc.record({ k: fc.constant('pregnancy' as const), who, on: date, end: fc.option(fc.integer({ min: 10, max: maxDays })) }),
    service: (kind: fc.Arbitrary<string>, satisfaction: fc.Arbitrary<'satisfied' | 'dissatisfied' | undefined> = fc.constant(undefined)) =>
      fc.record({ k: fc.constant('service' as const), who, on: date, kind, satisfaction }),
    move: () => fc.record({ k: fc.constant('move' as const), who, on: date, village }),
    exit: (reason: fc.Arbitrary<'moved_out' | 'deceased'> = fc.constant('moved_out' as const)) => fc.record({ k: fc.constant('exit' as const), who, on: date, reason }),
    certificate: () => fc.record({ k: fc.constant('certificate' as const), who, on: date }),
    divorce: () => fc.record({ k: fc.constant('divorce' as const), who, on: date }),
    plan: (maxDays: number) => fc.record({ k: fc.constant('plan' as const), who, on: date, end: fc.option(fc.integer({ min: 0, max: maxDays })) }),
    check: (whose: fc.Arbitrary<'woman' | 'spouse' | 'both'>) => fc.record({ k: fc.constant('check' as const), who, on: date, whose }),
    method: (maxDays: number) =>
      fc.record({
        k: fc.constant('method' as const),
        who,
        on: date,
        method: fc.constantFrom('condom' as const, 'pill_or_injection' as const, 'iud' as const),
        supply: fc.option(fc.integer({ min: 0, max: maxDays })),
      }),
    supply: () => fc.record({ k: fc.constant('supply' as const), who, on: date }),
  };
}

export interface HistoryWriterOptions {
  today: IsoDate;
  /** Pick only the women not exited (an exited woman takes no more operations); by default any woman written so far. */
  skipExited?: boolean;
}

export interface HistoryWriter {
  /** The women written so far, the township each is in now (its clerk writes her records), and whether she left. */
  readonly women: { id: number; at: Township; exited?: boolean }[];
  /** Apply one operation (nothing but a card before the first card); a refused write throws its ValidationError. */
  apply(o: HistoryOp): Promise<void>;
  /** Apply the operations in turn, counting those that landed and those the rules refused (a ValidationError). */
  applyAll(ops: readonly HistoryOp[]): Promise<{ landed: number; refused: number }>;
}

export function historyWriter(db: Knex, clerks: Clerks, { today, skipExited = false }: HistoryWriterOptions): HistoryWriter {
  const opts = { today };
  const women: HistoryWriter['women'] = [];
  const supply = (clerk: Actor, id: number, on: IsoDate) => recordSupply(db, clerk, id, { item: 'condom', quantity: 10, supplied_on: on, channel: 'village' }, opts);

  async function apply(o: HistoryOp): Promise<void> {
    if (o.k === 'card') {
      const input: CardInput = cardInput(o.village, {
        id_number: womanId(o.birth),
        registered_on: o.registered,
        ...(o.married
          ? { marital_status: 'first_marriage', marriage_date: o.married }
          : { marital_status: 'unmarried', marriage_date: undefined, spouse_name: undefined, spouse_id_number: undefined }),
      });
      const at = townshipOf(o.village);
      women.push({ id: (await createCard(db, clerks[at], input, opts)).id, at });
      return;
    }
    const pickable = skipExited ? women.filter((x) => !x.exited) : women;
    if (pickable.length === 0) return;
    const woman = pickable[o.who % pickable.length]!;
    const { id } = woman;
    const clerk = clerks[woman.at];
    switch (o.k) {
      case 'birth':
        await recordBirth(db, clerk, id, { birth_date: o.on, children: o.twins ? [{ sex: o.sex }, { sex: 'female' }] : [{ sex: o.sex }] }, opts);
        return;
      case 'pregnancy': {
        await openPregnancy(db, clerk, id, { found_on: o.on }, opts);
        if (o.end === null) return;
        const end = addDays(o.on, o.end);
        if (end <= today) await closePregnancy(db, clerk, id, { outcome: 'miscarriage', outcome_date: end }, opts);
        return;
      }
      case 'service':
        await recordService(db, clerk, id, { kind: o.kind, performed_on: o.on, facility: '县妇幼保健院', ...(o.satisfaction ? { satisfaction: o.satisfaction } : {}) }, opts);
        return;
      case 'move': {
        const { transfer, moved } = await moveCard(db, clerk, id, { village: o.village, moved_on: o.on }, opts);
        const to = townshipOf(o.village);
        // Another township: the receiving clerk accepts it (the transfer becomes the history villageOn reads).
        if (!moved) await acceptTransfer(db, clerks[to], transfer.id, {}, opts);
        woman.at = to;
        return;
      }
      case 'exit': {
        const card = await getCard(db, clerk.scope, id);
        await exitCard(db, clerk, id, { exit_reason: o.reason, exit_date: o.on, version: card.version }, opts);
        woman.exited = true;
        return;
      }
      case 'certificate':
        await issueCertificate(db, clerk, id, { kind: 'only_child_glory', number: `G-${id}-${o.on}`, issued_on: o.on }, opts);
        return;
      case 'plan': {
        // The stored 孕前 targets read plans.
        await registerPlan(db, clerk, id, { planned_on: o.on }, opts);
        if (o.end === null) return;
        const end = addDays(o.on, o.end);
        if (end <= today) await endPlan(db, clerk, id, (await preconceptionOf(db, id)).openPlan!.id, { ended_on: end }, opts);
        return;
      }
      case 'check':
        for (const whose of o.whose === 'both' ? (['woman', 'spouse'] as const) : [o.whose]) await recordCheck(db, clerk, id, { whose, checked_on: o.on, result: 'general', referred: false }, opts);
        return;
      case 'method': {
        await openEpisode(db, clerk, id, { method: o.method, started_on: o.on }, opts);
        const on = o.supply === null ? null : addDays(o.on, o.supply);
        if (on && on <= today) await supply(clerk, id, on);
        return;
      }
      case 'supply':
        await supply(clerk, id, o.on);
        return;
      case 'divorce': {
        const card = await getCard(db, clerk.scope, id);
        const values = formValuesOf({ ...card, village_code: card.village_code }) as unknown as CardInput;
        await updateCard(db, clerk, id, { ...values, version: card.version, marital_status: 'divorced', marital_changed_on: o.on } as Parameters<typeof updateCard>[3], opts);
        return;
      }
    }
  }

  async function applyAll(ops: readonly HistoryOp[]) {
    let landed = 0;
    let refused = 0;
    for (const o of ops) {
      try {
        await apply(o);
        landed++;
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        refused++;
      }
    }
    return { landed, refused };
  }

  return { women, apply, applyAll };
}

/** seedWorld's county, its two township clerks and a history writer over them: the property tests' common start. */
export async function seedHistoryWorld(db: Knex, options: HistoryWriterOptions): Promise<{ w: World; clerks: Clerks; history: HistoryWriter }> {
  const w = await seedWorld(db);
  const clerks = await townshipClerks(db, w).then(({ clerkA, clerkB }) => ({ A: clerkA, B: clerkB }));
  return { w, clerks, history: historyWriter(db, clerks, options) };
}
