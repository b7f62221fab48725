/**
 * What every operator command is and the one way it opens the database: open (joining the running portal's
 * embedded database or starting it), migrate, run, close — the embedded database is stopped only if this
 * command started it. commands.ts and the files next to it all use these.
 */
import type { Knex } from 'knex';
import { systemActor, type Actor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import { openDatabase, prepareSchema } from '../db/open.ts';
import { ancestorCodes } from '../domain/regions.ts';
import { getRegionByCode, listCounties, type RegionRow } from '../features/regions/service.ts';
import { CliError, type Args } from './args.ts';

export interface Command {
  usage: string;
  summary: string;
  run: (config: Config, args: Args) => Promise<number>;
}

/** Open, migrate, run, close — the embedded database is stopped only if this command started it. */
export async function withDatabase<T>(config: Config, fn: (db: Knex) => Promise<T>): Promise<T> {
  const database = await openDatabase(config, { applicationName: 'fp-portal-cli', log: (l) => console.error(l) });
  try {
    await prepareSchema(database.db);
    return await fn(database.db);
  } finally {
    await database.close({ stopEmbedded: database.embedded?.startedHere ?? false });
  }
}

/** The system actor acting for a region (its own level: a county, or a city for a city-wide command). */
export const regionActor = (r: RegionRow): Actor => systemActor({ id: r.id, code: r.code, name: r.name, level: r.level });

/** The `--region` flag's value, if given (a flag without a value is refused). */
export function regionFlag(args: Args): string | undefined {
  const v = args.flags.region;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v.trim()) throw new CliError('--region 后应写区划代码，例如 --region 990100');
  return v.trim();
}

/**
 * The system actor command-line writes are audited under (null before any county exists). With one county it is
 * that county, as always. A city or province deployment holds several: the region given (`--region`), else the
 * nearest existing region at or above `near` (the code the command is about), else the whole deployment's system
 * for a command about the tree, else a clear refusal — never the first county.
 */
export async function cliActor(db: Knex, opts: { region?: string; near?: string; wholeDeployment?: boolean } = {}): Promise<Actor | null> {
  if (opts.region) {
    const region = await getRegionByCode(db, opts.region);
    if (!region) throw new CliError(`--region：区划 ${opts.region} 不存在`);
    return regionActor(region);
  }
  const counties = await listCounties(db);
  if (counties.length <= 1) return counties[0] ? systemActor(counties[0]) : null;
  for (const code of opts.near ? [opts.near, ...ancestorCodes(opts.near)] : []) {
    const region = await getRegionByCode(db, code);
    if (region) return regionActor(region);
  }
  // A command about the deployment as a whole (its tree) acts as the system with no one county.
  if (opts.wholeDeployment) return systemActor({ id: 0, code: '', name: '系统' });
  throw ambiguousCounty(counties);
}

/** Several counties and no region named: say which, and how to name one. */
export function ambiguousCounty(counties: RegionRow[]): CliError {
  const list = counties
    .slice(0, 5)
    .map((c) => `${c.code} ${c.name}`)
    .join('、');
  return new CliError(`本系统有 ${counties.length} 个县级区划（${list}${counties.length > 5 ? ' 等' : ''}），无法确定以哪个县的名义执行：请加 --region <区划代码>，例如 --region ${counties[0]!.code}`);
}
