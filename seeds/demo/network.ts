/**
 * The demo's village 网底 (issue 16 §1): a 村计生专干 account for the first village of every township
 * (village01 … village10, password as the other demo accounts), and, in the first two townships' villages, a few
 * reported events: pending ones (a pregnancy found, a departure) for the confirm queue, one returned with its
 * reason, and one confirmed into the pregnancy the township recorded from it.
 */
import type { Knex } from 'knex';
import { addDays, type IsoDate } from '../../src/domain/dates.ts';
import type { PasswordHasher } from '../../src/features/accounts/service.ts';
import { DEMO_PASSWORD } from './accounts.ts';

interface Township {
  id: number;
  name: string;
  clerkId: number;
  villages: number[];
}
interface Village {
  id: number;
  code: string;
  name: string;
}

export async function seedNetwork(trx: Knex, hasher: PasswordHasher, townships: Township[], villages: Village[], today: IsoDate, now: Date) {
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  let reports = 0;
  for (const [i, t] of townships.entries()) {
    const village = villages[t.villages[0]!]!;
    const [user] = (await trx('users')
      .insert({
        username: `village${String(i + 1).padStart(2, '0')}`,
        display_name: `${village.name}专干`,
        role: 'village',
        region_id: village.id,
        password_hash: passwordHash,
        must_change_password: false,
      })
      .returning('id')) as { id: number }[];
    if (i >= 2) continue;
    const women = (await trx('women').where({ region_id: village.id, status: 'active' }).orderBy('id').limit(4).select('id')) as { id: number }[];
    if (women.length < 4) continue;
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000);
    const base = { region_id: village.id, reported_by: user!.id };
    await trx('reported_events').insert([
      { ...base, kind: 'pregnancy', woman_id: women[0]!.id, event_date: addDays(today, -6), note: '入户走访时本人告知', reported_at: at(5) },
      { ...base, kind: 'departure', woman_id: women[1]!.id, event_date: addDays(today, -3), destination: '广东省东莞市（外出务工）', reported_at: at(2) },
      {
        ...base,
        kind: 'death',
        woman_id: women[2]!.id,
        event_date: addDays(today, -20),
        reported_at: at(19),
        status: 'returned',
        decided_by: t.clerkId,
        decided_at: at(15),
        return_reason: '经电话核实本人健在，请核对后再报',
      },
    ]);
    reports += 3;
    // A pregnancy the township entered recently: the village had reported it first.
    const preg = (await trx('pregnancies as p')
      .join('women as w', 'w.id', 'p.woman_id')
      .where('w.region_id', village.id)
      .andWhere('p.found_on', '>=', addDays(today, -90))
      .orderBy('p.found_on', 'desc')
      .first('p.id', 'p.woman_id', 'p.found_on')) as { id: number; woman_id: number; found_on: IsoDate } | undefined;
    if (preg) {
      await trx('reported_events').insert({
        ...base,
        kind: 'pregnancy',
        woman_id: preg.woman_id,
        event_date: preg.found_on,
        reported_at: at(1),
        status: 'confirmed',
        decided_by: t.clerkId,
        decided_at: at(0.5),
        result_entity: 'pregnancy',
        result_id: preg.id,
      });
      reports += 1;
    }
  }
  return { accounts: townships.length, reports };
}
