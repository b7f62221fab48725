/**
 * What a backup holds, read from the PostgreSQL catalog (so a feature's new table is included without being
 * listed anywhere): every table of the public schema except the migration bookkeeping (restored by running
 * the migrations), the sessions (short-lived credentials: a restored session would sign someone in again) and
 * the per-minute sign-in counters.
 */
import type { Knex } from 'knex';
import { FIGURE_STORE_TABLES } from '../../reports/service.ts';
import { tableLoadOrder, type ForeignKey } from './load-order.ts';

/** The home page's kept figures and their data version, and the figure store: derived, computed afresh after a restore. */
export const DERIVED_TABLES = ['home_panel_cache', 'home_data_version', 'home_dirty', ...FIGURE_STORE_TABLES];
export const EXCLUDED_TABLES = ['knex_migrations', 'knex_migrations_lock', 'session', 'rate_limit_hits', ...DERIVED_TABLES];

export interface TableInfo {
  name: string;
  /** Columns written and loaded (generated columns are recomputed by the server). */
  columns: string[];
  primaryKey: string[];
  /** Self-references, e.g. { key: 'id', ref: 'parent_id' } for regions. */
  selfRefs: { key: string; ref: string }[];
}

export interface SequenceState {
  table: string;
  column: string;
  sequence: string;
  lastValue: number | null;
  isCalled: boolean;
}

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function userTables(db: Knex): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { name: string }[] }>(
    `select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
      order by 1`,
  );
  return rows.map((r) => r.name);
}

async function foreignKeys(db: Knex): Promise<ForeignKey[]> {
  const { rows } = await db.raw<{ rows: { table: string; ref_table: string; columns: string[]; ref_columns: string[] }[] }>(
    `select c.conrelid::regclass::text as table, c.confrelid::regclass::text as ref_table,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
            array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as ref_columns
       from pg_constraint c
      where c.contype = 'f' and c.connamespace = 'public'::regnamespace`,
  );
  const bare = (n: string) => n.replace(/^public\./, '').replace(/^"(.*)"$/, '$1');
  return rows.map((r) => ({ table: bare(r.table), refTable: bare(r.ref_table), columns: r.columns, refColumns: r.ref_columns }));
}

/** The tables of a backup in load order, with their columns. */
export async function backupTables(db: Knex): Promise<TableInfo[]> {
  const names = (await userTables(db)).filter((t) => !EXCLUDED_TABLES.includes(t));
  const fks = await foreignKeys(db);
  const { rows: cols } = await db.raw<{ rows: { table: string; column: string; generated: string }[] }>(
    `select c.relname as table, a.attname as column, a.attgenerated as generated
       from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`,
  );
  const { rows: pks } = await db.raw<{ rows: { table: string; columns: string[] }[] }>(
    `select c.conrelid::regclass::text as table,
            array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns
       from pg_constraint c where c.contype = 'p' and c.connamespace = 'public'::regnamespace`,
  );
  const pkOf = new Map(pks.map((p) => [p.table.replace(/^public\./, '').replace(/^"(.*)"$/, '$1'), p.columns]));
  return tableLoadOrder(names, fks).map((name) => ({
    name,
    columns: cols.filter((c) => c.table === name && c.generated === '').map((c) => c.column),
    primaryKey: pkOf.get(name) ?? [],
    selfRefs: fks.filter((fk) => fk.table === name && fk.refTable === name && fk.columns.length === 1).map((fk) => ({ key: fk.refColumns[0], ref: fk.columns[0] })),
  }));
}

/** Serial and identity sequences of the given tables with their current state. */
export async function sequenceStates(db: Knex, tables: string[]): Promise<SequenceState[]> {
  const { rows } = await db.raw<{ rows: { table: string; column: string; sequence: string }[] }>(
    `select c.relname as table, a.attname as column, pg_get_serial_sequence(format('%I', c.relname), a.attname) as sequence
       from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
        and c.relname = any(?)
        and pg_get_serial_sequence(format('%I', c.relname), a.attname) is not null
      order by 1, 2`,
    [tables],
  );
  const out: SequenceState[] = [];
  for (const r of rows) {
    const { rows: s } = await db.raw<{ rows: { last_value: number; is_called: boolean }[] }>(`select last_value, is_called from ${r.sequence}`);
    out.push({ table: r.table, column: r.column, sequence: r.sequence, lastValue: s[0].last_value, isCalled: s[0].is_called });
  }
  return out;
}

