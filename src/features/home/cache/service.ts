/**
 * The home page's costly figures kept between views (issue 19 §4): computed once per panel, area and day, and kept
 * until a write to the register moves the data version (triggers, migration 20261209000300_home_counts). The
 * version is read before the figures are computed, so an entry is never newer than the data it was computed from;
 * a write that commits meanwhile moves the version past it. The cache lives in PostgreSQL: every app instance sees
 * every other's writes. The figures must survive JSON (numbers, strings, 'YYYY-MM-DD' dates, arrays, objects).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import * as q from './queries.ts';

/** The cache key of a panel for this user: what the panel's figures depend on besides the day. */
export function panelCacheKey(panel: string, actor: Pick<Actor, 'role' | 'level' | 'scope'>): string {
  return `${panel}|${actor.role}|${actor.level}|${actor.scope.code}`;
}

/** The panel's figures: kept ones when still valid, else computed now and kept. */
export async function cachedPanelData<T>(db: Knex, key: string, today: IsoDate, compute: () => Promise<T>): Promise<T> {
  const read = await q.readCache(db, key, today);
  if (read.hit) return read.payload as T;
  const data = await compute();
  await q.writeCache(db, key, today, read.version, data);
  return data;
}

/** The data version now (tests: a write moves it). */
export const homeDataVersion = q.currentVersion;
