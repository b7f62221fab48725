/**
 * The demo county (DEMO-DATA.md): places and accounts, then people and their history. Deterministic; refuses to
 * run in production. Writes in bulk (multi-row inserts), not a request per row.
 */
import type { Knex } from 'knex';
import type { PasswordHasher } from '../../src/features/accounts/passwords.ts';
import { DEMO_PASSWORD, demoAccounts } from './accounts.ts';
import { DEMO_COUNTY, demoPlaces } from './places.ts';

export interface DemoOptions {
  women: number;
  seed?: number;
  env: string;
  log?: (line: string) => void;
}

export async function isDatabaseEmpty(db: Knex): Promise<boolean> {
  const row = await db('regions').first('id');
  return !row;
}

export async function seedDemo(db: Knex, hasher: PasswordHasher, options: DemoOptions): Promise<void> {
  if (options.env === 'production') throw new Error('演示数据不能装入生产环境 (NODE_ENV=production)。');
  const log = options.log ?? (() => undefined);
  if (!(await isDatabaseEmpty(db))) throw new Error('数据库中已有区划数据，演示数据只能装入空数据库。');
  const places = demoPlaces(options.seed);
  await db.transaction(async (trx) => {
    const [county] = await trx('regions').insert({ code: DEMO_COUNTY.code, name: DEMO_COUNTY.name, level: 'county' }).returning('id');
    const townshipIds: number[] = [];
    for (const t of places) {
      const [row] = await trx('regions').insert({ code: t.code, name: t.name, level: 'township', parent_id: county.id }).returning('id');
      townshipIds.push(row.id);
      await trx('regions').insert(t.villages.map((v) => ({ code: v.code, name: v.name, level: 'village', parent_id: row.id })));
    }
    const passwordHash = await hasher.hash(DEMO_PASSWORD);
    await trx('users').insert(
      demoAccounts().map((a) => ({
        username: a.username,
        display_name: a.display_name,
        role: a.role,
        region_id: a.region === 'county' ? county.id : townshipIds[a.region],
        password_hash: passwordHash,
        must_change_password: false,
      })),
    );
    await trx('audit_log').insert({ username: 'system', action: 'demo.seed', entity: 'region', entity_id: String(county.id), region_id: county.id, after: JSON.stringify({ townships: places.length, villages: places.reduce((s, t) => s + t.villages.length, 0), women: options.women }) });
  });
  log(`演示县已建立：${places.length} 个乡镇，${places.reduce((s, t) => s + t.villages.length, 0)} 个村(社区)。`);
}
