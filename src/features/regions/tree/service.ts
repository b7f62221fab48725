/**
 * Regions: the root (a province, a city or — the default — a county) and everything below it. Codes are validated against the tree (the parent
 * follows from the code); deactivation is refused while something still hangs on the region.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import type { RegionLevel } from '../../../domain/codes.ts';
import { ABOVE_COUNTY, ancestorCodes, codeOutsideScope, isAbove, levelOfCode, parentCode, regionCodeProblem } from '../../../domain/regions.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import * as q from './queries.ts';

export type { RegionRow } from './queries.ts';

export interface RegionNode extends q.RegionRow {
  children: RegionNode[];
}

/** The whole tree under the county (or under a township for a township user). */
export async function regionTree(db: Knex, scope?: Scope): Promise<RegionNode[]> {
  const rows = scope ? await q.regionsByCodePrefix(db, scope.code) : await q.allRegions(db);
  const byId = new Map<number, RegionNode>(rows.map((r) => [r.id, { ...r, children: [] }]));
  const roots: RegionNode[] = [];
  for (const node of byId.values()) {
    const parent = node.parent_id ? byId.get(node.parent_id) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export async function getRegion(db: Knex, id: number): Promise<q.RegionRow> {
  const r = await q.findRegionById(db, id);
  if (!r) throw new NotFoundError('未找到该区划。');
  return r;
}

export async function getRegionByCode(db: Knex, code: string): Promise<q.RegionRow | undefined> {
  return q.findRegionByCode(db, code);
}

/** The first county: only right in a one-county deployment (callers that may run in a city's use listCounties). */
export async function getCounty(db: Knex): Promise<q.RegionRow | undefined> {
  return q.theCounty(db);
}

/** Every county of the deployment, by code. */
export async function listCounties(db: Knex): Promise<q.RegionRow[]> {
  return q.allCounties(db);
}

/** Active regions of a level inside a scope (for select lists: villages of my township, townships of the county). */
export async function regionsInScopeList(db: Knex, scope: Scope, level: RegionLevel, includeInactive = false) {
  const rows = await q.regionsByCodePrefix(db, scope.code, level);
  return includeInactive ? rows : rows.filter((r) => r.active);
}

/** A region by code, only if it lies inside the scope (404 otherwise, like a record that does not exist). */
export async function regionInScope(db: Knex, scope: Scope, code: string): Promise<q.RegionRow> {
  const r = code.startsWith(scope.code) ? await q.findRegionByCode(db, code) : undefined;
  if (!r) throw new NotFoundError('未找到该区划，或不在您的管辖范围内。');
  return r;
}

export interface NewRegion {
  code: string;
  name: string;
}

const LEVEL_WORD: Record<RegionLevel, string> = { province: '省级', city: '市级', county: '县级', township: '乡镇', village: '村(社区)' };

/** The parent of a new region, or null for the first root of an empty database (refusals at the code field). */
async function parentOfNew(db: Knex, code: string, level: RegionLevel): Promise<q.RegionRow | null> {
  if (level === 'township' || level === 'village') {
    const pc = parentCode(code)!;
    const parent = await q.findRegionByCode(db, pc);
    if (!parent) throw ValidationError.field('code', `上级区划 ${pc} 不存在：请先建立上级区划`);
    return parent;
  }
  // A county's parent is its city, or its province where the province has no cities; a city's, its province.
  for (const ancestor of ancestorCodes(code)) {
    const parent = await q.findRegionByCode(db, ancestor);
    if (parent && parent.level === 'province' && level === 'county' && (await q.countChildren(db, parent.id, 'city')) > 0) {
      throw ValidationError.field('code', `上级区划 ${parentCode(code)} 不存在：请先建立市级区划`);
    }
    if (parent) return parent;
  }
  const roots = await q.rootRegions(db);
  if (roots.length === 0) return null;
  const root = roots[0];
  if (root.level === 'county' && level === 'county') throw ValidationError.field('code', `本系统已设县级区划 ${root.code} ${root.name}，只能管理一个县`);
  if (!isAbove(root.level, level) || !code.startsWith(root.code)) {
    throw ValidationError.field('code', `本系统的最高区划是${LEVEL_WORD[root.level]} ${root.code} ${root.name}：新区划应在其下（代码以 ${root.code} 开头）`);
  }
  throw ValidationError.field('code', `上级区划 ${parentCode(code)} 不存在：请先建立上级区划`);
}

export async function createRegion(db: Knex, actor: Actor | null, input: NewRegion): Promise<q.RegionRow> {
  const code = input.code.trim();
  const name = input.name.trim();
  const problem = regionCodeProblem(code);
  if (problem) throw ValidationError.field('code', problem);
  if (!name) throw ValidationError.field('name', '请填写名称');
  // The table's CHECK (1–50 characters), said first: an import row would otherwise stop the whole file.
  if (name.length > 50) throw ValidationError.field('name', '名称不能超过 50 个字');
  const level = levelOfCode(code)!;
  return db.transaction(async (trx) => {
    if (await q.findRegionByCode(trx, code)) throw ValidationError.field('code', `区划代码 ${code} 已存在`);
    const parent = await parentOfNew(trx, code, level);
    if (parent && !parent.active) throw ValidationError.field('code', `上级区划 ${parent.name} 已停用`);
    const created = await q.insertRegion(trx, { code, name, level, parent_id: parent?.id ?? null });
    await recordAudit(trx, actor, {
      action: 'region.create',
      entity: 'region',
      entityId: created.id,
      regionId: created.id,
      after: { code, name, level },
    });
    return created;
  });
}

/** The admin's new region: below her own region and inside it (a city admin adds counties, a province admin cities). */
export async function createRegionInScope(db: Knex, actor: Actor, input: NewRegion): Promise<q.RegionRow> {
  const code = input.code.trim();
  const problem = regionCodeProblem(code) ?? codeOutsideScope(code, actor.scope.code);
  if (problem) throw ValidationError.field('code', problem);
  return createRegion(db, actor, input);
}

/** A region the actor administers (404 outside her scope, like a region that does not exist). */
export async function getRegionInScope(db: Knex, scope: Scope, id: number): Promise<q.RegionRow> {
  const r = await getRegion(db, id);
  if (!r.code.startsWith(scope.code)) throw new NotFoundError('未找到该区划。');
  return r;
}

/**
 * Grow a deployment upwards (operator command): a new root above the current root — a city above the county, a
 * province above the city (or straight above the county) — whose code is a prefix of the root's code.
 */
export async function addParentRegion(db: Knex, actor: Actor | null, input: NewRegion & { level: RegionLevel }): Promise<q.RegionRow> {
  const code = input.code.trim();
  const name = input.name.trim();
  const problem = regionCodeProblem(code, input.level);
  if (problem) throw ValidationError.field('code', problem);
  if (!ABOVE_COUNTY.includes(input.level)) throw ValidationError.field('level', '只能在现有区划之上新增市级或省级区划');
  if (!name || name.length > 50) throw ValidationError.field('name', '名称应为 1–50 个字');
  return db.transaction(async (trx) => {
    const roots = await q.rootRegions(trx);
    if (roots.length !== 1) throw ValidationError.form(roots.length === 0 ? '数据库中还没有区划：请先新增县级区划' : '本系统有多个最高区划，无法确定在哪一个之上新增');
    const root = roots[0];
    if (!isAbove(input.level, root.level)) throw ValidationError.field('level', `现有最高区划 ${root.name} 已是${LEVEL_WORD[root.level]}，新增的上级应高于它`);
    if (!root.code.startsWith(code)) throw ValidationError.field('code', `${LEVEL_WORD[input.level]}代码应为 ${root.code} 的前 ${code.length} 位（${root.code.slice(0, code.length)}）`);
    if (await q.findRegionByCode(trx, code)) throw ValidationError.field('code', `区划代码 ${code} 已存在`);
    const created = await q.insertRegion(trx, { code, name, level: input.level, parent_id: null });
    await q.setParent(trx, root.id, created.id);
    await recordAudit(trx, actor, {
      action: 'region.add_parent',
      entity: 'region',
      entityId: created.id,
      regionId: created.id,
      after: { code, name, level: input.level, child: root.code },
    });
    return created;
  });
}

export async function renameRegion(db: Knex, actor: Actor, id: number, input: { name: string; version: number }) {
  const name = input.name.trim();
  if (!name) throw ValidationError.field('name', '请填写名称');
  return db.transaction(async (trx) => {
    const before = await getRegion(trx, id);
    const updated = await q.updateRegion(trx, id, input.version, { name });
    if (!updated) throw new ConflictError('该区划已被他人修改，请刷新后重试。', { name: before.name });
    await recordAudit(trx, actor, {
      action: 'region.rename',
      entity: 'region',
      entityId: id,
      regionId: id,
      before: { name: before.name },
      after: { name },
    });
    return updated;
  });
}

export async function setRegionActive(db: Knex, actor: Actor, id: number, input: { active: boolean; version: number }) {
  return db.transaction(async (trx) => {
    const region = await getRegion(trx, id);
    if (!region.parent_id && !input.active) throw ValidationError.form(`${LEVEL_WORD[region.level]}区划不能停用。`);
    if (!input.active) {
      const blockers: string[] = [];
      const children = await q.countActiveChildren(trx, id);
      if (children > 0) blockers.push(`${children} 个在用的下级区划`);
      const users = await q.countActiveUsersIn(trx, region.code);
      if (users > 0) blockers.push(`${users} 个在用账户`);
      const women = await q.countActiveWomenIn(trx, region.code);
      if (women > 0) blockers.push(`${women} 名在册育龄妇女`);
      if (blockers.length > 0) {
        throw ValidationError.form(`${region.name} 还有 ${blockers.join('、')}，不能停用。请先停用下级区划和账户，并把在册人员迁到其他村。`);
      }
    } else if (region.parent_id) {
      const parent = await getRegion(trx, region.parent_id);
      if (!parent.active) throw ValidationError.form(`上级区划 ${parent.name} 已停用，请先启用上级区划。`);
    }
    const updated = await q.updateRegion(trx, id, input.version, { active: input.active });
    if (!updated) throw new ConflictError('该区划已被他人修改，请刷新后重试。');
    await recordAudit(trx, actor, {
      action: input.active ? 'region.activate' : 'region.deactivate',
      entity: 'region',
      entityId: id,
      regionId: id,
      before: { active: region.active },
      after: { active: input.active },
    });
    return updated;
  });
}
