/**
 * Card writes for the fault tests: township clerks recording IUD insertions on a pool of cards (each card gets
 * one attempt, so an answer lost in a crash never makes the next attempt ambiguous) and creating new cards,
 * concurrently, every answer recorded. Then what the database must hold:
 *  - every acknowledged (303) write is there;
 *  - nothing is half-written: every IUD insertion has its open IUD episode, its four follow-ups and its audit
 *    row; every card created through the form has its 'card.create' audit row.
 */
import type { Knex } from 'knex';
import { makeIdNumber } from '../../../src/domain/id-number.ts';
import type { ServerClient } from './http.ts';

export interface CardWrite {
  kind: 'service' | 'card';
  /** The woman's id (service) or the new card's ID number (card). */
  key: string;
  status: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `n` (at most 1215) married women without a method in `villageId`, inserted in one statement: the pool of
 * service targets. `block` (0–3) keeps the ID numbers of several pools apart.
 */
export async function insertCardPool(db: Knex, villageId: number, n: number, tag: string, block: number): Promise<number[]> {
  const rows = Array.from({ length: n }, (_x, i) => {
    const birth = `19${85 + (i % 15)}-0${1 + (Math.floor(i / 15) % 9)}-1${Math.floor(i / 135) % 9}`;
    return {
      region_id: villageId,
      id_number: makeIdNumber('990100', birth, 500 + block * 100 + ((i * 2) % 100)),
      name: `${tag}${i}`,
      birth_date: birth,
      hukou_kind: 'agricultural' as const,
      marital_status: 'first_marriage' as const,
      marriage_date: `20${10 + (i % 8)}-05-01`,
    };
  });
  return (await db('women').insert(rows).returning('id')).map((r) => r.id);
}

/** A fresh valid female ID number for card creations (born 1996–1999, sequences apart from the pool's). */
function newCardId(i: number): string {
  const birth = `199${6 + (i % 4)}-${String(1 + (Math.floor(i / 4) % 12)).padStart(2, '0')}-${String(1 + (Math.floor(i / 48) % 28)).padStart(2, '0')}`;
  return makeIdNumber('990100', birth, 100 + ((Math.floor(i / 1344) * 2) % 300));
}

export function startCardWriters(clerks: ServerClient[], pool: number[], village: string, today: string, workers: number) {
  const writes: CardWrite[] = [];
  let stop = false;
  let next = 0;
  let created = 0;
  const failed = (e: Error) => ({
    status: 0,
    location: null,
    text: '',
    error: `${e.message} ${String((e as { cause?: Error }).cause?.message ?? '')} ${JSON.stringify((e as { cause?: { socket?: unknown } }).cause?.socket ?? {})}`,
  });
  const one = async (clerk: ServerClient): Promise<number> => {
    // Two service writes for each new card: services are the point, cards keep the audit check honest.
    if (next % 3 === 2 || next >= pool.length) {
      const i = created++;
      const id = newCardId(i);
      next += next < pool.length ? 1 : 0;
      const res = await clerk
        .post('/women', { id_number: id, name: `故障建卡${i}`, village, ethnicity: '汉族', hukou_kind: 'agricultural', marital_status: 'unmarried', migrant_status: 'none' })
        .catch(failed);
      writes.push({ kind: 'card', key: id, status: res.status, error: (res as { error?: string }).error });
      return res.status;
    }
    const woman = pool[next++];
    const res = await clerk.post(`/women/${woman}/services`, { kind: 'iud_insertion', performed_on: today, facility: '故障测试服务站', provider: '故障', complication: 'none' }).catch(failed);
    writes.push({ kind: 'service', key: String(woman), status: res.status, error: (res as { error?: string }).error });
    return res.status;
  };
  const loops = Array.from({ length: workers }, async (_x, w) => {
    while (!stop && created < 1300) {
      if ((await one(clerks[w % clerks.length])) !== 303) await sleep(100);
    }
  });
  return {
    writes,
    acked: () => writes.filter((w) => w.status === 303).length,
    async finish() {
      stop = true;
      await Promise.all(loops);
    },
  };
}

/** Acknowledged writes and how many of them the database holds. */
export async function cardWritesFound(db: Knex, writes: CardWrite[]) {
  const ackedServices = writes.filter((w) => w.kind === 'service' && w.status === 303).map((w) => Number(w.key));
  const ackedCards = writes.filter((w) => w.kind === 'card' && w.status === 303).map((w) => w.key);
  const services = new Set((await db('services').whereIn('woman_id', ackedServices).where({ kind: 'iud_insertion' }).pluck('woman_id')) as number[]);
  const cards = new Set((await db('women').whereIn('id_number', ackedCards).pluck('id_number')) as string[]);
  const unanswered = writes.filter((w) => w.status !== 303);
  const committedUnacked =
    Number(
      (
        await db('services')
          .whereIn(
            'woman_id',
            unanswered.filter((w) => w.kind === 'service').map((w) => Number(w.key)),
          )
          .count({ n: '*' })
      )[0].n,
    ) +
    Number(
      (
        await db('women')
          .whereIn(
            'id_number',
            unanswered.filter((w) => w.kind === 'card').map((w) => w.key),
          )
          .count({ n: '*' })
      )[0].n,
    );
  return { acked: ackedServices.length + ackedCards.length, found: services.size + cards.size, services: ackedServices.length, cards: ackedCards.length, committedUnacked };
}

/**
 * Half-written card writes anywhere in the database: an IUD insertion without its IUD episode, without exactly
 * its follow-ups (four, by the schedule) or without its audit row; a card created through the form (name
 * 故障建卡…) without its creation audit row.
 */
export async function halfWrittenCards(db: Knex): Promise<{ services: number; cards: number }> {
  const { rows } = await db.raw<{ rows: { services: number; cards: number }[] }>(`
    select
      (select count(*) from services s
        where s.kind = 'iud_insertion' and (
          not exists (select 1 from contraception_episodes e where e.service_id = s.id and e.method = 'iud')
          or (select count(*) from follow_ups f where f.service_id = s.id) <> 4
          or not exists (select 1 from audit_log a where a.action = 'service.record' and a.entity = 'woman'
                          and a.entity_id = s.woman_id::text and (a.after ->> 'service_id')::int = s.id))) as services,
      (select count(*) from women w where w.name like '故障建卡%' and not exists (
          select 1 from audit_log a where a.entity = 'woman' and a.entity_id = w.id::text and a.action = 'card.create')) as cards`);
  return rows[0];
}
