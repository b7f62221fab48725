/**
 * Proposals (建档建议): couples the register makes eligible for 特别扶助 — the 特扶 rule of src/domain/eligibility.ts
 * with the programs' stored parameters, evaluated on the end of this year like an application of this year — that
 * have no open file. One click opens the new-file form filled from the card.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import type { SpecialFamilyKind } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { evaluateEligibility, type EligibilityInput } from '../../../domain/eligibility.ts';
import { NotFoundError } from '../../../errors.ts';
import { listPrograms } from '../../subsidies/service.ts';
import * as q from './queries.ts';

export interface Proposal extends q.CandidateRow {
  kind: SpecialFamilyKind;
}

const PROGRAM_OF: Record<SpecialFamilyKind, 'special_assistance_death' | 'special_assistance_disability'> = {
  loss: 'special_assistance_death',
  disability: 'special_assistance_disability',
};

function input(c: q.CandidateRow, certificates: EligibilityInput['certificates'], on: IsoDate): EligibilityInput {
  return {
    card: {
      birthDate: c.birth_date,
      hukouKind: c.hukou_kind ?? null,
      maritalStatus: c.marital_status,
      status: c.status,
      exitReason: c.exit_reason ?? null,
      exitDate: c.exit_date ?? null,
      spouseName: c.spouse_name ?? null,
      spouseIdNumber: c.spouse_id_number ?? null,
      spouseHukouKind: c.spouse_hukou_kind ?? null,
    },
    children: [
      {
        name: c.child_name,
        sex: c.child_sex,
        birthDate: c.child_birth_date,
        policyStatus: c.child_policy_status,
        vitalStatus: c.child_vital_status,
        disabilityGrade: c.child_disability_grade,
        deathDate: c.child_death_date,
      },
    ],
    certificates,
    beneficiary: 'woman',
    on,
  };
}

/** The couples under a code prefix in the scope the 特扶 rule accepts on `on`, without an open file. */
export async function proposals(db: Knex, scope: Scope, prefix: string, on: IsoDate, womanId?: number): Promise<Proposal[]> {
  if (!prefix.startsWith(scope.code)) throw new NotFoundError('该区划不在您的管辖范围内。');
  const [rows, programs] = await Promise.all([q.candidates(db, scope, prefix, womanId), listPrograms(db)]);
  const certs = await q.certificatesOf(
    db,
    rows.map((r) => r.id),
  );
  const out: Proposal[] = [];
  for (const r of rows) {
    for (const kind of ['loss', 'disability'] as const) {
      // A county that never stored the program's parameters gets the rule's defaults (like the report's SQL).
      const params = programs.find((p) => p.code === PROGRAM_OF[kind])?.params ?? {};
      if (evaluateEligibility(PROGRAM_OF[kind], params, input(r, certs.get(r.id) ?? [], on)).result === 'met') {
        out.push({ ...r, kind });
        break;
      }
    }
  }
  return out;
}

/** The new-file form's values from one proposal (the card, the child, the 特扶 application), or none. */
export async function prefillFrom(db: Knex, scope: Scope, womanId: number, on: IsoDate, today: IsoDate) {
  const [p] = await proposals(db, scope, scope.code, on, womanId);
  if (!p) return undefined;
  return {
    kind: p.kind,
    husband_name: p.spouse_name ?? '',
    child_name: p.child_name ?? '',
    child_event_on: p.kind === 'loss' ? (p.child_death_date ?? '') : '',
    disability_grade: p.kind === 'disability' ? (p.child_disability_grade ?? '') : '',
    subsidy_application_id: (await q.approvedApplication(db, womanId, PROGRAM_OF[p.kind])) ?? '',
    opened_on: today,
  };
}
