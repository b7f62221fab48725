import { describe, expect, it } from 'vitest';
import { makeIdNumber, maskIdNumber } from '../../../src/domain/id-number.ts';
import { sanitizePath } from '../../../src/http/request-log.ts';
import { candidateCount, fullIdNumbers, maskedExposure } from '../../helpers/id-scan.ts';

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
    expect(fullIdNumbers('990100***********1')).toEqual([]);
    expect(fullIdNumbers('990100********0021')).toEqual([]);
    expect(fullIdNumbers('99010019900315002')).toEqual([]);
    expect(fullIdNumbers('6222021234567890123')).toEqual([]);
    expect(fullIdNumbers('990100001001 2026-03-15 1795401824377')).toEqual([]);
  });

  it('ignores a run of 18 digits inside a random hex token (a CSRF token), but not a number beside one', () => {
    const token = `9f3c${'3187991234567890124'.slice(0, 18)}ab${'e'.repeat(40)}`;
    expect(fullIdNumbers(`<meta name="csrf-token" content="${token}">`)).toEqual([]);
    expect(fullIdNumbers(`<input value="${token}"> ${id}`)).toEqual([id]);
    // A long run of digits alone is still read as text: an ID number inside it would have no boundary anyway.
    expect(fullIdNumbers(`${'1'.repeat(40)} ${x}`)).toEqual([x]);
  });
});

describe('rebuilding a number from its mask and the birth date shown beside it', () => {
  const positions = (mask: string) => new Set([...mask].flatMap((c, i) => (c === '*' ? [] : [i])));

  it('the old mask (area code + last four) with the birth date leaves exactly one number: hers', () => {
    const id = makeIdNumber('990100', '1990-03-15', 28);
    expect(candidateCount(id, positions(`${id.slice(0, 6)}********${id.slice(14)}`))).toBe(1);
    const [e] = maskedExposure(`<td>${id.slice(0, 6)}********${id.slice(14)}</td><td>1990-03-15</td>`, [id, makeIdNumber('990100', '1991-01-01', 2)]);
    expect(e).toMatchObject({ id, candidates: 1 });
  });

  it('the mask (area code + check character) leaves at least 45 numbers for every woman, even with her birth date', () => {
    let fewest = Infinity;
    let most = 0;
    for (let seq = 0; seq < 1000; seq += 2) {
      const id = makeIdNumber('990100', '1988-12-01', seq);
      const n = candidateCount(id, positions(maskIdNumber(id)));
      fewest = Math.min(fewest, n);
      most = Math.max(most, n);
    }
    expect(fewest).toBe(45);
    expect(most).toBe(46);
    console.info(`[security] ID masking: area code + check character with birth date and sex known leaves ${fewest}–${most} candidate numbers`);
  });

  it('pools every mask of one number in an output, whatever its scheme', () => {
    const id = makeIdNumber('990100', '1990-03-15', 28);
    const text = `${maskIdNumber(id)} … **************${id.slice(14)}`;
    expect(maskedExposure(text, [id])).toEqual([{ id, known: new Set([0, 1, 2, 3, 4, 5, 14, 15, 16, 17]), candidates: 1 }]);
    expect(maskedExposure('no masks here 990100 1990-03-15', [id])).toEqual([]);
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
