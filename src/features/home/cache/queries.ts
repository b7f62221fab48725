/** SQL of the home panels' cache: the data version the writes move, and the figures kept per panel and area. */
import type { Knex } from 'knex';

export interface CacheRead {
  /** The data version now (0 before the first watched write). */
  version: number;
  /** The kept figures as JSON text, when kept for this day at this version. */
  payload: string | null;
  hit: boolean;
}

/** One statement (one snapshot): the current version and the entry kept under `key`, valid if same day and version. */
export async function readCache(db: Knex, key: string, today: string): Promise<CacheRead> {
  const { rows } = await db.raw<{ rows: { version: number; payload: string | null; hit: boolean }[] }>(
    `select v.version, c.payload::text as payload, (c.version = v.version and c.today = ?::date) as hit
       from (select coalesce((select version from home_data_version where id = 1), 0)::bigint as version) v
       left join home_panel_cache c on c.cache_key = ?`,
    [today, key],
  );
  const row = rows[0];
  return { version: Number(row.version), payload: row.payload, hit: row.hit === true };
}

export async function writeCache(db: Knex, key: string, today: string, version: number, payload: string): Promise<void> {
  await db.raw(
    `insert into home_panel_cache (cache_key, today, version, payload, computed_at) values (?, ?::date, ?, ?::jsonb, now())
     on conflict (cache_key) do update set today = excluded.today, version = excluded.version, payload = excluded.payload, computed_at = excluded.computed_at`,
    [key, today, version, payload],
  );
}

export async function currentVersion(db: Knex): Promise<number> {
  const row = await db('home_data_version').where({ id: 1 }).first<{ version: number } | undefined>('version');
  return Number(row?.version ?? 0);
}
