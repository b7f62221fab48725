/**
 * Plausible values for enumerated routes: which record a `:id` names (by path prefix) and a form body that would
 * be accepted if the request got through. The route list itself comes from the router (test/helpers/routes.ts);
 * a feature whose routes take other parameters or fields adds them here.
 */
import type { Cast } from '../../helpers/actors.ts';

/** Parameters for paths starting with a prefix (longest prefix wins); anything else gets 1. */
export const ROUTE_PARAMS: { prefix: string; params: (cast: Cast) => Record<string, string | number> }[] = [
  { prefix: '/admin/users/', params: (c) => ({ id: c.users.clerkA.id }) },
  { prefix: '/admin/regions/', params: (c) => ({ id: c.world.villageA2.id }) },
];

export function paramsFor(path: string, cast: Cast): Record<string, string | number> {
  const match = ROUTE_PARAMS.filter((r) => path.startsWith(r.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return match ? match.params(cast) : {};
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
  };
}
