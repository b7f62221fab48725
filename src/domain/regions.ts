/**
 * Region codes (GB/T 2260 + 统计用区划代码 shape): county 6 digits, township 9, village 12; a child's code starts
 * with its parent's, so the parent follows from the code itself.
 */
import type { RegionLevel } from './codes.ts';

const LENGTH: Record<RegionLevel, number> = { county: 6, township: 9, village: 12 };

export function levelOfCode(code: string): RegionLevel | undefined {
  if (!/^\d+$/.test(code)) return undefined;
  return (Object.entries(LENGTH) as [RegionLevel, number][]).find(([, n]) => n === code.length)?.[0];
}

export function parentCode(code: string): string | undefined {
  const level = levelOfCode(code);
  if (level === 'township') return code.slice(0, 6);
  if (level === 'village') return code.slice(0, 9);
  return undefined;
}

export function childLevel(level: RegionLevel): RegionLevel | undefined {
  return level === 'county' ? 'township' : level === 'township' ? 'village' : undefined;
}

/** Chinese message for a code that cannot be a region's code, else undefined. */
export function regionCodeProblem(code: string, expectedLevel?: RegionLevel): string | undefined {
  if (!/^\d+$/.test(code)) return '区划代码只能包含数字';
  const level = levelOfCode(code);
  if (!level) return '区划代码应为 6 位(县)、9 位(乡镇)或 12 位(村)数字';
  if (expectedLevel && level !== expectedLevel) {
    return `${expectedLevel === 'township' ? '乡镇' : expectedLevel === 'village' ? '村(社区)' : '县'}代码应为 ${LENGTH[expectedLevel]} 位数字`;
  }
  if (level !== 'county' && /^0+$/.test(code.slice(level === 'township' ? 6 : 9))) return '区划代码的本级部分不能全为 0';
  return undefined;
}
