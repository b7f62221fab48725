/**
 * Certificate numbers (issue 17 §1.3): `<township code>-<year>-<kind prefix>-<5 digits>` from the township's
 * sequence per kind and year, taken inside the approving transaction (no gaps, no duplicates under concurrency).
 */
import type { Knex } from 'knex';
import { certificateNumber, MAX_SEQUENCE } from '../../../domain/certificate-workflow.ts';
import type { CertificateKind } from '../../../domain/codes.ts';
import { ValidationError } from '../../../errors.ts';
import { takeNextSequence } from './queries.ts';

export async function issueNumber(trx: Knex, township: { id: number; code: string }, kind: CertificateKind, year: number): Promise<string> {
  const sequence = await takeNextSequence(trx, township.id, kind, year);
  if (sequence > MAX_SEQUENCE) throw ValidationError.form(`本乡镇 ${year} 年的证号已用完（${MAX_SEQUENCE}），请联系县管理员。`);
  return certificateNumber(township.code, year, kind, sequence);
}