export interface TableSummary {
  rows: number;
  /** md5 over the sorted md5 of every row's text form: equal data ⇔ equal checksum, whatever the row order. */
  checksum: string;
}

export async function tableSummary(db: Knex, table: string): Promise<TableSummary> {
  const { rows } = await db.raw<{ rows: { n: number; checksum: string }[] }>(
    `select count(*) as n, md5(coalesce(string_agg(h, '' order by h), '')) as checksum
       from (select md5(x::text) as h from ${ident(table)} x) s`,
  );
  return { rows: Number(rows[0].n), checksum: rows[0].checksum };
}

/** Row count and checksum of every backed-up table (tests use it as a snapshot of "nothing changed"). */
export async function databaseSummary(db: Knex, tables?: string[]): Promise<Record<string, TableSummary>> {
  const names = tables ?? (await userTables(db)).filter((t) => !EXCLUDED_TABLES.includes(t));
  const out: Record<string, TableSummary> = {};
  for (const t of names) out[t] = await tableSummary(db, t);
  return out;
}

/** One snapshot for the whole backup: the portal keeps writing meanwhile, the backup sees none of it. */
export async function beginSnapshot(trx: Knex.Transaction): Promise<void> {
  await trx.raw('set transaction isolation level repeatable read, read only');
}

/** The migrations applied, in order (the backup's header; a restore's check of the target). */
export async function appliedMigrations(db: Knex): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { name: string }[] }>('select name from knex_migrations order by id');
  return rows.map((r) => r.name);
}

export async function serverVersion(db: Knex): Promise<string> {
  const { rows } = await db.raw<{ rows: { v: string }[] }>("select current_setting('server_version') as v");
  return rows[0]!.v;
}

/**
 * A table's rows as JSON text, a batch at a time, through a cursor in the snapshot's transaction (in primary-key
 * order, so two backups of the same data are the same file).
 */
export async function* tableRowsAsJson(trx: Knex.Transaction, table: TableInfo, batch: number): AsyncGenerator<string[]> {
  const order = table.primaryKey.length ? ` order by ${table.primaryKey.map((c) => `x.${ident(c)}`).join(', ')}` : '';
  await trx.raw(`declare backup_rows no scroll cursor for select to_json(x)::text as j from ${ident(table.name)} x${order}`);
  for (;;) {
    const { rows } = await trx.raw<{ rows: { j: string }[] }>(`fetch ${batch} from backup_rows`);
    if (rows.length === 0) break;
    yield rows.map((r) => r.j);
  }
  // Closed when read to the end; after a failure the transaction ends, and the cursor with it.
  await trx.raw('close backup_rows');
}

export async function tableHasRows(db: Knex, table: string): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { any: boolean }[] }>(`select exists (select 1 from ${ident(table)}) as any`);
  return rows[0]!.any;
}

/** Load rows (JSON text, as the backup holds them) into a table, ids included. */
export async function insertJsonRows(trx: Knex.Transaction, table: TableInfo, rows: string[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = table.columns.map(ident).join(', ');
  await trx.raw(`insert into ${ident(table.name)} (${cols}) overriding system value select ${cols} from json_populate_recordset(null::${ident(table.name)}, ?::json)`, [`[${rows.join(',')}]`]);
}

export async function setSequence(trx: Knex.Transaction, s: SequenceState): Promise<void> {
  await trx.raw('select setval(?::regclass, ?, ?)', [s.sequence, s.lastValue, s.isCalled]);
}

/** The server's major version (17 for 17.6): pg_dump must match it. */
export async function serverMajor(db: Knex): Promise<number> {
  const { rows } = await db.raw<{ rows: { v: string }[] }>("select current_setting('server_version_num') as v");
  return Math.floor(Number(rows[0]!.v) / 10000);
}
