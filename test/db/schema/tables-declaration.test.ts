/**
 * `src/db/tables.ts` declares every table's row type once, for knex (its `Tables` interface), so queries are typed
 * from one declaration. This test derives that file from the migrated schema and fails when they differ — a
 * migration that adds, drops or changes a column must come with the regenerated declaration:
 *
 *   UPDATE_TABLES=1 npx vitest run --config test/vitest.config.ts test/db/schema/tables-declaration.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../helpers/db.ts';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/db/tables.ts');

/** What each PostgreSQL type arrives as in JavaScript (see the type parsers in src/db/knex.ts). */
function tsType(udt: string): string {
  const scalar = (t: string) => {
    switch (t) {
      case 'int2':
      case 'int4':
      case 'int8':
      case 'float4':
      case 'float8':
      case 'numeric':
        return 'number';
      case 'bool':
        return 'boolean';
      case 'date':
        return 'string';
      case 'timestamptz':
      case 'timestamp':
        return 'Date';
      case 'json':
      case 'jsonb':
        return 'unknown';
      case 'bytea':
        return 'Buffer';
      default:
        return 'string';
    }
  };
  return udt.startsWith('_') ? `${scalar(udt.slice(1))}[]` : scalar(udt);
}

const pascal = (table: string) => table.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());

/** `col = ANY (ARRAY['a'::text, …])` in a CHECK constraint: the column holds one of these codes. */
function codeLists(checks: { tbl: string; def: string }[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const { tbl, def } of checks) {
    for (const m of def.matchAll(/\(?(\w+) = ANY \(ARRAY\[([^\]]+)\]\)/g)) {
      const key = `${tbl}.${m[1]}`;
      if (!lists.has(key))
        lists.set(
          key,
          [...m[2]!.matchAll(/'([^']*)'::/g)].map((v) => v[1]!),
        );
    }
  }
  return lists;
}

function render(columns: { table_name: string; column_name: string; udt_name: string; is_nullable: string }[], codes: Map<string, string[]>): string {
  const tables = new Map<string, typeof columns>();
  for (const c of columns) tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c]);
  const lines = [
    '/**',
    " * Every table's row as it arrives from PostgreSQL, declared once and given to knex (src/db/knex-tables.ts), so",
    " * `db('women')` is typed. Generated from the migrated schema by test/db/schema/tables-declaration.test.ts, which",
    ' * fails when a migration changes a column without this file: regenerate with UPDATE_TABLES=1 (see that test).',
    " * Dates are 'YYYY-MM-DD' strings; bigint and numeric arrive as numbers (src/db/knex.ts); codes are the literal",
    ' * lists of their CHECK constraints (the same lists as src/domain/codes.ts).',
    ' */',
    '',
  ];
  for (const [table, cols] of tables) {
    lines.push(`export interface ${pascal(table)}Table {`);
    for (const c of cols) {
      const list = codes.get(`${table}.${c.column_name}`);
      const type = list ? list.map((v) => `'${v}'`).join(' | ') : tsType(c.udt_name);
      lines.push(`  ${c.column_name}: ${type}${c.is_nullable === 'YES' ? ' | null' : ''};`);
    }
    lines.push('}', '');
  }
  lines.push('/** Table name → row, handed to knex in src/db/knex-tables.ts. */', 'export interface DbTables {');
  for (const table of tables.keys()) lines.push(`  ${table}: ${pascal(table)}Table;`);
  lines.push('}', '');
  return lines.join('\n');
}

describe('the Tables declaration', () => {
  const t = useTestDatabase();

  it('matches the migrated schema, column by column', async () => {
    const { rows } = await t.db.raw<{ rows: { table_name: string; column_name: string; udt_name: string; is_nullable: string }[] }>(`
      select c.table_name, c.column_name, c.udt_name, c.is_nullable
        from information_schema.columns c
        join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
       where c.table_schema = 'public' and tb.table_type = 'BASE TABLE' and c.table_name not like 'knex_%'
       order by c.table_name, c.ordinal_position`);
    const checks = await t.db.raw<{ rows: { tbl: string; def: string }[] }>(`
      select conrelid::regclass::text as tbl, pg_get_constraintdef(oid) as def
        from pg_constraint where contype = 'c' and connamespace = 'public'::regnamespace order by 1, conname`);
    const expected = render(rows, codeLists(checks.rows));
    if (process.env.UPDATE_TABLES === '1') writeFileSync(file, expected);
    expect(rows.length).toBeGreaterThan(100);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });
});
