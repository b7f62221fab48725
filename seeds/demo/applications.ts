/**
 * Certificate applications in the demo county (issue 17 §1): in each of the first three townships, one
 * application in every state of the workflow — a draft, one waiting within its deadline, one overdue, one returned
 * for missing papers, one approved and printed, one handed over, one refused, one revoked — played through the
 * services with the township's clerk and supervisor as actors and each step's own date. Only kinds the monthly
 * figures do not count are issued (婚育证明, 生殖健康服务证, 再生育证), so the demo's figures stay as they were;
 * 生育登记 and 光荣证 appear waiting, returned or refused. Women are the township's first active married women
 * by id with no certificate (deterministic).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../src/auth/actor.ts';
import type { CertificateKind, CollectorRelation, Role } from '../../src/domain/codes.ts';
import { addDays, type IsoDate } from '../../src/domain/dates.ts';
import { createApplication, decideApplication, handOver, recordPrint, revokeApplication, submitApplication } from '../../src/features/applications/service.ts';
import { isoOf } from './days.ts';
import type { GenContext, TownshipRef } from './life.ts';
import type { UserRef } from './setup.ts';

type Evidence = Parameters<typeof createApplication>[3]['evidence'];
const FULL: Record<string, Evidence> = {
  migrant_certificate: ['id_card', 'marriage_certificate', 'photo', 'village_certification'],
  reproductive_health_card: ['id_card', 'spouse_id_card', 'marriage_certificate'],
  reproduction_permit: ['hukou_booklet', 'id_card', 'marriage_certificate', 'permit_reason', 'village_certification'],
  birth_registration: ['hukou_booklet', 'id_card', 'marriage_certificate'],
  only_child_glory: ['hukou_booklet', 'id_card', 'marriage_certificate', 'birth_medical_certificate', 'photo'],
};

type Stage = 'draft' | 'waiting' | 'overdue' | 'returned' | 'printed' | 'handed_over' | 'refused' | 'revoked';
const PLAN: { stage: Stage; kind: CertificateKind; agent?: string }[] = [
  { stage: 'draft', kind: 'migrant_certificate' },
  { stage: 'waiting', kind: 'birth_registration' },
  { stage: 'overdue', kind: 'birth_registration', agent: '村代办员' },
  { stage: 'returned', kind: 'only_child_glory' },
  { stage: 'printed', kind: 'migrant_certificate' },
  { stage: 'handed_over', kind: 'reproductive_health_card', agent: '村代办员' },
  { stage: 'refused', kind: 'reproduction_permit' },
  { stage: 'revoked', kind: 'migrant_certificate' },
];

function actorOf(user: UserRef, role: Role, t: TownshipRef): Actor {
  const scope = { level: 'township' as const, regionId: t.id, code: t.code };
  return { userId: user.id, username: user.username, displayName: user.display_name, role, level: 'township', regionId: t.id, regionCode: t.code, regionName: t.name, scope };
}

/** Play one application to its stage; `today` is the demo's today (every step on or before it). */
async function play(trx: Knex, clerk: Actor, sup: Actor, womanId: number, p: (typeof PLAN)[number], today: IsoDate, now: Date) {
  const complete = p.stage !== 'draft' && p.stage !== 'returned';
  let a = await createApplication(trx, clerk, womanId, {
    kind: p.kind,
    child_order: p.kind === 'birth_registration' ? 2 : undefined,
    applicant: p.agent ? 'agent' : 'self',
    agent_name: p.agent ? `${p.agent}${clerk.regionName.slice(0, 1)}` : undefined,
    evidence: complete ? FULL[p.kind]! : FULL[p.kind]!.slice(1),
  });
  if (p.stage === 'draft') return;
  const submitted = p.stage === 'overdue' ? addDays(today, -12) : p.stage === 'waiting' ? addDays(today, -1) : addDays(today, -20);
  a = await submitApplication(trx, clerk, a.id, { version: a.version }, submitted);
  if (p.stage === 'waiting' || p.stage === 'overdue') return;
  const decided = addDays(submitted, 2);
  if (p.stage === 'returned') {
    await decideApplication(trx, sup, a.id, 'return', { reason: '缺少户口簿，请补交后重新提交', version: a.version }, decided);
    return;
  }
  if (p.stage === 'refused') {
    await decideApplication(trx, sup, a.id, 'refuse', { reason: '不符合本省再生育审批条件', version: a.version }, decided);
    return;
  }
  a = await decideApplication(trx, sup, a.id, 'approve', { version: a.version }, decided);
  await recordPrint(trx, clerk, a.id, now, decided);
  if (p.stage === 'handed_over' || p.stage === 'revoked') {
    const relation: CollectorRelation = p.agent ? 'agent' : 'self';
    a = await handOver(
      trx,
      clerk,
      a.id,
      { handed_over_on: addDays(decided, 3), collector_name: p.agent ? `${p.agent}${clerk.regionName.slice(0, 1)}` : '本人', collector_relation: relation, version: a.version },
      addDays(decided, 3),
    );
  }
  if (p.stage === 'revoked') await revokeApplication(trx, sup, a.id, { revoked_on: addDays(decided, 10), revoke_reason: '已返回户籍地，证明收回', version: a.version }, addDays(decided, 10));
}

