/**
 * Spreadsheet imports (DESIGN §12) run in the background of the server process: each upload is a job whose
 * progress and outcome live here, so the status page (which refreshes itself) and any instance behind the proxy
 * can show them. The uploaded file is kept only until the import is written or abandoned.
 */
import type { Knex } from 'knex';

const KINDS = ['women', 'children', 'services', 'population', 'regions'];
const STATUS = ['queued', 'checking', 'checked', 'writing', 'done', 'failed', 'discarded'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_jobs', (t) => {
    t.increments('id');
    t.text('kind').notNullable();
    t.text('file_name').notNullable();
    t.integer('file_size').notNullable();
    t.binary('file');
    t.integer('user_id').notNullable().references('users.id');
    t.integer('region_id').notNullable().references('regions.id');
    t.text('status').notNullable().defaultTo('queued');
    t.integer('total_rows');
    t.integer('processed_rows').notNullable().defaultTo(0);
    t.integer('problem_count').notNullable().defaultTo(0);
    t.jsonb('problems').notNullable().defaultTo('[]');
    t.integer('to_create');
    t.integer('unchanged');
    t.integer('written');
    t.text('error');
    t.integer('check_ms');
    t.integer('write_ms');
    t.timestamp('checked_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table import_jobs
      add constraint import_jobs_kind_check check (kind in (${KINDS.map((k) => `'${k}'`).join(', ')})),
      add constraint import_jobs_status_check check (status in (${STATUS.map((s) => `'${s}'`).join(', ')}));
    create index import_jobs_user_idx on import_jobs (user_id, created_at desc);
    create trigger import_jobs_updated_at before update on import_jobs for each row execute function set_updated_at();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('import_jobs');
}
