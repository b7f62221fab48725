/**
 * Bulk writes: one INSERT … SELECT FROM json_populate_recordset(…) per few thousand rows — a single parameter
 * per statement, so there is no 65,535-parameter ceiling and no round trip per row. Column defaults still apply
 * to columns the rows do not name (version, updated_at).
 */
import type { Knex } from 'knex';
import type { Row } from './rows.ts';

const BATCH = 5000;

export async function insertRows(db: Knex, table: string, rows: Row[], columns?: string[]): Promise<void> {
  if (!rows.length) return;
  const cols = columns ?? Object.keys(rows[0]);
  const list = cols.map((c) => `"${c}"`).join(', ');
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    await db.raw(`insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", ?::json)`, [JSON.stringify(chunk)]);
  }
}

/** The largest id in each table: generated ids continue from there. */
export async function nextIds<T extends string>(db: Knex, tables: readonly T[]): Promise<Record<T, number>> {
  const out = {} as Record<T, number>;
  for (const t of tables) {
    const row = await db(t).max({ m: 'id' }).first();
    out[t] = Number(row?.m ?? 0) + 1;
  }
  return out;
}

/** Ids were given by the generator, so move each serial sequence past them for the rows the app adds later. */
export async function syncSequences(db: Knex, tables: readonly string[]): Promise<void> {
  for (const t of tables) {
    await db.raw(`select setval(pg_get_serial_sequence(?, 'id'), (select max(id) from "${t}")) where exists (select 1 from "${t}")`, [t]);
  }
}
