/**
 * 协查 exchange partners per county (issue 19): in a city or province deployment each county keeps its own partner
 * counties and shared secrets; one county's admin no longer sees, changes or signs with another county's. Every county
 * of the deployment keeps the partners the deployment had (in a one-county deployment: that county's, as before).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table exchange_partners add column owner_county_code text;
    drop index exchange_partners_code_key;
    insert into exchange_partners (owner_county_code, county_code, name, secret, active, updated_by, created_at, updated_at)
      select c.code, p.county_code, p.name, p.secret, p.active, p.updated_by, p.created_at, p.updated_at
        from exchange_partners p cross join regions c
       where p.owner_county_code is null and c.level = 'county' and c.code <> p.county_code;
    delete from exchange_partners where owner_county_code is null;
    alter table exchange_partners
      alter column owner_county_code set not null,
      add constraint exchange_partners_owner_check check (owner_county_code ~ '^[0-9]{6}$');
    create unique index exchange_partners_code_key on exchange_partners (owner_county_code, county_code);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    delete from exchange_partners p using exchange_partners o
     where o.county_code = p.county_code and (o.owner_county_code, o.id) < (p.owner_county_code, p.id);
    drop index exchange_partners_code_key;
    alter table exchange_partners drop column owner_county_code;
    create unique index exchange_partners_code_key on exchange_partners (county_code);
  `);
}
