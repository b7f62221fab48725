import { describe, expect, it } from 'vitest';
import { checkResultsOf, serviceKindOf, yesNo } from '../../../src/features/imports/service.ts';

describe('services sheet text', () => {
  it('reads the 服务项目 as code, label, bracketed short name or abbreviation', () => {
    expect(serviceKindOf('iud_insertion')).toBe('iud_insertion');
    expect(serviceKindOf('放置宫内节育器(上环)')).toBe('iud_insertion');
    expect(serviceKindOf('放置宫内节育器（上环）')).toBe('iud_insertion');
    expect(serviceKindOf('上环')).toBe('iud_insertion');
    expect(serviceKindOf('取环')).toBe('iud_removal');
    expect(serviceKindOf('女扎')).toBe('female_sterilization');
    expect(serviceKindOf('双查')).toBe('ring_pregnancy_check');
    expect(serviceKindOf('人流')).toBe('surgical_abortion');
    expect(serviceKindOf('B超')).toBe('ultrasound');
    expect(serviceKindOf('拔牙')).toBe('拔牙');
    expect(serviceKindOf('  ')).toBe('');
  });

  it('reads double-check results written as text', () => {
    expect(checkResultsOf('有环，未孕')).toEqual({ iud_result: 'present', pregnancy_result: 'negative' });
    expect(checkResultsOf('环脱落 早孕')).toEqual({ iud_result: 'absent', pregnancy_result: 'positive' });
    expect(checkResultsOf('查孕阴性')).toEqual({ pregnancy_result: 'negative' });
    expect(checkResultsOf('正常')).toEqual({});
  });

  it('reads yes/no cells, and refuses anything else', () => {
    expect(yesNo('是')).toBe('on');
    expect(yesNo('Y')).toBe('on');
    expect(yesNo('否')).toBe('');
    expect(yesNo('')).toBe('');
    expect(yesNo('也许')).toBeUndefined();
  });
});
