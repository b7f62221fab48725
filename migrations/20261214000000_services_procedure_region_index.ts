/**
 * The procedures of a region's villages in a month (the month-close validation's 手术对象年龄 rule, the procedure
 * people lists), read village by village. Services are mostly 查环查孕 (159,500 of 166,330 in a month at city scale),
 * so the village-and-date index reads a county's whole month of services, and the kind-and-date index the whole
 * city's procedures (6,830 for a county's 683); this one holds the procedures only (9 MB at 1,000,000 cards). The
 * kinds are PROCEDURE_KIND's (src/domain/codes.ts), written out: a query's `kind in (…)` over the same list implies
 * the index's condition.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index if not exists services_procedure_region_date_idx on services (region_id, performed_on)
     where kind in ('iud_insertion', 'iud_removal', 'female_sterilization', 'male_sterilization', 'implant_insertion',
                    'implant_removal', 'surgical_abortion', 'medical_abortion', 'induced_labour')
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index if exists services_procedure_region_date_idx`);
}
