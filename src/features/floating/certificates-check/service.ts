/**
 * 婚育证明 check (issue 16 §2 item 1): married women flowing out on a date without a valid 流动人口婚育证明 on that date
 * (none, expired or revoked), and inflow women whose certificate is missing, expired or revoked. The reason comes
 * from the pure rule (src/domain/floating.ts) over her latest certificate issued by then.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { certificateProblem, type CertificateProblem } from '../../../domain/floating.ts';
import * as q from './queries.ts';
import type { CertificateCheckQuery, CertificateCheckRow } from './queries.ts';

export type { CertificateCheckQuery } from './queries.ts';
export type CertificateCheckListRow = CertificateCheckRow & { problem: CertificateProblem };

function withProblem(on: string, r: CertificateCheckRow): CertificateCheckListRow {
  const certs = r.cert_issued_on ? [{ issued_on: r.cert_issued_on, expires_on: r.cert_expires_on, revoked_on: r.cert_revoked_on }] : [];
  return { ...r, problem: certificateProblem(certs, on) ?? 'none' };
}

export async function certificateCheckList(db: Knex, scope: Scope, f: CertificateCheckQuery, page: { limit: number; offset: number }): Promise<{ rows: CertificateCheckListRow[]; total: number }> {
  const { rows, total } = await q.certificateCheckPage(db, scope, f, page);
  return { rows: rows.map((r) => withProblem(f.on, r)), total };
}
