/**
 * The one mapping from constraints to form messages (src/http/constraint-messages.ts) against the migrated
 * schema: every CHECK and UNIQUE constraint (and unique index) on a table that a form writes has a Chinese
 * message, and every name in the mapping exists, so a renamed or new constraint fails here, not in front of a
 * clerk. Real PostgreSQL errors, raised by the database itself, map to the field the constraint belongs to.
 */
import { describe, expect, it } from 'vitest';
import { CONSTRAINT_MESSAGES, GENERIC_CONSTRAINT_MESSAGE, constraintError } from '../../../src/http/constraint-messages.ts';
import { ValidationError } from '../../../src/errors.ts';
import { useTestDatabase } from '../../helpers/db.ts';
import { seedWorld } from '../../helpers/fixtures.ts';

/** Tables a form or an import writes (what a clerk, supervisor or admin types ends up in these). */
const FORM_TABLES = [
  'women',
  'children',
  'pregnancies',
  'contraception_episodes',
  'services',
  'follow_ups',
  'check_rounds',
  'check_results',
  'certificates',
  'transfers',
  'regions',
  'users',
  'population_figures',
  'report_periods',
  'subsidy_programs',
  'subsidy_standards',
  'subsidy_applications',
  'subsidy_payment_batches',
  'subsidy_payments',
  'import_jobs',
  'free_supplies',
  'pregnancy_plans',
  'preconception_checks',
  'assessment_targets',
  'special_family_files',
  'special_family_contacts',
  'special_family_care',
  'certificate_applications',
  'floating_settings',
  'floating_verifications',
  'floating_query_kinds',
  'floating_queries',
  'exchange_partners',
  'exchange_packages',
  'outside_birth_lists',
  'outside_births',
  'follow_up_schedules',
  'device_lifetimes',
  'api_clients',
];

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('the database accepted it');
}

describe('constraint messages', () => {
  const t = useTestDatabase();

  it('every CHECK and UNIQUE on a form table has a message, and every mapped name exists', async () => {
    const { rows } = await t.db.raw<{ rows: { name: string; table: string; kind: string }[] }>(
      `select conname as name, conrelid::regclass::text as "table", contype as kind from pg_constraint
        where connamespace = 'public'::regnamespace and contype in ('c', 'u', 'f')
       union
       select i.relname, c.relname, 'i' from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class c on c.oid = x.indrelid
        where x.indisunique and not x.indisprimary and c.relnamespace = 'public'::regnamespace`,
    );
    const onForms = rows.filter((r) => FORM_TABLES.includes(r.table));
    const unmapped = onForms.filter((r) => r.kind !== 'f' && !CONSTRAINT_MESSAGES[r.name]).map((r) => `${r.table}.${r.name}`);
    expect(unmapped).toEqual([]);
    const names = new Set(rows.map((r) => r.name));
    expect(Object.keys(CONSTRAINT_MESSAGES).filter((n) => !names.has(n))).toEqual([]);
    console.info(
      `[constraints] ${onForms.filter((r) => r.kind !== 'f').length} CHECK/UNIQUE on ${FORM_TABLES.length} form tables mapped to field messages; ${onForms.filter((r) => r.kind === 'f').length} foreign keys by the general message`,
    );
  });

  it('maps real PostgreSQL errors: a named constraint to its field, anything else to a form-level message', async () => {
    const w = await seedWorld(t.db);
    const base = { region_id: w.villageA1.id, id_number: '11010519900307002X', birth_date: '1990-03-07', hukou_kind: 'agricultural' as const };
    const married = await caught(t.db('women').insert({ ...base, name: '王秀英', marital_status: 'first_marriage' }));
    expect(constraintError(married)?.fieldErrors).toEqual({ marriage_date: '已婚、离婚或丧偶须填写结婚日期' });

    await t.db('women').insert({ ...base, name: '王秀英', marital_status: 'unmarried' });
    const dup = await caught(t.db('women').insert({ ...base, name: '李梅', marital_status: 'unmarried' }));
    expect(constraintError(dup)?.fieldErrors).toEqual({ id_number: '该身份证号已有在册信息卡，不能重复建卡' });

    const fk = await caught(t.db('women').insert({ ...base, id_number: '110105199003070046', region_id: 999999, name: '赵', marital_status: 'unmarried' }));
    expect(constraintError(fk)?.fieldErrors).toEqual({ village: '请选择有效的村(社区)' });

    const cases: [string, unknown[], RegExp][] = [
      [`select 2147483648::int4`, [], /数值超出了允许的范围/],
      [`select 'abc'::int`, [], /格式有误/],
      [`select '2026-02-30'::date`, [], /日期/],
      [`select ?::text`, ['a\u0000b'], /无法保存的字符/],
      [`insert into regions (code, name, level) values ('990199', '', 'county')`, [], /名称应为/],
    ];
    for (const [sql, bindings, message] of cases) {
      const mapped = constraintError(await caught(t.db.raw(sql, bindings as never[])));
      expect(mapped, sql).toBeInstanceOf(ValidationError);
      expect(mapped!.message, sql).toMatch(message);
    }
    const long = await caught(t.db.raw(`create temp table t_len (v varchar(3)); insert into t_len values ('abcdef')`));
    expect(constraintError(long)?.formErrors).toEqual(['保存未成功：有内容超过了允许的长度，请缩短后重新提交。']);
    const unnamed = await caught(t.db.raw(`create temp table t_chk (v int constraint t_chk_positive check (v > 0)); insert into t_chk values (-1)`));
    expect(constraintError(unnamed)?.formErrors).toEqual([GENERIC_CONSTRAINT_MESSAGE]);
    expect(constraintError(new Error('boom'))).toBeUndefined();
    expect(constraintError(Object.assign(new Error('deadlock'), { code: '40P01' }))).toBeUndefined();
  });
});
