/**
 * One PostgreSQL for the whole run (embedded, in a temp folder, tuned for throwaway data — or TEST_DATABASE_URL),
 * and a template database migrated and seeded once. Each test file copies the template (CREATE DATABASE …
 * TEMPLATE), so files run in parallel on their own data.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { testEnv } from '../src/config.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded.ts';
import { createDb } from '../src/db/knex.ts';
import { prepareSchema } from '../src/db/open.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDb: string;
  }
}

async function admin(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const env = testEnv();
  let server: EmbeddedServer | undefined;
  let dir: string | undefined;
  let adminUrl = env.testDatabaseUrl;
  if (!adminUrl) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-test-'));
    server = await startEmbeddedPostgres({
      dir,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300', shared_buffers: '128MB' },
    });
    adminUrl = server.url('postgres');
  }
  const templateDb = `fp_template_${process.pid}`;
  await admin(adminUrl, `drop database if exists ${templateDb}`);
  await admin(adminUrl, `create database ${templateDb} encoding 'UTF8' template template0`);
  const db = createDb(withDatabase(adminUrl, templateDb), { poolMax: 2 });
  try {
    await prepareSchema(db);
  } finally {
    await db.destroy();
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    if (server) {
      await server.stop('immediate');
      if (dir && !env.keepArtifacts) fs.rmSync(dir, { recursive: true, force: true });
    } else {
      // A shared server: remove what this run created.
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(`select datname from pg_database where datname like 'fp_t_${process.pid}_%' or datname = $1`, [templateDb]);
      for (const r of rows) await client.query(`drop database if exists ${client.escapeIdentifier(r.datname)} with (force)`);
      await client.end();
    }
  };
}
