/**
 * The home page's costly figures kept between views (issue 19 §4): computed once per panel, area and day, and kept
 * until a write to the register moves the data version (triggers, migration 20261209000300_home_counts). The
 * version is read before the figures are computed, so an entry is never newer than the data it was computed from;
 * a write that commits meanwhile moves the version past it. The cache lives in PostgreSQL: every app instance sees
 * every other's writes. The figures are kept as JSON; a Date inside (a timestamp) comes back a Date.
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
  if (read.hit && read.payload !== null) return JSON.parse(read.payload, revive) as T;
  const data = await compute();
  await q.writeCache(db, key, today, read.version, JSON.stringify(data, keepDates));
  return data;
}

/** JSON replacer: a Date (already turned into a string when the replacer sees it) is kept as { $date }. */
function keepDates(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}

function revive(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (typeof o.$date === 'string' && Object.keys(o).length === 1) return new Date(o.$date);
  }
  return value;
}

/** The data version now (tests: a write moves it). */
export const homeDataVersion = q.currentVersion;
