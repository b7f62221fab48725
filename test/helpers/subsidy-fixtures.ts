/**
 * Register rows for subsidy tests, inserted directly: the register feature (issue 3) is built elsewhere, and the
 * subsidies feature depends only on its schema. ID numbers are valid (GB 11643) and unique per run.
 */
import type { Knex } from 'knex';
import type { ExitReason, HukouKind, MaritalStatus } from '../../src/domain/codes.ts';
import { makeIdNumber } from '../../src/domain/id-number.ts';

let seq = 100 + (process.pid % 300) * 2;
function nextSeq(sex: 'male' | 'female'): number {
  seq += 2;
  if (seq > 998) seq = 100;
  return sex === 'female' ? seq : seq + 1;
}

export function idNumber(birthDate: string, sex: 'male' | 'female' = 'female'): string {
  return makeIdNumber('990100', birthDate, nextSeq(sex));
}

export interface WomanFixture {
  regionId: number;
  name?: string;
  birthDate?: string;
  hukouKind?: HukouKind;
  maritalStatus?: MaritalStatus;
  marriageDate?: string | null;
  spouseName?: string | null;
  spouseBirthDate?: string | null;
  spouseIdNumber?: string | null;
  spouseHukouKind?: HukouKind | null;
  status?: 'active' | 'exited';
  exitReason?: ExitReason | null;
  exitDate?: string | null;
}

export async function insertWoman(db: Knex, f: WomanFixture): Promise<{ id: number; id_number: string; name: string; spouse_name: string | null }> {
  const birthDate = f.birthDate ?? '1960-03-01';
  const exited = (f.status ?? 'exited') === 'exited';
  const spouseName = f.spouseName === undefined ? '李建国' : f.spouseName;
  const spouseId = f.spouseIdNumber !== undefined ? f.spouseIdNumber : spouseName ? idNumber(f.spouseBirthDate ?? '1958-07-07', 'male') : null;
  const [row] = await db('women')
    .insert({
      region_id: f.regionId,
      id_number: idNumber(birthDate),
      name: f.name ?? '王秀英',
      birth_date: birthDate,
      hukou_kind: f.hukouKind ?? 'agricultural',
      marital_status: f.maritalStatus ?? 'first_marriage',
      marriage_date: f.marriageDate === undefined ? '1982-05-01' : f.marriageDate,
      spouse_name: spouseName,
      spouse_id_number: spouseId,
      spouse_hukou_kind: f.spouseHukouKind === undefined ? (spouseName ? 'agricultural' : null) : f.spouseHukouKind,
      status: exited ? 'exited' : 'active',
      exit_reason: exited ? (f.exitReason ?? 'over_age') : null,
      exit_date: exited ? (f.exitDate ?? '2010-03-01') : null,
    })
    .returning(['id', 'id_number', 'name', 'spouse_name']);
  return row;
}

export interface ChildFixture {
  name?: string;
  sex?: 'male' | 'female';
  birthDate?: string;
  birthOrder?: number;
  policyStatus?: 'compliant' | 'non_compliant';
  vitalStatus?: 'living' | 'deceased' | 'disabled';
  disabilityGrade?: number | null;
  deathDate?: string | null;
}

export async function insertChild(db: Knex, woman: { id: number }, regionId: number, c: ChildFixture = {}) {
  const [row] = await db('children')
    .insert({
      woman_id: woman.id,
      region_id: regionId,
      name: c.name ?? '李小红',
      sex: c.sex ?? 'female',
      birth_date: c.birthDate ?? '1985-06-01',
      birth_order: c.birthOrder ?? 1,
      policy_status: c.policyStatus ?? 'compliant',
      vital_status: c.vitalStatus ?? 'living',
      disability_grade: c.disabilityGrade ?? null,
      death_date: c.deathDate ?? null,
    })
    .returning('*');
  return row;
}

export async function insertCertificate(db: Knex, woman: { id: number }, regionId: number, c: { number?: string; issuedOn?: string; revokedOn?: string | null } = {}) {
  const [row] = await db('certificates')
    .insert({
      woman_id: woman.id,
      region_id: regionId,
      kind: 'only_child_glory',
      number: c.number ?? `GR${Date.now()}${nextSeq('female')}`,
      issued_on: c.issuedOn ?? '1990-01-01',
      revoked_on: c.revokedOn ?? null,
      revoke_reason: c.revokedOn ? '再生育' : null,
    })
    .returning('*');
  return row;
}

/** A rural couple over 60 with one living compliant child: eligible for 奖扶. */
export async function rewardEligibleWoman(db: Knex, regionId: number, name = '王秀英') {
  const w = await insertWoman(db, { regionId, name, birthDate: '1960-03-01' });
  await insertChild(db, w, regionId, { birthDate: '1985-06-01' });
  return w;
}

/** A mother over 49 whose only child died: eligible for 特扶 (death). */
export async function deathEligibleWoman(db: Knex, regionId: number, name = '赵桂芝') {
  const w = await insertWoman(db, { regionId, name, birthDate: '1972-04-02', exitDate: '2022-04-02' });
  await insertChild(db, w, regionId, { name: '李明', sex: 'male', birthDate: '1996-02-02', vitalStatus: 'deceased', deathDate: '2018-08-08' });
  return w;
}

/** Fields of a complete application form (the bank account holder is the woman). */
export function completeForm(w: { id: number; name: string }, program: string, evidence: string[], year = 2026) {
  return {
    woman: String(w.id),
    program,
    year: String(year),
    beneficiary: 'woman',
    bank_name: '示例县农村信用合作联社',
    bank_account: '6217 9901 0000 1234 567',
    account_holder: w.name,
    evidence,
  };
}

export const REWARD_EVIDENCE = ['hukou_booklet', 'id_card', 'marriage_certificate', 'village_certification', 'bank_account'];
export const DEATH_EVIDENCE = ['hukou_booklet', 'id_card', 'only_child_certificate', 'death_certificate', 'bank_account'];
