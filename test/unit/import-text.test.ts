import { describe, expect, it } from 'vitest';
import { cellText } from '../../src/features/imports/service.ts';
import { checkResultsOf, serviceKindOf, yesNo } from '../../src/features/imports/service.ts';
import { csvField, csvLine } from '../../src/features/imports/service.ts';

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

describe('CSV export fields', () => {
  it('neutralise formulas with an apostrophe that the import takes off again', () => {
    for (const v of ['=HYPERLINK("http://x")', '+86 138', '-1+2', '@SUM(A1)']) {
      const field = csvField(v);
      expect(field.replace(/^"|"$/g, '').replace(/""/g, '"').startsWith("'")).toBe(true);
      expect(cellText(field.replace(/^"|"$/g, '').replace(/""/g, '"'))).toBe(v);
    }
    expect(csvField(-5)).toBe('-5');
    expect(csvField('王秀英')).toBe('王秀英');
    expect(cellText("'王")).toBe("'王");
  });

  it('quote separators, quotes and line breaks', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', null, 3])).toBe('"a,b","say ""hi""","x\ny",,3\r\n');
  });
});
