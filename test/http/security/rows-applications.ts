/**
 * Scope-matrix rows of certificate applications (issue 17 §1): township B's applications read by B and the
 * county (404 for A), started and submitted by B's clerk and supervisor, decided and revoked by B's supervisor
 * only (403 for a clerk or the county, 404 for A's supervisor), printed by B.
 */
import { createApplication, decideApplication, submitApplication } from '../../../src/features/applications/service.ts';
import type { Who } from '../../helpers/actors.ts';
import { castActor } from '../../helpers/scenario.ts';
import { anyone, freshCard, readB, today, version, writeB } from './matrix-kit.ts';
import type { MatrixFixtures, MatrixRow } from './role-matrix.ts';

const FULL = ['hukou_booklet', 'id_card', 'marriage_certificate'] as const;
const supBOnly = (ok: number): Omit<Record<Who, number>, 'villageA1'> => ({ admin: 403, countySup: 403, supA: 404, clerkA: 403, supB: ok, clerkB: 403, anonymous: 303 });

/** A fresh application of township B (f.records.certAppB) at a stage of the workflow. */
async function freshCertApp(f: MatrixFixtures, stage: 'draft' | 'submitted' | 'approved') {
  const card = await freshCard(f);
  const clerk = castActor(f, 'clerkB');
  let app = await createApplication(f.db, clerk, card.id, { kind: 'birth_registration', child_order: 1, applicant: 'self', evidence: [...FULL] });
  if (stage !== 'draft') app = await submitApplication(f.db, clerk, app.id, { version: app.version }, today());
  if (stage === 'approved') app = await decideApplication(f.db, castActor(f, 'supB'), app.id, 'approve', { version: app.version }, today());
  f.records.certAppB = app.id;
}

export const APPLICATION_ROWS: MatrixRow[] = [
  { name: 'GET /applications', method: 'GET', path: () => '/applications', expect: anyone(200) },
  { name: 'GET /applications?status=overdue', method: 'GET', path: () => '/applications?status=overdue', expect: anyone(200) },
  { name: 'GET /applications?village=B1', method: 'GET', path: (f) => `/applications?village=${f.world.villageB1.code}`, expect: readB(200) },
  { name: 'GET /applications/:id (B)', method: 'GET', path: (f) => `/applications/${f.records.certAppB}`, prepare: (f) => freshCertApp(f, 'draft'), expect: readB(200) },
  { name: 'GET /women/:id/applications/new (B)', method: 'GET', path: (f) => `/women/${f.records.freshB}/applications/new`, prepare: (f) => freshCard(f).then(() => undefined), expect: writeB(200) },
  {
    name: 'POST /women/:id/applications (B)',
    method: 'POST',
    path: (f) => `/women/${f.records.freshB}/applications`,
    prepare: (f) => freshCard(f).then(() => undefined),
    body: () => ({ kind: 'migrant_certificate', applicant: 'self', evidence: ['id_card'] }),
    expect: writeB(303),
  },
  {
    name: 'POST /applications/:id/submit (B)',
    method: 'POST',
    path: (f) => `/applications/${f.records.certAppB}/submit`,
    prepare: (f) => freshCertApp(f, 'draft'),
    body: async (f) => ({ version: await version(f.db, 'certificate_applications', f.records.certAppB!) }),
    expect: writeB(303),
  },
  {
    name: 'POST /applications/:id/approve (B)',
    method: 'POST',
    path: (f) => `/applications/${f.records.certAppB}/approve`,
    prepare: (f) => freshCertApp(f, 'submitted'),
    body: async (f) => ({ version: await version(f.db, 'certificate_applications', f.records.certAppB!) }),
    expect: supBOnly(303),
  },
  {
    name: 'POST /applications/:id/revoke (B)',
    method: 'POST',
    path: (f) => `/applications/${f.records.certAppB}/revoke`,
    prepare: (f) => freshCertApp(f, 'approved'),
    body: async (f) => ({ revoked_on: today(), revoke_reason: '权限矩阵', version: await version(f.db, 'certificate_applications', f.records.certAppB!) }),
    expect: supBOnly(303),
  },
  {
    name: 'POST /applications/:id/print (B)',
    method: 'POST',
    path: (f) => `/applications/${f.records.certAppB}/print`,
    prepare: (f) => freshCertApp(f, 'approved'),
    expect: writeB(303),
  },
  { name: 'GET /applications/:id/print (B)', method: 'GET', path: (f) => `/applications/${f.records.certAppB}/print`, prepare: (f) => freshCertApp(f, 'approved'), expect: readB(200) },
];
