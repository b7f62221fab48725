/**
 * Plausible values for enumerated routes: which record a `:param` names (by path prefix, from the scenario's
 * records of township A), who may use the route, and a form body that would be accepted if the request got
 * through. The route list itself comes from the router (test/helpers/routes.ts); a feature whose routes take
 * other parameters or fields adds them here.
 */
import type { ActorKey, Cast } from '../../helpers/actors.ts';

type Records = Record<string, number>;

/** Parameters for paths starting with a prefix (longest prefix wins); anything else gets 1. */
export const ROUTE_PARAMS: { prefix: string; params: (cast: Cast, r: Records) => Record<string, string | number> }[] = [
  // An account of its own when the test made one (a password reset or disable must not hit the actors).
  { prefix: '/admin/users/', params: (c, r) => ({ id: r.targetUser ?? c.users.clerkA.id }) },
  { prefix: '/admin/regions/', params: (c) => ({ id: c.world.villageA2.id }) },
  { prefix: '/women/', params: (_c, r) => ({ id: r.womanA, cid: r.childA, eid: r.episodeA }) },
  { prefix: '/women/:id/certificates/', params: (_c, r) => ({ id: r.womanA, cid: r.certA }) },
  { prefix: '/women/:id/pregnancies/', params: (_c, r) => ({ id: r.pregnantA, pid: r.pregA }) },
  { prefix: '/women/:id/reactivate', params: (_c, r) => ({ id: r.exitedA }) },
  { prefix: '/women/:id/transfer/cancel', params: (_c, r) => ({ id: r.movingA }) },
  { prefix: '/transfers/', params: (_c, r) => ({ tid: r.transferB }) },
  { prefix: '/transfers/:tid/cancel', params: (_c, r) => ({ tid: r.transferA }) },
  { prefix: '/follow-ups/', params: (_c, r) => ({ id: r.followUpA }) },
  { prefix: '/village/follow-ups/', params: (_c, r) => ({ id: r.followUpA }) },
  { prefix: '/check-rounds/', params: (_c, r) => ({ id: r.roundA }) },
  { prefix: '/subsidies/applications/', params: (_c, r) => ({ id: r.appDraftA }) },
  { prefix: '/subsidies/applications/:id/approve', params: (_c, r) => ({ id: r.appSubmittedA }) },
  { prefix: '/subsidies/applications/:id/return', params: (_c, r) => ({ id: r.appSubmittedA }) },
  { prefix: '/subsidies/applications/:id/reject', params: (_c, r) => ({ id: r.appSubmittedA }) },
  { prefix: '/subsidies/applications/:id/revoke', params: (_c, r) => ({ id: r.appApproved }) },
  { prefix: '/subsidies/payments/', params: (_c, r) => ({ id: r.batch, pid: r.payment }) },
  { prefix: '/subsidies/programs/', params: () => ({ code: 'only_child_reward' }) },
];

export function paramsFor(path: string, cast: Cast, records: Records = {}): Record<string, string | number> {
  const match = ROUTE_PARAMS.filter((r) => path.startsWith(r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return match ? match.params(cast, records) : {};
}

/** Who may use a route (DESIGN §1), by path prefix (longest wins); the admin otherwise. */
export const ROUTE_ACTORS: { prefix: string; who: ActorKey }[] = [
  { prefix: '/women', who: 'clerkA' },
  { prefix: '/transfers', who: 'clerkA' },
  { prefix: '/follow-ups', who: 'clerkA' },
  { prefix: '/check-rounds', who: 'clerkA' },
  { prefix: '/population', who: 'clerkA' },
  { prefix: '/village', who: 'villageA1' },
  { prefix: '/confirm-queue', who: 'clerkA' },
  { prefix: '/imports', who: 'clerkA' },
  { prefix: '/reports/monthly/submit', who: 'supA' },
  { prefix: '/reports/monthly/', who: 'countySup' },
  { prefix: '/reports/validation/acknowledge', who: 'supA' },
  { prefix: '/subsidies/applications', who: 'clerkA' },
  { prefix: '/subsidies/applications/:id/approve', who: 'supA' },
  { prefix: '/subsidies/applications/:id/return', who: 'supA' },
  { prefix: '/subsidies/applications/:id/reject', who: 'supA' },
  { prefix: '/subsidies/applications/:id/revoke', who: 'countySup' },
  { prefix: '/subsidies/payments', who: 'countySup' },
  { prefix: '/subsidies/audit/reviews', who: 'countySup' },
  { prefix: '/special-families', who: 'clerkA' },
  { prefix: '/applications', who: 'clerkA' },
  { prefix: '/applications/:id/approve', who: 'supA' },
  { prefix: '/applications/:id/return', who: 'supA' },
  { prefix: '/applications/:id/refuse', who: 'supA' },
  { prefix: '/applications/:id/revoke', who: 'supA' },
  { prefix: '/floating', who: 'clerkA' },
  { prefix: '/floating/exchange', who: 'countySup' },
  { prefix: '/floating/exchange/partners', who: 'admin' },
  { prefix: '/outside-births', who: 'clerkA' },
  { prefix: '/reports/county-months/submit', who: 'countySup' },
];

export function actorFor(path: string): ActorKey {
  return ROUTE_ACTORS.filter((r) => path.startsWith(r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0]?.who ?? 'admin';
}

/** One body with every field name the forms use, each with a value its form accepts. */
export function sampleBody(cast: Cast, n: number): Record<string, string> {
  return {
    code: `99010000100${n % 10}`,
    name: `样例${n}`,
    version: '1',
    username: `sample_${n}`,
    display_name: '样例用户',
    role: 'clerk',
    region_id: String(cast.world.townshipA.id),
    password: 'Sample-Pass-123',
    current_password: cast.users.admin.password,
    new_password: 'Sample-New-456',
    confirm_password: 'Sample-New-456',
    next: '/',
    // Register, services, population, reports and subsidies (values of township A).
    id_number: '11010519900307002X',
    village: cast.world.villageA1.code,
    hukou_kind: 'agricultural',
    marital_status: 'first_marriage',
    migrant_status: 'none',
    sex: 'female',
    birth_date: '2016-05-01',
    found_on: '2026-01-05',
    outcome: 'miscarriage',
    outcome_date: '2026-01-20',
    method: 'condom',
    started_on: '2026-01-05',
    ended_on: '2026-01-20',
    end_reason: 'switched',
    kind: 'counselling',
    number: `SAMPLE${n}`,
    issued_on: '2026-01-05',
    revoked_on: '2026-01-20',
    revoke_reason: '样例',
    moved_on: '2026-01-05',
    exit_reason: 'other',
    exit_date: '2026-01-20',
    reason: 'other',
    performed_on: '2026-01-05',
    complication: 'none',
    done_on: '2026-01-20',
    result: '正常',
    quarter: '2026-1',
    woman_id: '1',
    month: '2026-01',
    population_end: '1000',
    deaths: '1',
    region: cast.world.townshipA.code,
    comment: '样例',
    woman: '1',
    program: 'reward_assistance',
    year: '2026',
    beneficiary: 'woman',
    opinion: '样例意见',
    approval: 'township_county',
    tier: 'local',
    effective_from: '2030-01-01',
    amount: '100.00',
    period: '2026',
    status: 'paid',
  };
}
