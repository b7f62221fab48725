/**
 * Who a woman is: age, card status (active, or exited with a reason), name, ethnicity, hukou, address,
 * marriages and husband, floating status and an occasional transfer between villages. Rates follow
 * DEMO-DATA.md: ages roughly even 20–49 with fewer at 15–19, ~78% married (a few 再婚), ~18% unmarried (mostly
 * under 25), a few divorced or widowed, first marriage mostly at 22–28 and never before 20.
 */
import type { HukouKind, MaritalStatus } from '../../src/domain/codes.ts';
import { ageAt, birthday, YEAR, type Day } from './days.ts';
import { FOREVER, type GenContext, type Migration, type Span, type Spouse, type Transfer, type WomanLife } from './life.ts';
import { ethnicity, femaleGiven, INFLOW_PLACES, maleGiven, OUTFLOW_PLACES, phone, surname } from './names.ts';
import type { Random } from './random.ts';

/** Relative size of each one-year age group 15…49 today: small cohorts at 15–24 (born 2001–2011). */
const AGE_WEIGHTS: readonly (readonly [number, number])[] = Array.from({ length: 35 }, (_, i) => {
  const age = 15 + i;
  const w = age < 20 ? 0.3 : age < 25 ? 0.75 : age < 30 ? 0.95 : age < 35 ? 1.0 : age < 40 ? 1.1 : 1.0;
  return [age, w] as const;
});

/** Age at first marriage (years): mostly 22–28, never under 20. */
const MARRIAGE_AGE: readonly (readonly [number, number])[] = [
  [20, 7],
  [21, 10],
  [22, 14],
  [23, 15],
  [24, 13],
  [25, 11],
  [26, 9],
  [27, 7],
  [28, 5],
  [29, 3],
  [30, 2],
  [31, 1.5],
  [32, 1],
  [33, 0.8],
  [34, 0.6],
  [35, 0.5],
];

const HUKOU_MIX: Record<'zhen' | 'xiang' | 'jiedao', readonly (readonly [HukouKind, number])[]> = {
  xiang: [
    ['agricultural', 88],
    ['resident', 8],
    ['non_agricultural', 4],
  ],
  zhen: [
    ['agricultural', 68],
    ['resident', 17],
    ['non_agricultural', 15],
  ],
  jiedao: [
    ['agricultural', 8],
    ['resident', 45],
    ['non_agricultural', 47],
  ],
};

function pickBirth(ctx: GenContext, rnd: Random): Day {
  const age = rnd.weighted(AGE_WEIGHTS);
  // Born between (age+1) years and age years before today: age today is exactly `age`.
  const latest = birthday(ctx.today, -age);
  const earliest = birthday(ctx.today, -(age + 1)) + 1;
  return earliest + Math.floor(rnd.next() * (latest - earliest + 1));
}

/** Card status first: the exit date bounds everything else in her story. */
function pickStatus(ctx: GenContext, rnd: Random): Pick<WomanLife, 'birth' | 'status' | 'exitReason' | 'exitDay' | 'exitNote'> {
  const r = rnd.next();
  const span = ctx.today - ctx.windowStart;
  if (r < 0.065) {
    // Turned 50 during the five years: the nightly job exited her on her 50th birthday.
    const turned = ctx.windowStart + Math.floor(rnd.next() * span);
    const birth = birthday(turned, -50);
    return { birth, status: 'exited', exitReason: 'over_age', exitDay: birthday(birth, 50), exitNote: null };
  }
  const birth = pickBirth(ctx, rnd);
  if (r < 0.085) {
    const exitDay = Math.max(ctx.windowStart + Math.floor(rnd.next() * span), birthday(birth, 16));
    if (exitDay < ctx.today) {
      if (r < 0.08) return { birth, status: 'exited', exitReason: 'moved_out', exitDay, exitNote: rnd.pick(['婚嫁迁出县外', '户口迁往外省', '随夫迁出县外']) };
      if (r < 0.083) return { birth, status: 'exited', exitReason: 'deceased', exitDay, exitNote: rnd.pick(['因病死亡', '意外死亡']) };
      return { birth, status: 'exited', exitReason: 'other', exitDay, exitNote: '户籍注销' };
    }
  }
  return { birth, status: 'active', exitReason: null, exitDay: null, exitNote: null };
}

function pickMarriages(rnd: Random, birth: Day, end: Day, surnameOf: () => string): { spans: Span[]; marital: MaritalStatus; marriageDay: Day | null } {
  if (rnd.chance(0.02)) return { spans: [], marital: 'unmarried', marriageDay: null };
  const first = birthday(birth, rnd.weighted(MARRIAGE_AGE)) + rnd.int(0, 364);
  if (first > end) return { spans: [], marital: 'unmarried', marriageDay: null };
  const spans: Span[] = [{ start: first, end: FOREVER, endedBy: null, husbandSurname: surnameOf() }];
  const r = rnd.next();
  const split = r < 0.06 ? first + rnd.int(Math.round(1.5 * YEAR), 15 * YEAR) : r < 0.075 ? first + rnd.int(3 * YEAR, 25 * YEAR) : FOREVER;
  if (split >= end) return { spans, marital: 'first_marriage', marriageDay: first };
  spans[0].end = split;
  spans[0].endedBy = r < 0.06 ? 'divorce' : 'widowed';
  const again = rnd.chance(0.5) ? split + rnd.int(YEAR / 2, 5 * YEAR) : FOREVER;
  if (again > end) return { spans, marital: r < 0.06 ? 'divorced' : 'widowed', marriageDay: first };
  spans.push({ start: again, end: FOREVER, endedBy: null, husbandSurname: surnameOf() });
  return { spans, marital: 'remarried', marriageDay: again };
}

