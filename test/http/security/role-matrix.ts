/**
 * The authorization matrix as data (OWASP authorization-testing cheat sheet): each row is a request, each cell
 * the answer one actor must get. 200 page · 303 accepted (or sent to sign in, for anonymous) · 403 wrong role
 * · 404 missing or out of scope (the same answer). A failure names the row and the actor.
 *
 * Features add rows: e.g. a card of township B read by township A —
 *   { name: 'GET /women/:id (B)', method: 'GET', path: (f) => `/women/${f.records.womanB}`,
 *     expect: { clerkA: 404, supA: 404, clerkB: 200, supB: 200, countySup: 200, admin: 200, anonymous: 303 } }
 * and put the records they need in `records` through MATRIX_FIXTURES.
 */
import type { Knex } from 'knex';
import type { Cast, Who } from '../../helpers/actors.ts';
import { seedScenario } from '../../helpers/scenario.ts';
import { version } from './matrix-kit.ts';
import { FILTER_ROWS } from './rows-filters.ts';
import { FLOATING_ROWS } from './rows-floating.ts';
import { OUTSIDE_BIRTH_ROWS } from './rows-outside-births.ts';
import { NETWORK_ROWS, networkFixtures } from './rows-network.ts';
import { REGISTER_ROWS } from './rows-register.ts';
import { SERVICE_ROWS } from './rows-services.ts';
import { REPORT_ROWS, SUBSIDY_ROWS } from './rows-reports-subsidies.ts';
import { SPECIAL_FAMILY_ROWS } from './rows-special-families.ts';
import { APPLICATION_ROWS } from './rows-applications.ts';
import { SCHEDULE_ROWS } from './rows-schedules.ts';
import { API_ROWS } from './rows-api.ts';
import { LEVELS_ROWS } from './rows-levels.ts';
import { FIGURE_ROWS } from './rows-figures.ts';

export interface MatrixFixtures extends Cast {
  /** Record ids made by MATRIX_FIXTURES, by name (womanA, womanB, …). */
  records: Record<string, number>;
  db: Knex;
}

/**
 * The answer of each actor. The village worker (villageA1) is refused wherever a row does not name her: the
 * matrix accepts 403 (not her role) or 404 (outside her village) and checks a refused POST changed nothing.
 */
export type Expectation = Record<Exclude<Who, 'villageA1'>, number> & { villageA1?: number };

export interface MatrixRow {
  name: string;
  method: 'GET' | 'POST';
  path: (f: MatrixFixtures) => string | Promise<string>;
  /** Form fields for a POST (read at request time: versions change as cells succeed); n is unique per cell. */
  body?: (f: MatrixFixtures, who: Who, n: number) => Promise<Record<string, string | string[]>> | Record<string, string | string[]>;
  /** Runs before each cell: a fresh record for a write that can succeed only once (kept in f.records). */
  prepare?: (f: MatrixFixtures, who: Who) => Promise<void>;
  expect: Expectation;
  /** Texts an actor must not see on a page it may open (scope inside a page: lists, logs). */
  mustNotShow?: Partial<Record<Who, (f: MatrixFixtures) => string[]>>;
  /** Texts the page must show (so a `mustNotShow` check is not passed by an empty page). */
  mustShow?: Partial<Record<Who, (f: MatrixFixtures) => string[]>>;
}

/** Makers of the records the rows need; each returns ids by name. */
export const MATRIX_FIXTURES: ((db: Knex, cast: Cast) => Promise<Record<string, number>>)[] = [
  async (db, cast) => {
    // An account that only administration rows act on, so the actors' own sessions stay intact.
    const { makeUser } = await import('../../helpers/fixtures.ts');
    const target = await makeUser(db, { username: `target_${process.pid % 10000}`, role: 'clerk', regionId: cast.world.townshipB.id });
    return { targetUser: target.id };
  },
  // Records of every feature in townships A and B (test/helpers/scenario.ts).
  async (db, cast) => (await seedScenario(db, cast)).records,
  networkFixtures,
];

const adminOnly = (ok: number): Expectation => ({ admin: ok, countySup: 403, supA: 403, clerkA: 403, supB: 403, clerkB: 403, anonymous: 303 });
const everyone = (ok: number): Expectation => ({ admin: ok, countySup: ok, supA: ok, clerkA: ok, supB: ok, clerkB: ok, villageA1: ok, anonymous: 303 });

