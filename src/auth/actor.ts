/**
 * The signed-in user as services see it: who acts, with which role, over which region. Services take an Actor
 * and never a request. `scope` is the region whose data the actor may read (a township or the whole county).
 */
import type { Role } from '../domain/codes.ts';
import type { ScopeLevel } from '../domain/permissions.ts';

export interface Scope {
  level: ScopeLevel;
  regionId: number;
  /** Region code: every village in scope has a code that starts with it. */
  code: string;
}

/** Who a user is and where they work: shared by the Actor (services) and the Principal (the session). */
export interface UserIdentity {
  username: string;
  displayName: string;
  role: Role;
  level: ScopeLevel;
  regionId: number;
  regionCode: string;
  regionName: string;
}

export interface Actor extends UserIdentity {
  userId: number;
  ip?: string;
  scope: Scope;
}

/** The operator command line acts as this system actor (audited as "system"), for a county unless told a level. */
export function systemActor(region: { id: number; code: string; name: string; level?: ScopeLevel }): Actor {
  const level = region.level ?? 'county';
  return {
    userId: 0,
    username: 'system',
    displayName: '系统',
    role: 'admin',
    level,
    regionId: region.id,
    regionCode: region.code,
    regionName: region.name,
    scope: { level, regionId: region.id, code: region.code },
  };
}
