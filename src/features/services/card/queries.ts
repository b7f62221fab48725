/** SQL for the card page's 技术服务 section (the 随访 section reads follow-ups/queries.ts). */
import type { Knex } from 'knex';
import type { ServiceListRow } from '../record/queries.ts';

function services(db: Knex) {
  return db('services as s')
    .join('regions as sv', 'sv.id', 's.region_id')
    .leftJoin('users as u', 'u.id', 's.created_by')
    .select('s.*', 'sv.name as village_name', 'sv.code as village_code', 'u.display_name as recorded_by');
}

/** Her services, newest first (the village is where each happened). The caller checked she is in scope. */
export async function servicesOfWoman(db: Knex, womanId: number): Promise<ServiceListRow[]> {
  return services(db)
    .where('s.woman_id', womanId)
    .orderBy([
      { column: 's.performed_on', order: 'desc' },
      { column: 's.id', order: 'desc' },
    ]);
}
