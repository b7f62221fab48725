/**
 * The signed-in user kept on req.user. The principal is kept in the session (written at sign-in) and not reloaded
 * per request: whatever changes who she is (disable, role, region, password reset) deletes her session rows in the
 * same transaction (a trigger on users for role/region/active, the services for passwords), which every instance sees.
 */
import type { Request } from 'express';
import type { Role } from '../domain/codes.ts';
import type { ScopeLevel } from '../domain/permissions.ts';
import type { Actor, UserIdentity } from './actor.ts';

export interface Principal extends UserIdentity {
  id: number;
  mustChangePassword: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Principal {}
  }
}

declare module 'express-session' {
  interface SessionData {
    flash?: { type: 'success' | 'error' | 'info'; text: string }[];
    signedInAt?: number;
    lastSeen?: number;
    passport?: { user?: number };
    /** The signed-in user as at sign-in (issue 19 §4: no user reload per request). */
    principal?: Principal;
    /** Set once the signed-in session row exists: later saves only update it, never bring back a deleted row. */
    principalStored?: boolean;
  }
}

export function principalOf(row: {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  region_id: number;
  region_code: string;
  region_name: string;
  region_level: string;
  must_change_password: boolean;
}): Principal {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    level: scopeLevelOf(row.region_level),
    regionId: row.region_id,
    regionCode: row.region_code,
    regionName: row.region_name,
    mustChangePassword: row.must_change_password,
  };
}

/** The scope level of a region level (anything unknown reads as the narrowest, a township's). */
function scopeLevelOf(level: string): ScopeLevel {
  return level === 'county' || level === 'village' || level === 'city' || level === 'province' ? level : 'township';
}

export function actorFromPrincipal(p: Principal, ip?: string): Actor {
  const { id, mustChangePassword: _mustChange, ...identity } = p;
  return { ...identity, userId: id, ip, scope: { level: p.level, regionId: p.regionId, code: p.regionCode } };
}

/** The Actor for the signed-in user of a request (routes pass it to services). */
export function actorOf(req: Request): Actor {
  if (!req.user) throw new Error('actorOf called on a request without a signed-in user');
  return actorFromPrincipal(req.user, req.ip);
}
