/**
 * Region codes with the levels above the county (src/domain/regions.ts): the level from the code's length, the
 * parent and the ancestors from its first digits, the Chinese refusals, and codes outside an admin's scope.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ancestorCodes,
  childLevel,
  codeLength,
  codeOutsideScope,
  countyCodeOf,
  isAboveCounty,
  LEVELS_TOP_DOWN,
  levelOfCode,
  parentCode,
  parentLevel,
  regionCodeProblem,
} from '../../../src/domain/regions.ts';

describe('region codes above the county', () => {
  it('knows every level by its code length', () => {
    expect(['37', '3701', '370102', '370102001', '370102001001'].map(levelOfCode)).toEqual(['province', 'city', 'county', 'township', 'village']);
    expect(levelOfCode('370')).toBeUndefined();
    expect(parentCode('370102')).toBe('3701');
    expect(parentCode('3701')).toBe('37');
    expect(parentCode('37')).toBeUndefined();
    expect(ancestorCodes('370102001')).toEqual(['370102', '3701', '37']);
    expect(childLevel('province')).toBe('city');
    expect(childLevel('village')).toBeUndefined();
  });

  it('refuses bad codes in Chinese', () => {
    expect(regionCodeProblem('370')).toMatch(/2 位\(省\)、4 位\(市\)、6 位\(县\)/);
    expect(regionCodeProblem('3700')).toBe('区划代码的本级部分不能全为 0');
    expect(regionCodeProblem('00')).toBe('区划代码的本级部分不能全为 0');
    expect(regionCodeProblem('3701', 'province')).toBe('省代码应为 2 位数字');
    expect(regionCodeProblem('990100')).toBeUndefined();
    expect(regionCodeProblem('9901')).toBeUndefined();
  });

  it('an admin adds only below her own region', () => {
    expect(codeOutsideScope('990101', '9901')).toBeUndefined();
    expect(codeOutsideScope('990201', '9901')).toMatch(/以本级代码 9901 开头/);
    expect(codeOutsideScope('9901', '9901')).toMatch(/下级区划/);
    expect(codeOutsideScope('99', '9901')).toMatch(/下级区划/);
    expect(isAboveCounty('city') && isAboveCounty('province') && !isAboveCounty('county')).toBe(true);
  });

  it('the county of a region is its own (first 6 digits), none above the county', () => {
    expect(['990101', '990101001', '990101001001'].map(countyCodeOf)).toEqual(['990101', '990101', '990101']);
    expect([countyCodeOf('9901'), countyCodeOf('99'), countyCodeOf('99010'), countyCodeOf('x')]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('property: every code of every level has ancestors that are its prefixes, one level per step up', () => {
    const code = fc.tuple(fc.constantFrom(...LEVELS_TOP_DOWN), fc.stringMatching(/^[1-9][0-9]{11}$/)).map(([level, digits]) => digits.slice(0, codeLength(level)));
    fc.assert(
      fc.property(code, (c) => {
        const level = levelOfCode(c)!;
        const ancestors = ancestorCodes(c);
        expect(ancestors).toHaveLength(LEVELS_TOP_DOWN.indexOf(level));
        for (const a of ancestors) expect(c.startsWith(a) && a.length < c.length).toBe(true);
        if (ancestors[0]) expect(levelOfCode(ancestors[0])).toBe(parentLevel(level));
        expect(codeOutsideScope(c, ancestors[0] ?? 'x')).toBe(ancestors[0] ? undefined : codeOutsideScope(c, 'x'));
      }),
    );
  });
});
