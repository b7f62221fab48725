/**
 * express-rate-limit's store in PostgreSQL: one row per key holding the current fixed window and its hits, so a
 * limit holds across every instance behind the proxy (the memory store counts per process). One atomic upsert per
 * request; rows of past windows are overwritten in place, and a key unseen for a day is removed now and then.
 */
import type { Knex } from 'knex';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

export class PgRateLimitStore implements Store {
  private windowMs = 60_000;
  private calls = 0;
  prefix: string;

  constructor(
    private readonly db: Knex,
    prefix: string,
    /** The clock the windows are cut from (the app's injected clock for the API's per-client limit). */
    private readonly now: () => number = Date.now,
  ) {
    this.prefix = `${prefix}:`;
  }

  init(options: Options) {
    this.windowMs = options.windowMs;
  }

  private windowStart(): Date {
    const now = this.now();
    return new Date(now - (now % this.windowMs));
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const start = this.windowStart();
    const row = await this.db('rate_limit_hits')
      .where({ key: this.prefix + key, window_start: start })
      .first<{ hits: number } | undefined>('hits');
    return row ? { totalHits: row.hits, resetTime: new Date(start.getTime() + this.windowMs) } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const start = this.windowStart();
    const { rows } = await this.db.raw<{ rows: { hits: number }[] }>(
      `insert into rate_limit_hits (key, window_start, hits) values (?, ?, 1)
       on conflict (key) do update set
         hits = case when rate_limit_hits.window_start = excluded.window_start then rate_limit_hits.hits + 1 else 1 end,
         window_start = excluded.window_start
       returning hits`,
      [this.prefix + key, start],
    );
    if (++this.calls % 1000 === 0)
      await this.db('rate_limit_hits')
        .where('window_start', '<', new Date(this.now() - 86_400_000))
        .del();
    return { totalHits: rows[0].hits, resetTime: new Date(start.getTime() + this.windowMs) };
  }

  async decrement(key: string): Promise<void> {
    await this.db('rate_limit_hits')
      .where({ key: this.prefix + key, window_start: this.windowStart() })
      .andWhere('hits', '>', 0)
      .decrement('hits', 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.db('rate_limit_hits')
      .where({ key: this.prefix + key })
      .del();
  }
}
