/**
 * Reference data of the services feature (idempotent): the default lifetime of an IUD (8 years, the usual
 * 宫内节育器 guidance for copper devices) and of an implant (5 years; a 3-year implant is recorded with its own
 * due date on the service form). Existing values are kept, so an office that changed them keeps its own.
 */
import type { Knex } from 'knex';

export const DEVICE_LIFETIMES: { method: 'iud' | 'implant'; years: number; note: string }[] = [
  { method: 'iud', years: 8, note: '宫内节育器放置后到期取出年限' },
  { method: 'implant', years: 5, note: '皮下埋植放置后到期取出年限（3年型请在登记时填写到期日期）' },
];

export async function seedServices(db: Knex): Promise<void> {
  await db('device_lifetimes').insert(DEVICE_LIFETIMES).onConflict('method').ignore();
}
