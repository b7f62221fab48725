/**
 * Which database a report page reads, and what the user is told about it (DATABASE_REPLICA_URL set).
 *
 * The replica is asked at most once per `checkEveryMs` (cached; concurrent requests share one check) how far
 * behind it is: 0 when everything it received is replayed (`pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()`),
 * else the age of the last transaction it replayed. A page read from a replica that is at least a second behind
 * carries the note 「数据来自只读副本，约 N 秒前的数据」.
 *
 * When the replica cannot be reached (the check's short connect timeout, or a report query failing with a
 * connection error) pages read the primary with a note, and the replica is left alone for `coolDownMs` before it
 * is tried again. Times come from the app's clock, so tests move them.
 */
import type { Knex } from 'knex';
import pg from 'pg';

export const REPLICA_DOWN_NOTE = '只读副本暂时无法连接，本页数据直接来自主数据库';
export const replicaLagNote = (seconds: number) => `数据来自只读副本，约 ${seconds} 秒前的数据`;

export interface ReportsRead {
  db: Knex;
  source: 'replica' | 'primary';
  /** What the page tells the user about where its figures come from (none when the replica is current). */
  note?: string;
}

export interface ReplicaHealthOptions {
  /** The app's clock (cache and cool-down times). */
  now: () => Date;
  checkEveryMs?: number;
  coolDownMs?: number;
  connectTimeoutMs?: number;
}

interface Status {
  up: boolean;
  lagSeconds: number;
  /** Until when (app clock, ms) this status holds. */
  until: number;
}

const LAG_SQL = `select case
    when not pg_is_in_recovery() then 0
    when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
    else coalesce(greatest(0, extract(epoch from now() - pg_last_xact_replay_timestamp())), 0)
  end as lag`;

/** Errors that say "this server cannot be reached or is going away", not "this query is wrong". */
export function isUnavailableError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string };
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.code === 'string' && (/^(08|57P)/.test(e.code) || e.code === '40001' || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE'].includes(e.code))) return true;
  return /Connection terminated|connection timeout|Timeout acquiring a connection/i.test(e.message);
}

export class ReplicaHealth {
  private status: Status | undefined;
  private pending: Promise<Status> | undefined;
  private readonly checkEveryMs: number;
  private readonly coolDownMs: number;
  private readonly connectTimeoutMs: number;

  constructor(
    readonly primary: Knex,
    readonly replica: Knex,
    private readonly replicaUrl: string,
    private readonly options: ReplicaHealthOptions,
  ) {
    this.checkEveryMs = options.checkEveryMs ?? 5000;
    this.coolDownMs = options.coolDownMs ?? 30_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 1000;
  }

  /** The database a report reads now, with its note. */
  async read(): Promise<ReportsRead> {
    const status = await this.current();
    if (!status.up) return { db: this.primary, source: 'primary', note: REPLICA_DOWN_NOTE };
    const seconds = Math.round(status.lagSeconds);
    return { db: this.replica, source: 'replica', ...(seconds >= 1 ? { note: replicaLagNote(seconds) } : {}) };
  }

  /** A query on the replica failed with a connection error: read the primary until the cool-down is over. */
  markDown(): void {
    this.status = { up: false, lagSeconds: 0, until: this.options.now().getTime() + this.coolDownMs };
  }

  private async current(): Promise<Status> {
    if (this.status && this.options.now().getTime() < this.status.until) return this.status;
    this.pending ??= this.check().finally(() => (this.pending = undefined));
    this.status = await this.pending;
    return this.status;
  }

  private async check(): Promise<Status> {
    const client = new pg.Client({
      connectionString: this.replicaUrl,
      connectionTimeoutMillis: this.connectTimeoutMs,
      query_timeout: this.connectTimeoutMs * 2,
      application_name: 'fp-portal-replica-check',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ lag: string | number }>(LAG_SQL);
      return { up: true, lagSeconds: Number(rows[0]?.lag ?? 0), until: this.options.now().getTime() + this.checkEveryMs };
    } catch {
      return { up: false, lagSeconds: 0, until: this.options.now().getTime() + this.coolDownMs };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