export async function seedApplications(trx: Knex, ctx: GenContext, users: UserRef[]): Promise<number> {
  const today = isoOf(ctx.today);
  const now = new Date(`${today}T08:00:00+08:00`);
  const user = (name: string) => users.find((u) => u.username === name)!;
  let made = 0;
  for (const [i, t] of ctx.townships.slice(0, 3).entries()) {
    const n = String(i + 1).padStart(2, '0');
    const clerk = actorOf(user(`clerk${n}`), 'clerk', t);
    const sup = actorOf(user(`sup${n}`), 'supervisor', t);
    const candidates = await trx('women as w')
      .join('regions as v', 'v.id', 'w.region_id')
      .where('v.parent_id', t.id)
      .where('w.status', 'active')
      .whereIn('w.marital_status', ['first_marriage', 'remarried'])
      .whereNotExists(trx('certificates as c').whereRaw('c.woman_id = w.id'))
      .orderBy('w.id')
      .limit(40)
      .pluck<number[]>('w.id');
    let next = 0;
    for (const p of PLAN) {
      // A card whose own rules refuse the step (a finding the change would introduce) is passed over for the next.
      while (next < candidates.length) {
        const womanId = candidates[next++]!;
        try {
          await trx.transaction((sp) => play(sp, clerk, sup, womanId, p, today, now));
          made += 1;
          break;
        } catch {
          continue;
        }
      }
    }
  }
  await restamp(trx, addDays(today, -3));
  // Each step settled its card's findings on the step's date; the load computes them all on today, afresh.
  await trx('data_findings').whereIn('woman_id', trx('certificate_applications').select('woman_id')).delete();
  return made;
}

/**
 * The services stamp rows with the load time; the demo is the same on every load, so the rows these steps wrote
 * get their steps' dates (10:00 China time): applications their last step, certificates their decision and
 * revocation. The updated_at triggers are switched off for it (owner only; otherwise updated_at keeps the time).
 */
async function restamp(trx: Knex, draftDay: IsoDate): Promise<void> {
  const at = (col: string) => `((${col})::timestamp + interval '10 hours') at time zone 'Asia/Shanghai'`;
  const updates = async (db: Knex) => {
    await db.raw(`update certificates c set created_at = ${at('a.decided_on')}, updated_at = ${at('coalesce(c.revoked_on, a.decided_on)')}
                    from certificate_applications a where a.certificate_id = c.id`);
    await db.raw(
      `update certificate_applications a set created_at = ${at('coalesce(a.first_submitted_on, ?::date)')},
                    updated_at = ${at('coalesce(greatest(a.submitted_on, a.decided_on, a.handed_over_on, a.revoked_on), ?::date)')}`,
      [draftDay, draftDay],
    );
  };
  const TABLES = ['certificates', 'certificate_applications'];
  try {
    await (trx as Knex.Transaction).transaction(async (sp) => {
      for (const t of TABLES) await sp.raw(`alter table ${t} disable trigger ${t}_updated_at`);
      await updates(sp);
      for (const t of TABLES) await sp.raw(`alter table ${t} enable trigger ${t}_updated_at`);
    });
  } catch {
    await updates(trx);
  }
}
