/**
 * Certificates on a card (domain-notes §2.3, C14): 独生子女父母光荣证 (issued only to a couple with exactly one
 * living child, revoked with a date and a reason, e.g. when a second child is born), 生育登记 (a registered
 * plan for a birth: it takes the woman off the 应措 roster while valid), 流动人口婚育证明.
 */
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { Actor } from '../../../auth/actor.ts';
import { CERTIFICATE_KIND, label } from '../../../domain/codes.ts';
import { NotFoundError, ValidationError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import { auditCard } from '../cards/audit.ts';
import { changeCard, todayOf, type WriteOptions } from '../cards/card-write.ts';
import * as ev from '../events/queries.ts';
import type { CertificateRow } from '../cards/rows.ts';
import { CertificateForm, RevokeForm, type CertificateInput } from '../events/schemas.ts';

export async function issueCertificate(db: Knex, actor: Actor, womanId: number, input: CertificateInput, opts: WriteOptions = {}): Promise<CertificateRow> {
  return issueCertificateParsed(db, actor, womanId, parseForm(CertificateForm, input), opts);
}

/** issueCertificate with values already parsed by the form's schema (the routes parse once, then call this). */
export async function issueCertificateParsed(db: Knex, actor: Actor, womanId: number, v: z.output<typeof CertificateForm>, opts: WriteOptions = {}): Promise<CertificateRow> {
  if (v.issued_on > todayOf(opts)) throw ValidationError.field('issued_on', '发证日期不能晚于今天');
  if (v.expires_on && v.expires_on < v.issued_on) throw ValidationError.field('expires_on', '有效期不能早于发证日期');
  return db.transaction((trx) =>
    changeCard(trx, actor, womanId, { ...opts, fields: ['kind', 'number', 'issued_on', 'expires_on'] }, async (woman, data) => {
      if (await ev.certificateNumberTaken(trx, v.kind, v.number)) throw ValidationError.field('number', `${label(CERTIFICATE_KIND, v.kind)}编号 ${v.number} 已被使用`);
      let childId: number | null = null;
      if (v.kind === 'only_child_glory') {
        const living = data.children.filter((c) => c.vital_status !== 'deceased' && c.birth_date <= v.issued_on);
        if (living.length !== 1) {
          throw ValidationError.field('kind', `独生子女父母光荣证只发给有且只有一个健在子女的夫妇（发证日期时有 ${living.length} 个）`);
        }
        if (data.certificates.some((c) => c.kind === 'only_child_glory' && !c.revoked_on)) {
          throw ValidationError.field('kind', '已持有有效的独生子女父母光荣证');
        }
        childId = living[0].id;
      }
      const created = await ev.insertCertificate(trx, {
        woman_id: woman.id,
        region_id: woman.region_id,
        kind: v.kind,
        number: v.number,
        issued_on: v.issued_on,
        expires_on: v.expires_on ?? null,
        child_id: childId,
        created_by: actor.userId || null,
      });
      await auditCard(trx, actor, woman, 'certificate.issue', { after: { certificate_id: created.id, kind: v.kind, number: v.number, issued_on: v.issued_on } });
      return created;
    }),
  );
}

export async function revokeCertificate(
  db: Knex,
  actor: Actor,
  womanId: number,
  certificateId: number,
  input: { revoked_on: string; revoke_reason: string },
  opts: WriteOptions = {},
): Promise<CertificateRow> {
  return revokeCertificateParsed(db, actor, womanId, certificateId, parseForm(RevokeForm, input), opts);
}

/** revokeCertificate with values already parsed by the form's schema (the routes parse once, then call this). */
export async function revokeCertificateParsed(db: Knex, actor: Actor, womanId: number, certificateId: number, v: z.output<typeof RevokeForm>, opts: WriteOptions = {}): Promise<CertificateRow> {
  if (v.revoked_on > todayOf(opts)) throw ValidationError.field('revoked_on', '注销日期不能晚于今天');
  return db.transaction((trx) =>
    changeCard(trx, actor, womanId, { ...opts, fields: ['revoked_on', 'revoke_reason'] }, async (woman, data) => {
      const cert = data.certificates.find((c) => c.id === certificateId);
      if (!cert) throw new NotFoundError('未找到该证件。');
      if (cert.revoked_on) throw ValidationError.form(`该证件已于 ${cert.revoked_on} 注销`);
      if (v.revoked_on < cert.issued_on) throw ValidationError.field('revoked_on', `注销日期早于发证日期 ${cert.issued_on}`);
      const updated = await ev.updateCertificate(trx, cert.id, { revoked_on: v.revoked_on, revoke_reason: v.revoke_reason });
      await auditCard(trx, actor, woman, 'certificate.revoke', {
        after: { certificate_id: cert.id, kind: cert.kind, number: cert.number, revoked_on: v.revoked_on },
        reason: v.revoke_reason,
      });
      return updated;
    }),
  );
}
