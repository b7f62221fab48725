/**
 * Hands the one declaration of every table's row (tables.ts, generated from the schema) to knex, so that
 * `db('women')` returns `WomenTable` rows and inserts and updates are checked against the columns.
 */
import type { DbTables } from './tables.ts';

declare module 'knex/types/tables.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tables extends DbTables {}
}
