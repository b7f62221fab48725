/**
 * The main entry forms of the features for the keyboard check (appended to FORMS in forms.ts): a new card, a
 * birth, a service, and the month's population grid — each filled and submitted with the keyboard alone, each
 * with invalid input that must put focus on the field in error, and each checked in the database afterwards.
 */
import { expect } from 'vitest';
import { womanId } from '../helpers/women.ts';
import type { KeyboardForm } from './forms.ts';

/** ID numbers made once per run: the valid submission must use the one the invalid one did not. */
const ids = new Map<number, string>();
const idFor = (n: number) => ids.get(n) ?? (ids.set(n, womanId('1994-08-16')), ids.get(n)!);
/** The same number with its check character changed. */
const badCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

export const FEATURE_FORMS: KeyboardForm[] = [
  {
    name: '新增信息卡',
    as: 'clerkA',
    path: '/women/new',
    form: 'form[action="/women"]',
    start: 'autofocus',
    values: (s, n) => ({
      id_number: idFor(n),
      name: '钱晓燕',
      village: s.world.villageA2.code,
      marital_status: 'first_marriage',
      marriage_date: '2016-10-01',
      spouse_name: '孙志强',
      phone: '13912345678',
      address: '西街村5组8号',
    }),
    landsOn: /^\/women\/\d+$/,
    invalid: { values: (s, n) => ({ id_number: badCheck(idFor(n)), name: '钱晓燕', village: s.world.villageA2.code, marital_status: 'unmarried' }), focus: 'input[name=id_number]' },
    saved: async (db, _s, n) => {
      const row = await db('women')
        .where({ id_number: idFor(n) })
        .first();
      expect(row).toMatchObject({ name: '钱晓燕', marital_status: 'first_marriage', marriage_date: '2016-10-01', address: '西街村5组8号', status: 'active' });
    },
  },
  {
    name: '登记出生',
    as: 'clerkA',
    path: (s) => `/women/${s.records.pregnantA}/children/new`,
    form: 'form[action^="/women/"][action$="/children"]',
    start: 'autofocus',
    values: () => ({ birth_date: '2018-06-01', sex: 'male', name: '刘小军' }),
    landsOn: /^\/women\/\d+$/,
    invalid: { values: () => ({ birth_date: '2099-01-01', sex: 'male' }), focus: 'input[name=birth_date]' },
    saved: async (db, s) => {
      const child = await db('children').where({ woman_id: s.records.pregnantA, name: '刘小军' }).first();
      expect(child).toMatchObject({ sex: 'male', birth_date: '2018-06-01', birth_order: 1, policy_status: 'compliant' });
    },
  },
  {
    name: '登记技术服务',
    as: 'clerkA',
    path: (s) => `/women/${s.records.womanA}/services/new`,
    form: 'form[action^="/women/"][action$="/services"]',
    start: 'autofocus',
    values: () => ({ kind: 'gyn_exam', facility: '城关镇卫生院', provider: '周医生', findings: '未见异常' }),
    landsOn: /^\/women\/\d+$/,
    invalid: { values: () => ({ kind: '', facility: '城关镇卫生院' }), focus: 'select[name=kind]' },
    saved: async (db, s) => {
      const service = await db('services').where({ woman_id: s.records.womanA, kind: 'gyn_exam' }).first();
      expect(service).toMatchObject({ facility: '城关镇卫生院', provider: '周医生', findings: '未见异常', performed_on: s.today });
    },
  },
  {
    name: '人口数据',
    as: 'clerkA',
    path: '/population',
    form: 'form[method="post"][action="/population"]',
    start: 'tab',
    values: () => ({ population_end: '1,310', deaths: '2' }),
    landsOn: /^\/population$/,
    invalid: { values: () => ({ population_end: '一千', deaths: '2' }), focus: 'input[name=population_end]' },
    saved: async (db, s) => {
      const rows = await db('population_figures')
        .whereIn('region_id', [s.world.villageA1.id, s.world.villageA2.id])
        .where({ month: `${s.month}-01` });
      expect(rows.map((r) => [r.population_end, r.deaths])).toEqual([
        [1310, 2],
        [1310, 2],
      ]);
    },
  },
];
