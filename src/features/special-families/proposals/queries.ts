/**
 * The register's couples that may be special families: cards in the scope with exactly one child, deceased or
 * disabled, and no open file — only a narrowing for speed; the rule itself (src/domain/eligibility.ts) decides.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { CardFacts, CertificateFacts, ChildFacts } from '../../../domain/eligibility.ts';

export interface CandidateRow {
  id: number;
  name: string;
  id_number: string;
  birth_date: string;
  hukou_kind: CardFacts['hukouKind'];
  marital_status: CardFacts['maritalStatus'];
  status: CardFacts['status'];
  exit_reason: CardFacts['exitReason'];
  exit_date: string | null;
  spouse_name: string | null;
  spouse_id_number: string | null;
  spouse_hukou_kind: CardFacts['hukouKind'];
  village_code: string;
  village_name: string;
  township_name: string;
  child_name: string | null;
  child_sex: ChildFacts['sex'];
  child_birth_date: string;
  child_policy_status: ChildFacts['policyStatus'];
  child_vital_status: ChildFacts['vitalStatus'];
  child_disability_grade: number | null;
  child_death_date: string | null;
}

export async function candidates(db: Knex, scope: Scope, prefix: string, womanId?: number): Promise<CandidateRow[]> {
  const q = db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .join('children as c', 'c.woman_id', 'w.id')
    .whereIn('w.region_id', villagesInScope(db, scope))
    .whereLike('v.code', `${prefix}%`)
    .whereIn('c.vital_status', ['deceased', 'disabled'])
    .whereRaw('(select count(*) from children c2 where c2.woman_id = w.id) = 1')
    .whereNotExists(db('special_family_files as f').whereRaw('f.woman_id = w.id').whereNull('f.closed_on'))
    .select<CandidateRow[]>(
      'w.id',
      'w.name',
      'w.id_number',
      'w.birth_date',
      'w.hukou_kind',
      'w.marital_status',
      'w.status',
      'w.exit_reason',
      'w.exit_date',
      'w.spouse_name',
      'w.spouse_id_number',
      'w.spouse_hukou_kind',
      'v.code as village_code',
      'v.name as village_name',
      't.name as township_name',
      'c.name as child_name',
      'c.sex as child_sex',
      'c.birth_date as child_birth_date',
      'c.policy_status as child_policy_status',
      'c.vital_status as child_vital_status',
      'c.disability_grade as child_disability_grade',
      'c.death_date as child_death_date',
    )
    .orderBy([{ column: 'v.code' }, { column: 'w.name' }, { column: 'w.id' }]);
  if (womanId !== undefined) q.where('w.id', womanId);
  return q;
}

export async function certificatesOf(db: Knex, womanIds: number[]): Promise<Map<number, CertificateFacts[]>> {
  const out = new Map<number, CertificateFacts[]>();
  if (womanIds.length === 0) return out;
  const rows: { woman_id: number; kind: string; number: string; issued_on: string; revoked_on: string | null }[] = await db('certificates')
    .whereIn('woman_id', womanIds)
    .select('woman_id', 'kind', 'number', 'issued_on', 'revoked_on');
  for (const r of rows) out.set(r.woman_id, [...(out.get(r.woman_id) ?? []), { kind: r.kind, number: r.number, issuedOn: r.issued_on, revokedOn: r.revoked_on }]);
  return out;
}

/** Her latest approved 特扶 application of a program (the file links to it). */
export async function approvedApplication(db: Knex, womanId: number, program: 'special_assistance_death' | 'special_assistance_disability'): Promise<number | undefined> {
  const row = await db('subsidy_applications')
    .where('woman_id', womanId)
    .where('program', program)
    .whereIn('status', ['approved', 'township_approved', 'submitted'])
    .orderBy([
      { column: 'year', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first<{ id: number } | undefined>('id');
  return row?.id;
}
