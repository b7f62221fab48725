/**
 * Regions as other pages use them: choices for select lists, labelled with their level and parents
 * ("城关镇 · 东街村"), and list filters that name a region (`?village=`, `?township=`): a code outside the
 * caller's scope, unknown, or of the wrong level answers 404 — the same as a record out of scope (DESIGN §1) —
 * rather than an empty list that still tells the caller the code exists somewhere, or a page headed with
 * another township's village.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import type { RegionLevel } from '../../../domain/codes.ts';
import { NotFoundError } from '../../../errors.ts';
import { regionInScope, regionTree, regionsInScopeList, type RegionNode } from '../tree/service.ts';

export interface RegionOption {
  id: number;
  code: string;
  label: string;
  level: string;
  /** A village's own name and its township (villageOptions): pickers group villages by township with these. */
  name?: string;
  township_code?: string;
  township_name?: string;
}

const LEVEL_SUFFIX: Partial<Record<string, string>> = { province: '（省级）', city: '（市级）', county: '（县级）' };

/**
 * Every active region under the scope (everything without one), from its top down — province, city, county,
 * townships and their villages (where accounts live: a 村计生专干 sits at a village) — labelled with its path.
 */
export async function allRegionsForSelect(db: Knex, scope?: Scope): Promise<RegionOption[]> {
  const out: RegionOption[] = [];
  const walk = (node: RegionNode, path: string[]) => {
    if (!node.active) return;
    const names = [...path, node.name];
    out.push({ id: node.id, code: node.code, label: `${names.join(' · ')}${LEVEL_SUFFIX[node.level] ?? ''}`, level: node.level });
    for (const child of node.children) walk(child, names);
  };
  for (const root of await regionTree(db, scope)) walk(root, []);
  return out;
}

/**
 * Villages in scope, labelled with their township when the scope is the county; each carries its own name and its
 * township's code and name, so a picker can group them (views/partials/select.ejs, `group`).
 */
export async function villageOptions(db: Knex, scope: Scope, includeInactive = false): Promise<RegionOption[]> {
  // The townships are fetched beside the villages, not after.
  const [villages, townshipRows] = await Promise.all([regionsInScopeList(db, scope, 'village', includeInactive), regionsInScopeList(db, scope, 'township', true)]);
  const townships = new Map(townshipRows.map((t) => [t.id, t]));
  return villages.map((v) => {
    const township = townships.get(v.parent_id!);
    return {
      id: v.id,
      code: v.code,
      level: 'village',
      label: scope.level === 'county' ? `${township?.name ?? ''} · ${v.name}` : v.name,
      name: v.name,
      township_code: township?.code ?? v.code.slice(0, 9),
      township_name: township?.name ?? '',
    };
  });
}

/** Townships in scope (the county's, or just my own). */
export async function townshipOptions(db: Knex, scope: Scope): Promise<RegionOption[]> {
  if (scope.level === 'township') {
    const own = await regionsInScopeList(db, scope, 'township', true);
    return own.map((t) => ({ id: t.id, code: t.code, label: t.name, level: 'township' }));
  }
  return (await regionsInScopeList(db, scope, 'township')).map((t) => ({ id: t.id, code: t.code, label: t.name, level: 'township' }));
}

/** The region the filter names (undefined without a filter); 404 when it is outside the scope or of another level. */
export async function assertFilterInScope(db: Knex, scope: Scope, code: string | undefined, level: RegionLevel): Promise<{ id: number; code: string; name: string } | undefined> {
  if (!code) return undefined;
  const region = await regionInScope(db, scope, code);
  if (region.level !== level) throw new NotFoundError('未找到该区划，或不在您的管辖范围内。');
  return region;
}
