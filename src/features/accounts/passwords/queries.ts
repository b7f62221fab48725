/** SQL of one's own password: ending the user's other sessions once it changed. */
import type { Knex } from 'knex';

/** End every session of a user except the one given (the session rows hold passport's user id). */
export async function deleteOtherSessionsOfUser(db: Knex, userId: number, keepSessionId?: string): Promise<number> {
  return db('session')
    .whereRaw(`(sess -> 'passport' ->> 'user') = ?`, [String(userId)])
    .modify((b) => {
      if (keepSessionId) b.whereNot('sid', keepSessionId);
    })
    .del();
}
