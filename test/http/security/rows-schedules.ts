/** Scope-matrix rows of the follow-up schedules screen (/admin/follow-up-schedules, admin @ county only). */
import type { Who } from '../../helpers/actors.ts';
import type { MatrixFixtures, MatrixRow } from './role-matrix.ts';

const adminOnly = (ok: number): Omit<Record<Who, number>, 'villageA1'> => ({ admin: ok, countySup: 403, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 });
const firstSchedule = async (f: MatrixFixtures) => ((await f.db('follow_up_schedules').where({ trigger: 'marriage' }).orderBy('id').first('id')) as { id: number }).id;

export const SCHEDULE_ROWS: MatrixRow[] = [
  { name: 'GET /admin/follow-up-schedules', method: 'GET', path: () => '/admin/follow-up-schedules', expect: adminOnly(200) },
  {
    name: 'POST /admin/follow-up-schedules',
    method: 'POST',
    path: () => '/admin/follow-up-schedules',
    body: (_f, _who, n) => ({ trigger: 'marriage', months_after: '2', days_after: String(100 + (n % 3000)), level: 'village', reason: '矩阵' }),
    expect: adminOnly(303),
  },
  { name: 'GET /admin/follow-up-schedules/:id/edit', method: 'GET', path: async (f) => `/admin/follow-up-schedules/${await firstSchedule(f)}/edit`, expect: adminOnly(200) },
  {
    name: 'POST /admin/follow-up-schedules/:id',
    method: 'POST',
    path: async (f) => `/admin/follow-up-schedules/${await firstSchedule(f)}`,
    body: () => ({ months_after: '1', days_after: '0', level: 'village', active: '1', reason: '矩阵' }),
    expect: adminOnly(303),
  },
  {
    name: 'POST /admin/device-lifetimes',
    method: 'POST',
    path: () => '/admin/device-lifetimes',
    body: () => ({ iud: '8', implant: '5', lifetime_reason: '矩阵' }),
    expect: adminOnly(303),
  },
];
