/**
 * Reads of the register (cards, children, certificates) for eligibility. The register belongs to another
 * feature: these are read-only joins, always inside the caller's scope.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import { likeContains, searchTerms } from '../../../domain/search-terms.ts';
import type { CardFacts, CertificateFacts, ChildFacts } from '../../../domain/eligibility.ts';

export interface WomanRow {
  id: number;
  region_id: number;
  village_code: string;
  village_name: string;
  township_name: string;
  id_number: string;
  name: string;
  birth_date: string;
  hukou_kind: CardFacts['hukouKind'];
  marital_status: CardFacts['maritalStatus'];
  status: CardFacts['status'];
  exit_reason: CardFacts['exitReason'];
  exit_date: string | null;
  spouse_name: string | null;
  spouse_id_number: string | null;
  spouse_hukou_kind: CardFacts['hukouKind'];
}

function womenQuery(db: Knex) {
  return db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .join('regions as t', 't.id', 'v.parent_id')
    .select<WomanRow[]>(
      'w.id',
      'w.region_id',
      'v.code as village_code',
      'v.name as village_name',
      't.name as township_name',
      'w.id_number',
      'w.name',
      'w.birth_date',
      'w.hukou_kind',
      'w.marital_status',
      'w.status',
      'w.exit_reason',
      'w.exit_date',
      'w.spouse_name',
      'w.spouse_id_number',
      'w.spouse_hukou_kind',
    );
}

/** A card inside the scope, or undefined (out of scope is the same as missing). */
export async function findWomanInScope(db: Knex, scope: Scope, id: number): Promise<WomanRow | undefined> {
  return womenQuery(db).where('w.id', id).whereIn('w.region_id', villagesInScope(db, scope)).first();
}

export async function findWomenByIds(db: Knex, ids: number[]): Promise<WomanRow[]> {
  if (ids.length === 0) return [];
  return womenQuery(db).whereIn('w.id', ids);
}

export function cardFacts(w: WomanRow): CardFacts {
  return {
    birthDate: w.birth_date,
    hukouKind: w.hukou_kind ?? null,
    maritalStatus: w.marital_status,
    status: w.status,
    exitReason: w.exit_reason ?? null,
    exitDate: w.exit_date ?? null,
    spouseName: w.spouse_name ?? null,
    spouseIdNumber: w.spouse_id_number ?? null,
    spouseHukouKind: w.spouse_hukou_kind ?? null,
  };
}

interface ChildRow {
  woman_id: number;
  name: string | null;
  sex: ChildFacts['sex'];
  birth_date: string;
  policy_status: ChildFacts['policyStatus'];
  vital_status: ChildFacts['vitalStatus'];
  disability_grade: number | null;
  death_date: string | null;
}

interface CertificateRow {
  woman_id: number;
  kind: string;
  number: string;
  issued_on: string;
  revoked_on: string | null;
}

/** Children and certificates of many cards at once (the eligibility audit reads a whole roster). */
export async function registerFactsOf(db: Knex, womanIds: number[]) {
  const children = new Map<number, ChildFacts[]>();
  const certificates = new Map<number, CertificateFacts[]>();
  if (womanIds.length === 0) return { children, certificates };
  const childRows: ChildRow[] = await db('children')
    .whereIn('woman_id', womanIds)
    .orderBy(['woman_id', 'birth_date', 'birth_order'])
    .select('woman_id', 'name', 'sex', 'birth_date', 'policy_status', 'vital_status', 'disability_grade', 'death_date');
  for (const c of childRows) {
    const list = children.get(c.woman_id) ?? [];
    list.push({
      name: c.name,
      sex: c.sex,
      birthDate: c.birth_date,
      policyStatus: c.policy_status,
      vitalStatus: c.vital_status,
      disabilityGrade: c.disability_grade,
      deathDate: c.death_date,
    });
    children.set(c.woman_id, list);
  }
  const certRows: CertificateRow[] = await db('certificates').whereIn('woman_id', womanIds).orderBy(['woman_id', 'issued_on']).select('woman_id', 'kind', 'number', 'issued_on', 'revoked_on');
  for (const c of certRows) {
    const list = certificates.get(c.woman_id) ?? [];
    list.push({ kind: c.kind, number: c.number, issuedOn: c.issued_on, revokedOn: c.revoked_on });
    certificates.set(c.woman_id, list);
  }
  return { children, certificates };
}

/** Cards in scope matching a name or part of an ID number (starting an application when the card page is not at hand). */
export async function searchWomen(db: Knex, scope: Scope, term: string, limit = 20): Promise<WomanRow[]> {
  const search = searchTerms(term);
  const q = womenQuery(db).whereIn('w.region_id', villagesInScope(db, scope));
  if (search?.kind === 'id') q.whereLike('w.id_number', likeContains(search.fragment));
  else if (search) q.whereILike('w.name', likeContains(search.name));
  return q.orderBy([{ column: 'w.name' }, { column: 'w.id' }]).limit(limit);
}
