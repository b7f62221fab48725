/**
 * Past one county (issue 19): a city or province deployment holds several counties, and each exchanges its own 协查
 * packages. exchange_packages.county_code is the county that exported or imported the package (its recent list
 * shows only its own). Existing rows take their creator's county, or the only county of a one-county database.
 * Self-contained: migrations never import application code.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table exchange_packages add column county_code text;
    update exchange_packages p set county_code = left(r.code, 6)
      from users u join regions r on r.id = u.region_id
      where u.id = p.created_by and length(r.code) >= 6;
    update exchange_packages set county_code = (select code from regions where level = 'county')
      where county_code is null and (select count(*) from regions where level = 'county') = 1;
    alter table exchange_packages add constraint exchange_packages_county_code_check check (county_code ~ '^[0-9]{6}$');
    create index exchange_packages_county_idx on exchange_packages (county_code, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table exchange_packages drop column county_code;`);
}