export const ROLE_MATRIX: MatrixRow[] = [
  { name: 'GET / (home)', method: 'GET', path: () => '/', expect: everyone(200) },
  { name: 'GET /account/password', method: 'GET', path: () => '/account/password', expect: everyone(200) },
  { name: 'GET /admin/regions', method: 'GET', path: () => '/admin/regions', expect: adminOnly(200) },
  { name: 'GET /admin/users', method: 'GET', path: () => '/admin/users', expect: adminOnly(200) },
  { name: 'GET /admin/users/new', method: 'GET', path: () => '/admin/users/new', expect: adminOnly(200) },
  { name: 'GET /admin/users/:id', method: 'GET', path: (f) => `/admin/users/${f.records.targetUser}`, expect: adminOnly(200) },
  { name: 'GET /admin/users/:id (missing)', method: 'GET', path: () => '/admin/users/999999', expect: adminOnly(404) },
  {
    name: 'GET /audit',
    method: 'GET',
    path: () => '/audit?action=login.success',
    expect: { admin: 200, countySup: 200, supA: 200, supB: 200, clerkA: 403, clerkB: 403, anonymous: 303 },
    // Every actor has signed in by the time this row runs, so each township's sign-ins are in the log.
    mustNotShow: {
      supA: (f) => [f.users.supB.username, f.users.clerkB.username],
      supB: (f) => [f.users.supA.username, f.users.clerkA.username],
    },
    mustShow: {
      supA: (f) => [f.users.supA.username, f.users.clerkA.username],
      supB: (f) => [f.users.supB.username, f.users.clerkB.username],
      countySup: (f) => [f.users.supA.username, f.users.supB.username],
    },
  },
  {
    name: 'GET /audit (another township’s account)',
    method: 'GET',
    path: (f) => `/audit?entity=user&entity_id=${f.users.clerkB.id}`,
    expect: { admin: 200, countySup: 200, supA: 200, supB: 200, clerkA: 403, clerkB: 403, anonymous: 303 },
    mustNotShow: { supA: (f) => [f.users.clerkB.username] },
  },
  {
    name: 'POST /admin/regions',
    method: 'POST',
    path: () => '/admin/regions',
    body: (_f, _who, n) => ({ code: `990100002${String(100 + (n % 900)).padStart(3, '0')}`, name: `矩阵村${n}` }),
    expect: adminOnly(303),
  },
  {
    name: 'POST /admin/regions/:id/rename',
    method: 'POST',
    path: (f) => `/admin/regions/${f.world.villageA2.id}/rename`,
    body: async (f, _who, n) => ({ name: `改名村${n}`, version: await version(f.db, 'regions', f.world.villageA2.id) }),
    expect: adminOnly(303),
  },
  {
    name: 'POST /admin/users',
    method: 'POST',
    path: () => '/admin/users',
    body: (f, _who, n) => ({ username: `matrix_${n}`, display_name: '矩阵用户', role: 'clerk', region_id: String(f.world.townshipA.id), password: 'Matrix-Pass-123' }),
    expect: adminOnly(303),
  },
  ...(['disable', 'enable', 'unlock'] as const).map((action): MatrixRow => ({
    name: `POST /admin/users/:id/${action}`,
    method: 'POST',
    path: (f) => `/admin/users/${f.records.targetUser}/${action}`,
    body: async (f) => ({ version: await version(f.db, 'users', f.records.targetUser) }),
    expect: adminOnly(303),
  })),
  {
    name: 'POST /admin/users/:id/password',
    method: 'POST',
    path: (f) => `/admin/users/${f.records.targetUser}/password`,
    body: async (f) => ({ password: 'Reset-Matrix-1', version: await version(f.db, 'users', f.records.targetUser) }),
    expect: adminOnly(303),
  },
  {
    name: 'POST /admin/users/:id/disable (missing)',
    method: 'POST',
    path: () => '/admin/users/999999/disable',
    body: () => ({ version: '1' }),
    expect: adminOnly(404),
  },
  ...REGISTER_ROWS,
  ...SERVICE_ROWS,
  ...FILTER_ROWS,
  ...REPORT_ROWS,
  ...SUBSIDY_ROWS,
  ...SPECIAL_FAMILY_ROWS,
  ...APPLICATION_ROWS,
  ...FLOATING_ROWS,
  ...OUTSIDE_BIRTH_ROWS,
  ...SCHEDULE_ROWS,
  ...NETWORK_ROWS,
  ...API_ROWS,
  ...LEVELS_ROWS,
  ...FIGURE_ROWS,
];
