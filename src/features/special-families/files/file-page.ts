/** What the file page shows: the file, the couple's card, the contact persons, the 特扶 application, the care and the schedule. */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { careAndScheduleOf } from '../care/service.ts';
import { contactsOf, getFile, specialApplicationsOf, womanForFile } from './service.ts';

export async function filePage(db: Knex, scope: Scope, id: number, today: IsoDate) {
  const file = await getFile(db, scope, id);
  const [woman, contacts, applications, { care, schedule }] = await Promise.all([
    womanForFile(db, scope, file.woman_id),
    contactsOf(db, [file.id]),
    specialApplicationsOf(db, file.woman_id),
    careAndScheduleOf(db, file, today),
  ]);
  return { file, woman, contacts, applications, application: applications.find((a) => a.id === file.subsidy_application_id), care, schedule, today };
}
