/**
 * Certificate applications (issue 17 §1): one workflow for 生育登记, 再生育证, 独生子女父母光荣证, 流动人口婚育证明 and
 * 生殖健康服务证 — the application with its evidence checklist, the township's decision, the number from the
 * township's sequence per kind and year (a counter row per township, kind and year, taken in the approving
 * transaction, so numbers have no gaps and no duplicates), printing, handing over and revocation. The two new
 * kinds are appended to the certificates' kind list. Code lists are repeated here on purpose (a migration must
 * not change when the app does).
 */
import type { Knex } from 'knex';

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');

const OLD_KINDS = ['only_child_glory', 'birth_registration', 'migrant_certificate'];
const KINDS = [...OLD_KINDS, 'reproduction_permit', 'reproductive_health_card'];
const STATUS = ['draft', 'submitted', 'returned', 'approved', 'handed_over', 'refused', 'revoked'];
const APPLICANT = ['self', 'agent'];
const EVIDENCE = ['hukou_booklet', 'id_card', 'marriage_certificate', 'birth_medical_certificate', 'spouse_id_card', 'residence_permit', 'photo', 'village_certification', 'permit_reason'];
const RELATION = ['self', 'spouse', 'parent', 'relative', 'agent', 'other'];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table certificates drop constraint certificates_kind_check;
    alter table certificates add constraint certificates_kind_check check (kind in (${list(KINDS)}));
  `);

  await knex.schema.createTable('certificate_applications', (t) => {
    t.increments('id');
    t.integer('woman_id').notNullable().references('women.id');
    // The woman's village when she applied (scope).
    t.integer('region_id').notNullable().references('regions.id');
    t.text('kind').notNullable();
    t.text('status').notNullable().defaultTo('draft');
    // 生育登记: which child (1–3) the registration is for.
    t.integer('child_order');
    t.text('applicant').notNullable().defaultTo('self');
    // 代办: a free name now; the village account (agent_user_id) is wired later.
    t.text('agent_name');
    t.integer('agent_user_id').references('users.id');
    t.specificType('evidence', 'text[]').notNullable().defaultTo('{}');
    t.text('note');
    t.date('first_submitted_on');
    t.date('submitted_on');
    t.date('due_on');
    t.date('decided_on');
    t.text('decision_reason');
    t.integer('decided_by').references('users.id');
    t.text('number');
    t.integer('certificate_id').references('certificates.id');
    t.timestamp('printed_at', { useTz: true });
    t.date('handed_over_on');
    t.text('collector_name');
    t.text('collector_relation');
    t.text('collector_id_last4');
    t.date('revoked_on');
    t.text('revoke_reason');
    t.integer('version').notNullable().defaultTo(1);
    t.integer('created_by').references('users.id');
    t.integer('updated_by').references('users.id');
    t.timestamps(true, true);
  });
  await knex.raw(`
    alter table certificate_applications
      add constraint certificate_applications_kind_check check (kind in (${list(KINDS)})),
      add constraint certificate_applications_status_check check (status in (${list(STATUS)})),
      add constraint certificate_applications_applicant_check check (applicant in (${list(APPLICANT)})),
      add constraint certificate_applications_agent_check check ((applicant = 'agent') = (agent_name is not null)),
      add constraint certificate_applications_child_order_check check (child_order is null or child_order between 1 and 3),
      add constraint certificate_applications_evidence_check check (evidence <@ array[${list(EVIDENCE)}]::text[]),
      add constraint certificate_applications_relation_check check (collector_relation is null or collector_relation in (${list(RELATION)})),
      add constraint certificate_applications_id_last4_check check (collector_id_last4 is null or collector_id_last4 ~ '^[0-9]{3}[0-9X]$'),
      add constraint certificate_applications_handover_check check ((handed_over_on is null) = (collector_name is null) and (handed_over_on is null) = (collector_relation is null)),
      add constraint certificate_applications_revoke_check check ((revoked_on is null) = (revoke_reason is null)),
      add constraint certificate_applications_number_check check ((number is null) = (certificate_id is null));
    create unique index certificate_applications_number_key on certificate_applications (kind, number);
    create index certificate_applications_woman_idx on certificate_applications (woman_id);
    create index certificate_applications_region_status_idx on certificate_applications (region_id, status);
    create trigger certificate_applications_updated_at before update on certificate_applications for each row execute function set_updated_at();
  `);

  // One row per township, kind and year: the last number given. Taken with an upsert in the approving
  // transaction (the row stays locked until it commits), so concurrent approvals queue and a rollback gives
  // the number back.
  await knex.schema.createTable('certificate_number_counters', (t) => {
    t.integer('township_id').notNullable().references('regions.id');
    t.text('kind').notNullable();
    t.integer('year').notNullable();
    t.integer('last_number').notNullable();
    t.primary(['township_id', 'kind', 'year']);
  });
  await knex.raw(`
    alter table certificate_number_counters
      add constraint certificate_number_counters_kind_check check (kind in (${list(KINDS)})),
      add constraint certificate_number_counters_last_check check (last_number >= 1);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists certificate_number_counters, certificate_applications');
  await knex.raw(`
    delete from certificates where kind not in (${list(OLD_KINDS)});
    alter table certificates drop constraint certificates_kind_check;
    alter table certificates add constraint certificates_kind_check check (kind in (${list(OLD_KINDS)}));
  `);
}
