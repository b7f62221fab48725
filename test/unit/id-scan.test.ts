import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../src/domain/id-number.ts';
import { sanitizePath } from '../../src/http/request-log.ts';
import { fullIdNumbers } from '../helpers/id-scan.ts';

describe('the ID-number scanner', () => {
  const id = makeIdNumber('990100', '1990-03-15', 2);
  const x = '11010519491231002X';

  it('finds full numbers in HTML, CSV and JSON, with X upper or lower case', () => {
    expect(fullIdNumbers(`<td>${id}</td>`)).toEqual([id]);
    expect(fullIdNumbers(`王秀英,${x.toLowerCase()},东街村`)).toEqual([x]);
    expect(fullIdNumbers(JSON.stringify({ id_number: id, spouse: x }))).toEqual([id, x]);
    expect(fullIdNumbers(`身份证号${id}。`)).toEqual([id]);
  });

  it('ignores masked numbers, shorter or longer digit runs', () => {
    expect(fullIdNumbers('990100********0021')).toEqual([]);
    expect(fullIdNumbers('99010019900315002')).toEqual([]);
    expect(fullIdNumbers('6222021234567890123')).toEqual([]);
    expect(fullIdNumbers('990100001001 2026-03-15 1795401824377')).toEqual([]);
  });
});

describe('paths in the request log', () => {
  it('keeps ids and words, drops names and long digit runs', () => {
    expect(sanitizePath('/admin/users/12/disable')).toBe('/admin/users/12/disable');
    expect(sanitizePath('/reports/monthly')).toBe('/reports/monthly');
    expect(sanitizePath('/women/%E7%8E%8B%E7%A7%80%E8%8B%B1')).toBe('/women/…');
    expect(sanitizePath('/x/11010519491231002X/edit')).toBe('/x/…/edit');
    expect(sanitizePath('/x/王秀英')).toBe('/x/…');
    expect(sanitizePath('/')).toBe('/');
  });
});