export function pickSpouse(rnd: Random, wifeBirth: Day, married: Day, hukou: HukouKind, v: GenContext['villages'][number]): Spouse {
  // Husbands are mostly 0–5 years older, and at least 22 (the legal age for men) on the wedding day.
  let birth = wifeBirth - Math.round((2 + 2 * (rnd.next() + rnd.next() - 1) * 2) * YEAR);
  birth = Math.min(birth, birthday(married, -22) - rnd.int(0, 200));
  const spouseHukou = rnd.chance(0.8) ? hukou : rnd.weighted(HUKOU_MIX[v.kind]);
  return { name: '', birth, hukou: spouseHukou };
}

function pickMigration(ctx: GenContext, rnd: Random, birth: Day, active: boolean): Migration {
  const none: Migration = { status: 'none', place: null, since: null, verified: null };
  if (!active) return none;
  const age = ageAt(birth, ctx.today);
  const r = rnd.next();
  const outflow = r < (age >= 20 && age <= 40 ? 0.07 : 0.025);
  const inflow = !outflow && r > 0.98;
  if (!outflow && !inflow) return none;
  const since = Math.max(ctx.today - rnd.int(60, 8 * YEAR), birthday(birth, 16));
  // Most are re-verified in the monthly clearance; some fall behind (the 6-month warning of DESIGN §5).
  const verified = rnd.chance(0.82) ? ctx.today - rnd.int(0, 170) : Math.max(since, ctx.today - rnd.int(190, 600));
  return { status: outflow ? 'outflow' : 'inflow', place: rnd.pick(outflow ? OUTFLOW_PLACES : INFLOW_PLACES), since, verified: Math.max(verified, since) };
}

function pickTransfer(ctx: GenContext, rnd: Random, village: number, birth: Day, firstMarriage: Day | null): Transfer | null {
  if (!rnd.chance(0.015)) return null;
  const movedOn = Math.max(ctx.windowStart + rnd.int(30, ctx.today - ctx.windowStart - 10), birthday(birth, 16));
  if (movedOn >= ctx.today) return null;
  const here = ctx.villages[village];
  const sameTownship = ctx.townships[here.township].villages.filter((v) => v !== village);
  const pool = rnd.chance(0.6) && sameTownship.length ? sameTownship : ctx.villages.map((_, i) => i).filter((i) => i !== village);
  const fromVillage = rnd.pick(pool);
  const nearWedding = firstMarriage !== null && Math.abs(firstMarriage - movedOn) < 120;
  return { fromVillage, movedOn, reason: nearWedding ? '婚嫁迁入' : rnd.pick(['随迁', '户口迁移', '投亲']) };
}

export function addressIn(ctx: GenContext, rnd: Random, village: number): { address: string; hukouPlace: string } {
  const v = ctx.villages[village];
  const t = ctx.townships[v.township];
  const place = `${ctx.countyName}${t.name}${v.name}`;
  const detail = v.kind === 'jiedao' ? `${rnd.int(1, 30)}栋${rnd.int(1, 4)}单元${rnd.int(1, 18)}0${rnd.int(1, 4)}室` : `${rnd.int(1, 9)}组${rnd.int(1, 120)}号`;
  return { address: place + detail, hukouPlace: place };
}

/** Everything about her except pregnancies, methods and checks. */
export function makeIdentity(ctx: GenContext, rnd: Random, index: number, village: number): WomanLife {
  const status = pickStatus(ctx, rnd);
  const end = status.exitDay ?? ctx.today;
  const v = ctx.villages[village];
  const hukou = rnd.weighted(HUKOU_MIX[v.kind]);
  const family = surname(rnd);
  const name = family + femaleGiven(rnd, new Date(status.birth * 86_400_000).getUTCFullYear());
  const m = pickMarriages(rnd, status.birth, end, () => surname(rnd));
  const current = m.marital === 'first_marriage' || m.marital === 'remarried' ? m.spans[m.spans.length - 1] : null;
  let spouse: Spouse | null = null;
  if (current) {
    spouse = pickSpouse(rnd, status.birth, current.start, hukou, v);
    spouse.name = current.husbandSurname + maleGiven(rnd, new Date(spouse.birth * 86_400_000).getUTCFullYear());
  }
  const active = status.status === 'active';
  const migration = pickMigration(ctx, rnd, status.birth, active);
  const transfer = active && migration.status === 'none' ? pickTransfer(ctx, rnd, village, status.birth, m.spans[0]?.start ?? null) : null;
  const where = addressIn(ctx, rnd, village);
  return {
    index,
    village,
    transfer,
    birth: status.birth,
    surname: family,
    name,
    ethnicity: ethnicity(rnd),
    hukou,
    hukouPlace: migration.status === 'inflow' ? migration.place! : where.hukouPlace,
    address: where.address,
    phone: rnd.chance(0.9) ? phone(rnd) : null,
    status: status.status,
    exitReason: status.exitReason,
    exitDay: status.exitDay,
    exitNote: status.exitNote,
    end,
    marital: m.marital,
    marriageDay: m.marriageDay,
    spans: m.spans,
    spouse,
    migration,
    pregnancies: [],
    episodes: [],
    checks: [],
  };
}
