/**
 * The card form's schema takes the empty strings a browser posts for blank optional fields as missing — the
 * spouse's ID number above all (an unmarried woman has none): it used to fail with "请填写配偶身份证号".
 */
import { describe, expect, it } from 'vitest';
import { parseForm } from '../../../src/parse.ts';
import { ValidationError } from '../../../src/errors.ts';
import { CardForm } from '../../../src/features/women/service.ts';

const browserPost = {
  id_number: '11010519900307002X',
  name: '王秀英',
  village: '990100001001',
  ethnicity: '汉族',
  hukou_kind: 'agricultural',
  hukou_place: '',
  phone: '',
  address: '',
  marital_status: 'unmarried',
  marriage_date: '',
  early_marriage_note: '',
  spouse_name: '',
  spouse_id_number: '',
  spouse_hukou_kind: '',
  migrant_status: 'none',
  migrant_place: '',
  migrant_since: '',
  migrant_verified_on: '',
};

describe('CardForm with blank optional fields, as a browser posts them', () => {
  it('takes a blank spouse ID number as missing', () => {
    const v = parseForm(CardForm, browserPost);
    expect(v.spouse_id_number).toBeUndefined();
    expect(v.spouse_name).toBeUndefined();
    expect(v.marriage_date).toBeUndefined();
  });

  it('still normalises and keeps a typed spouse ID number, and refuses one that is too long', () => {
    expect(parseForm(CardForm, { ...browserPost, spouse_id_number: ' 11010519880720001x ' }).spouse_id_number).toBe('11010519880720001X');
    const long = () => parseForm(CardForm, { ...browserPost, spouse_id_number: '1'.repeat(31) });
    expect(long).toThrow(ValidationError);
    try {
      long();
    } catch (err) {
      expect((err as ValidationError).fieldErrors).toEqual({ spouse_id_number: '配偶身份证号应为18位' });
    }
  });

  it('still requires her own ID number', () => {
    try {
      parseForm(CardForm, { ...browserPost, id_number: '' });
      expect.unreachable();
    } catch (err) {
      expect((err as ValidationError).fieldErrors).toEqual({ id_number: '请填写身份证号' });
    }
  });
});
