/**
 * Region codes (GB/T 2260 + 统计用区划代码 shape): province 2 digits, city 4, county 6, township 9, village 12; a
 * child's code starts with its parent's, so the parent follows from the code itself. A deployment's root (no
 * parent) is a province, a city or a county (the default: one county).
 */
import type { RegionLevel } from './codes.ts';

/** The levels from the top down. */
export const LEVELS_TOP_DOWN: readonly RegionLevel[] = ['province', 'city', 'county', 'township', 'village'];

const LENGTH: Record<RegionLevel, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };

const NAME: Record<RegionLevel, string> = { province: '省', city: '市', county: '县', township: '乡镇', village: '村(社区)' };

/** Levels that may be a deployment's root (parent null). */
export const ROOT_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county'];

/** Levels above the county (their users read roll-ups only). */
export const ABOVE_COUNTY: readonly RegionLevel[] = ['province', 'city'];

export function codeLength(level: RegionLevel): number {
  return LENGTH[level];
}

export function levelOfCode(code: string): RegionLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  return LEVELS_TOP_DOWN.find((level) => LENGTH[level] === code.length);
}

/** The code of the level directly above (a county's city, a city's province), from the code itself. */
export function parentCode(code: string): string | undefined {
  return ancestorCodes(code)[0];
}

/** Every code above, nearest first: 370102 → 3701, 37 (a county under a province without a city takes the next). */
export function ancestorCodes(code: string): string[] {
  const level = levelOfCode(code);
  if (!level) return [];
  const index = LEVELS_TOP_DOWN.indexOf(level);
  return LEVELS_TOP_DOWN.slice(0, index)
    .reverse()
    .map((l) => code.slice(0, LENGTH[l]));
}

export function childLevel(level: RegionLevel): RegionLevel | undefined {
  return LEVELS_TOP_DOWN[LEVELS_TOP_DOWN.indexOf(level) + 1];
}

/** The level right above, if any (the level a report's rows have is the child of its region's). */
export function parentLevel(level: RegionLevel): RegionLevel | undefined {
  const i = LEVELS_TOP_DOWN.indexOf(level);
  return i > 0 ? LEVELS_TOP_DOWN[i - 1] : undefined;
}

export function isAbove(a: RegionLevel, b: RegionLevel): boolean {
  return LEVELS_TOP_DOWN.indexOf(a) < LEVELS_TOP_DOWN.indexOf(b);
}

/** Chinese message for a code that cannot be a region's code, else undefined. */
export function regionCodeProblem(code: string, expectedLevel?: RegionLevel): string | undefined {
  if (!/^\d+$/.test(code)) return '区划代码只能包含数字';
  const level = levelOfCode(code);
  if (!level) return '区划代码应为 2 位(省)、4 位(市)、6 位(县)、9 位(乡镇)或 12 位(村)数字';
  if (expectedLevel && level !== expectedLevel) return `${NAME[expectedLevel]}代码应为 ${LENGTH[expectedLevel]} 位数字`;
  const own = parentLevel(level);
  if (level !== 'county' && own && /^0+$/.test(code.slice(LENGTH[own]))) return '区划代码的本级部分不能全为 0';
  if (level === 'province' && code === '00') return '区划代码的本级部分不能全为 0';
  return undefined;
}

/**
 * Why a code cannot be added by someone whose scope is `scopeCode` (undefined: it can): inside the scope and
 * below its level. An operator without a scope (the command line) may add anything.
 */
export function codeOutsideScope(code: string, scopeCode: string): string | undefined {
  if (code.length <= scopeCode.length || !code.startsWith(scopeCode)) return `区划代码应以本级代码 ${scopeCode} 开头，且为下级区划`;
  return undefined;
}

/** A city's or province's scope: roll-ups only, no people (no card, no list of names). */
export function isAboveCounty(level: string): boolean {
  return level === 'city' || level === 'province';
}

/**
 * The county a region lies in (the first 6 digits of a county, township or village code), or undefined above the
 * county: in a city or province deployment the county is the region's own, never "the first county".
 */
export function countyCodeOf(code: string): string | undefined {
  const level = levelOfCode(code);
  if (!level || isAboveCounty(level)) return undefined;
  return code.slice(0, LENGTH.county);
}
