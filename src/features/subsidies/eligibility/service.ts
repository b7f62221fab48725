/**
 * Eligibility is always computed from the register (cards, children, certificates) as it is now: one program for
 * one beneficiary, or every active program for a card (the "new application" page). The card, in scope, is
 * where the beneficiary's name and ID number come from — never from a form.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import type { SubsidyBeneficiary } from '../../../domain/codes.ts';
import { evaluateEligibility, type Eligibility } from '../../../domain/eligibility.ts';
import { NotFoundError } from '../../../errors.ts';
import { assistedClaimedFen } from '../applications/queries.ts';
import { amountOn, type ProgramRow } from '../programs/service.ts';
import { cardFacts, findWomanInScope, registerFactsOf, searchWomen, type WomanRow } from './queries.ts';

export type { WomanRow } from './queries.ts';

export async function getWoman(db: Knex, scope: Scope, womanId: number): Promise<WomanRow> {
  const w = await findWomanInScope(db, scope, womanId);
  if (!w) throw new NotFoundError('未找到该育龄妇女，或不在您的管辖范围内。');
  return w;
}

/** Ages count to the end of the application year ("当年年满60周岁"). */
export const referenceDate = (year: number) => `${year}-12-31`;

export interface EligibilityQuestion {
  program: ProgramRow;
  woman: WomanRow;
  beneficiary: SubsidyBeneficiary;
  year: number;
  requestedFen: number | null;
  /** The application being evaluated, left out of the assisted-reproduction total. */
  applicationId?: number;
}

/** Evaluate one program for one beneficiary from the records as they are now. */
export async function evaluate(db: Knex, x: EligibilityQuestion): Promise<Eligibility> {
  const { children, certificates } = await registerFactsOf(db, [x.woman.id]);
  const on = referenceDate(x.year);
  const assisted =
    x.program.code === 'assisted_reproduction'
      ? { capFen: (await amountOn(db, x.program.code, on)) ?? null, priorFen: await assistedClaimedFen(db, x.woman.id, x.applicationId), requestedFen: x.requestedFen }
      : undefined;
  return evaluateEligibility(x.program.code, x.program.params, {
    card: cardFacts(x.woman),
    children: children.get(x.woman.id) ?? [],
    certificates: certificates.get(x.woman.id) ?? [],
    beneficiary: x.beneficiary,
    on,
    assisted,
  });
}

/** Every active program for the woman herself and, where a spouse is on the card, for him (the "new" page). */
export async function eligibilityOverview(db: Knex, scope: Scope, womanId: number, year: number, programs: ProgramRow[]) {
  const woman = await getWoman(db, scope, womanId);
  const results: { program: ProgramRow; beneficiary: SubsidyBeneficiary; eligibility: Eligibility }[] = [];
  for (const program of programs.filter((p) => p.active)) {
    const who: SubsidyBeneficiary[] = woman.spouse_name && program.code === 'reward_assistance' ? ['woman', 'spouse'] : ['woman'];
    for (const beneficiary of who) {
      results.push({ program, beneficiary, eligibility: await evaluate(db, { program, woman, beneficiary, year, requestedFen: null }) });
    }
  }
  return { woman, results };
}

/** Who the beneficiary is comes from the card, never from the form. */
export function beneficiaryFromCard(woman: WomanRow, beneficiary: SubsidyBeneficiary) {
  return beneficiary === 'woman'
    ? { beneficiary_name: woman.name, beneficiary_id_number: woman.id_number }
    : { beneficiary_name: woman.spouse_name ?? '', beneficiary_id_number: woman.spouse_id_number ?? null };
}

/** Cards matching a name or ID fragment, in scope (the "new application" page without a card); none for no term. */
export async function findWomen(db: Knex, scope: Scope, term: string | undefined) {
  return term ? searchWomen(db, scope, term) : [];
}
