/**
 * SQL of the 婚育证明 check list: floating women on a date (status from the dated floating history, married from the
 * marital history) with no valid 流动人口婚育证明 on that date, in the caller's villages.
 */
import type { Knex } from 'knex';
import type { Scope } from '../../../auth/actor.ts';
import { villagesInScope } from '../../../auth/scope.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { countOf } from '../verifications/queries.ts';

export interface CertificateCheckQuery {
  on: IsoDate;
  village?: string;
  status?: 'outflow' | 'inflow';
}

export interface CertificateCheckRow {
  woman_id: number;
  name: string;
  id_number: string;
  phone: string | null;
  migrant_place: string | null;
  village_code: string;
  village_name: string;
  migrant_status: 'outflow' | 'inflow';
  floating_since: IsoDate;
  cert_number: string | null;
  cert_issued_on: IsoDate | null;
  cert_expires_on: IsoDate | null;
  cert_revoked_on: IsoDate | null;
}

/** A certificate valid on the date `?` (alias c). */
const VALID = `c.kind = 'migrant_certificate' and c.issued_on <= ?::date and (c.expires_on is null or c.expires_on >= ?::date) and (c.revoked_on is null or c.revoked_on > ?::date)`;

function filtered(db: Knex, scope: Scope, f: CertificateCheckQuery) {
  const d = f.on;
  const q = db('women as w')
    .join('regions as v', 'v.id', 'w.region_id')
    .joinRaw(
      `join lateral (select fe.kind, fe.effective_on from floating_events fe where fe.woman_id = w.id and fe.effective_on <= ?::date
                      order by fe.effective_on desc, fe.id desc limit 1) st on true`,
      [d],
    )
    .joinRaw(
      `left join lateral (select m.kind from marital_events m where m.woman_id = w.id and m.effective_on <= ?::date
                           order by m.effective_on desc, m.id desc limit 1) ms on true`,
      [d],
    )
    .joinRaw(
      `left join lateral (select c.number, c.issued_on, c.expires_on, c.revoked_on from certificates c
                           where c.woman_id = w.id and c.kind = 'migrant_certificate' and c.issued_on <= ?::date
                           order by c.issued_on desc, c.id desc limit 1) lc on true`,
      [d],
    )
    .whereIn('w.region_id', villagesInScope(db, scope))
    .andWhere('w.registered_on', '<=', d)
    .andWhere((b) => b.whereNull('w.exit_date').orWhere('w.exit_date', '>', d))
    .andWhereRaw(`(st.kind = 'inflow' or (st.kind = 'outflow' and ms.kind in ('first_marriage', 'remarriage')))`)
    .andWhereRaw(`not exists (select 1 from certificates c where c.woman_id = w.id and ${VALID})`, [d, d, d]);
  if (f.village) q.andWhere('v.code', f.village);
  if (f.status) q.andWhere('st.kind', f.status);
  return q;
}

const COLUMNS = [
  'w.id as woman_id',
  'w.name',
  'w.id_number',
  'w.phone',
  'w.migrant_place',
  'v.code as village_code',
  'v.name as village_name',
  'st.kind as migrant_status',
  'st.effective_on as floating_since',
  'lc.number as cert_number',
  'lc.issued_on as cert_issued_on',
  'lc.expires_on as cert_expires_on',
  'lc.revoked_on as cert_revoked_on',
];

export async function certificateCheckPage(db: Knex, scope: Scope, f: CertificateCheckQuery, page: { limit: number; offset: number }): Promise<{ rows: CertificateCheckRow[]; total: number }> {
  const q = filtered(db, scope, f);
  const rows = (await q
    .clone()
    .select(COLUMNS)
    .select(db.raw('count(*) over () as total'))
    .orderBy([{ column: 'v.code' }, { column: 'w.name' }, { column: 'w.id' }])
    .limit(page.limit)
    .offset(page.offset)) as (CertificateCheckRow & { total: number })[];
  return { rows, total: rows[0]?.total ?? (page.offset > 0 ? await countOf(db, q) : 0) };
}
