/**
 * List filters that name a region (`?village=`, `?township=`): a code outside the caller's scope, unknown, or of
 * the wrong level answers 404 — the same as a record out of scope (DESIGN §1) — rather than an empty list that
 * still tells the caller the code exists somewhere, or a page headed with another township's village.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../auth/actor.ts';
import { NotFoundError } from '../../errors.ts';
import type { RegionLevel } from '../../domain/codes.ts';
import { regionInScope } from './service.ts';

/** The region the filter names (undefined without a filter); 404 when it is outside the scope or of another level. */
export async function assertFilterInScope(db: Knex, scope: Scope, code: string | undefined, level: RegionLevel): Promise<{ id: number; code: string; name: string } | undefined> {
  if (!code) return undefined;
  const region = await regionInScope(db, scope, code);
  if (region.level !== level) throw new NotFoundError('未找到该区划，或不在您的管辖范围内。');
  return region;
}
