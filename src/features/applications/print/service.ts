/**
 * Printing an issued certificate on its paper form (issue 17 §1.4): 光荣证 and 婚育证明 on A5, the others (生育登记
 * 服务单 …) on A4. The first print is recorded on the application (printed_at) with its audit row; a reprint is
 * allowed and audited too.
 */
import type { Knex } from 'knex';
import type { Actor, Scope } from '../../../auth/actor.ts';
import { ISSUED_STATUSES } from '../../../domain/certificate-workflow.ts';
import type { CertificateKind } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { ValidationError } from '../../../errors.ts';
import { recordAudit } from '../../audit/service.ts';
import { applicationView, requireApply, type ApplicationView } from '../applications/service.ts';
import { markPrinted, printFacts, type PrintFacts } from './queries.ts';

/** The paper each kind is printed on. */
export const PAPER: Readonly<Record<CertificateKind, 'a5' | 'a4'>> = {
  only_child_glory: 'a5',
  migrant_certificate: 'a5',
  birth_registration: 'a4',
  reproduction_permit: 'a4',
  reproductive_health_card: 'a4',
};

/** The application ready to print: issued and not revoked. */
export async function printable(db: Knex, scope: Scope, id: number, today: IsoDate): Promise<ApplicationView & { paper: 'a5' | 'a4' }> {
  const a = await applicationView(db, scope, id, today);
  if (!ISSUED_STATUSES.includes(a.effective_status)) throw ValidationError.form('只有已批准且未注销的证件可以打印。');
  return { ...a, paper: PAPER[a.kind] };
}

/** The print view's data: the application and the card's facts the form prints. */
export async function printSheet(db: Knex, scope: Scope, id: number, today: IsoDate): Promise<{ a: ApplicationView & { paper: 'a5' | 'a4' }; facts: PrintFacts }> {
  const a = await printable(db, scope, id, today);
  return { a, facts: await printFacts(db, a.woman_id, a.certificate_id) };
}

export async function recordPrint(db: Knex, actor: Actor, id: number, now: Date, today: IsoDate): Promise<void> {
  requireApply(actor);
  await db.transaction(async (trx) => {
    const a = await printable(trx, actor.scope, id, today);
    const first = await markPrinted(trx, id, now);
    await recordAudit(trx, actor, { action: 'certificate_application.print', entity: 'certificate_application', entityId: id, regionId: a.region_id, after: { number: a.number, first } });
  });
}
