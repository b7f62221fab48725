/**
 * Scope-matrix rows of the API clients' admin pages (admin @ county only). The JSON API itself authenticates by
 * bearer token, not by session, and is tested in test/http/api.
 */
import { createClient } from '../../../src/features/api/clients/service.ts';
import { castActor } from '../../helpers/scenario.ts';
import { testNow } from '../../helpers/clock.ts';
import type { MatrixFixtures, MatrixRow } from './role-matrix.ts';

const adminOnly = (ok: number) => ({ admin: ok, countySup: 403, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 });

/** A fresh, unrevoked client of township B (kept in f.records.apiClient). */
async function freshClient(f: MatrixFixtures): Promise<void> {
  const { client } = await createClient(
    f.db,
    castActor(f, 'admin'),
    { name: '矩阵客户端', purpose: '矩阵测试', region_id: f.world.townshipB.id, access: 'read', rate_limit_per_minute: 60, reason: '矩阵' },
    testNow(),
  );
  f.records.apiClient = client.id;
}

export const API_ROWS: MatrixRow[] = [
  { name: 'GET /admin/api-clients', method: 'GET', path: () => '/admin/api-clients', expect: adminOnly(200) },
  { name: 'GET /admin/api-clients/new', method: 'GET', path: () => '/admin/api-clients/new', expect: adminOnly(200) },
  {
    name: 'POST /admin/api-clients',
    method: 'POST',
    path: () => '/admin/api-clients',
    body: (f, _who, n) => ({ name: `矩阵系统${n}`, purpose: '矩阵测试', region_id: String(f.world.townshipA.id), access: 'read', rate_limit_per_minute: '60', reason: '矩阵' }),
    expect: adminOnly(201),
  },
  {
    name: 'GET /admin/api-clients/:id',
    method: 'GET',
    prepare: async (f) => {
      if (!f.records.apiClient) await freshClient(f);
    },
    path: (f) => `/admin/api-clients/${f.records.apiClient}`,
    expect: adminOnly(200),
  },
  { name: 'GET /admin/api-clients/:id (missing)', method: 'GET', path: () => '/admin/api-clients/999999', expect: adminOnly(404) },
  {
    name: 'POST /admin/api-clients/:id/revoke',
    method: 'POST',
    prepare: (f) => freshClient(f),
    path: (f) => `/admin/api-clients/${f.records.apiClient}/revoke`,
    body: () => ({ reason: '矩阵吊销' }),
    expect: adminOnly(303),
  },
];
