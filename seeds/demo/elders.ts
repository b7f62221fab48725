/**
 * Older families, for the subsidies (DEMO-DATA.md: "奖扶 and 特扶 beneficiaries among exited (over-age) women
 * and their families"). A small share of the cards belong to women aged 55–74 who left the register at 50 —
 * long exited over age, the card kept — with their husband and grown children. Most are rural couples with one
 * child or two daughters (奖扶 from 60), a few lost their only child or have a disabled one (特扶, mother ≥ 49);
 * the rest do not qualify (a son and a daughter, three children, a town hukou), so the eligibility pages show
 * both answers. Their cards stop at the exit: births, no later history.
 */
import type { HukouKind } from '../../src/domain/codes.ts';
import { allowedOn } from './births.ts';
import { birthday, yearOf, YEAR, type Day } from './days.ts';
import { addressIn, pickSpouse } from './identity.ts';
import { FOREVER, type ChildSpec, type GenContext, type PregnancySpec, type Span, type WomanLife } from './life.ts';
import { ethnicity, femaleGiven, maleGiven, phone, surname } from './names.ts';
import type { Random } from './random.ts';

/** Share of all cards. */
export const ELDER_SHARE = 0.03;

type Family = 'one_child' | 'two_girls' | 'only_child_died' | 'only_child_disabled' | 'son_and_daughter' | 'three' | 'town_one_child';

/**
 * Family types dealt in turn (a fixed, shuffled cycle of 25) rather than drawn, so that even a small county has
 * a few 特扶 families: 10 one child, 4 two daughters, 2 only child died, 2 only child disabled, 4 a son and a
 * daughter, 1 three children, 2 town hukou with one child.
 */
const CYCLE: readonly Family[] = [
  'one_child',
  'two_girls',
  'son_and_daughter',
  'only_child_died',
  'one_child',
  'town_one_child',
  'one_child',
  'only_child_disabled',
  'two_girls',
  'one_child',
  'son_and_daughter',
  'one_child',
  'three',
  'one_child',
  'only_child_died',
  'two_girls',
  'one_child',
  'son_and_daughter',
  'town_one_child',
  'one_child',
  'only_child_disabled',
  'two_girls',
  'one_child',
  'son_and_daughter',
  'one_child',
];

/** Age today: more in their late fifties and sixties. */
const AGES: readonly (readonly [number, number])[] = Array.from({ length: 20 }, (_, i) => [55 + i, i < 12 ? 1.2 : 0.7] as const);

interface Birth {
  day: Day;
  sex: 'male' | 'female';
  policy: 'compliant' | 'non_compliant';
  permit: string | null;
}

/** The births of a family type: first 10–30 months after the wedding, the next ones 3–6 years apart. */
function births(family: Family, rnd: Random, wedding: Day): Birth[] {
  const first = wedding + rnd.int(300, 900);
  const next = (d: Day) => d + rnd.int(3 * YEAR, 6 * YEAR);
  const one = (sex: 'male' | 'female'): Birth => ({ day: first, sex, policy: 'compliant', permit: null });
  const sexOf = (): 'male' | 'female' => (rnd.chance(0.52) ? 'male' : 'female');
  switch (family) {
    case 'two_girls': {
      const second = next(first);
      return [one('female'), { day: second, sex: 'female', policy: 'compliant', permit: allowedOn(second) >= 2 ? null : '农村独女户再生育' }];
    }
    case 'son_and_daughter': {
      const second = next(first);
      const permitted = allowedOn(second) >= 2 || rnd.chance(0.7);
      return [one('female'), { day: second, sex: 'male', policy: permitted ? 'compliant' : 'non_compliant', permit: allowedOn(second) >= 2 || !permitted ? null : '农村独女户再生育' }];
    }
    case 'three': {
      const second = next(first);
      return [one('female'), { day: second, sex: 'female', policy: 'compliant', permit: '农村独女户再生育' }, { day: next(second), sex: 'male', policy: 'non_compliant', permit: null }];
    }
    default:
      return [one(sexOf())];
  }
}

function child(rnd: Random, family: Family, b: Birth, surnameOf: string, exit: Day): ChildSpec {
  const name = surnameOf + (b.sex === 'male' ? maleGiven(rnd, yearOf(b.day)) : femaleGiven(rnd, yearOf(b.day)));
  if (family === 'only_child_died') {
    // Died as a child or a young adult, before the mother left the register (an exited card is read-only).
    const death = b.day + rnd.int(2 * YEAR, Math.max(2 * YEAR + 1, Math.min(30 * YEAR, exit - b.day - 30)));
    return { name, sex: b.sex, vital: 'deceased', grade: null, death: Math.min(death, exit - 30) };
  }
  if (family === 'only_child_disabled') return { name, sex: b.sex, vital: 'disabled', grade: rnd.int(1, 3), death: null };
  return { name, sex: b.sex, vital: 'living', grade: null, death: null };
}

export function makeElder(ctx: GenContext, rnd: Random, index: number, village: number): WomanLife {
  const age = rnd.weighted(AGES);
  const birth = birthday(ctx.today, -(age + 1)) + 1 + rnd.int(0, 364);
  const exit = birthday(birth, 50);
  const family = CYCLE[ctx.counters.elders++ % CYCLE.length];
  const v = ctx.villages[village];
  const hukou: HukouKind = family === 'town_one_child' ? 'non_agricultural' : rnd.chance(0.9) ? 'agricultural' : 'resident';
  const wedding = birthday(birth, rnd.int(20, 25)) + rnd.int(0, 364);
  const familyName = surname(rnd);
  const husband = surname(rnd);
  const widowed = rnd.chance(0.1);
  const span: Span = { start: wedding, end: widowed ? Math.min(exit - 1, wedding + rnd.int(15 * YEAR, 28 * YEAR)) : FOREVER, endedBy: widowed ? 'widowed' : null, husbandSurname: husband };
  const where = addressIn(ctx, rnd, village);
  const pregnancies: PregnancySpec[] = births(family, rnd, wedding).map((b, i) => {
    const lmp = b.day - rnd.int(266, 290);
    const permitNo = b.permit ? `${ctx.townships[v.township].code}-${yearOf(b.day)}-${String(++ctx.counters.permit % 10000).padStart(4, '0')}` : null;
    return {
      lmp,
      found: lmp + rnd.int(42, 84),
      outcome: 'live_birth',
      end: b.day,
      failure: null,
      failureEpisode: null,
      order: i + 1,
      policy: b.policy,
      permitNo,
      reason: b.permit,
      children: [child(rnd, family, b, husband, exit)],
      foundByCheck: false,
    };
  });
  const spouse = widowed ? null : pickSpouse(rnd, birth, wedding, hukou, v);
  if (spouse) spouse.name = husband + maleGiven(rnd, yearOf(spouse.birth));
  if (spouse && family !== 'town_one_child') spouse.hukou = hukou;
  return {
    index,
    village,
    transfer: null,
    birth,
    surname: familyName,
    name: familyName + femaleGiven(rnd, yearOf(birth)),
    ethnicity: ethnicity(rnd),
    hukou,
    hukouPlace: where.hukouPlace,
    address: where.address,
    phone: rnd.chance(0.7) ? phone(rnd) : null,
    status: 'exited',
    exitReason: 'over_age',
    exitDay: exit,
    exitNote: null,
    end: exit,
    marital: widowed ? 'widowed' : 'first_marriage',
    marriageDay: wedding,
    spans: [span],
    spouse,
    migration: { status: 'none', place: null, since: null, verified: null },
    pregnancies,
    episodes: [],
    checks: [],
  };
}
