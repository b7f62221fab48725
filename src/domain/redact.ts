/**
 * What may be written to the audit log and to logs: no password hashes, ID numbers masked, bank accounts
 * shortened (DESIGN §8). Applied to every before/after snapshot.
 */
import { maskIdNumber, maskIdNumbersInText } from './id-number.ts';

const DROP = new Set(['password', 'password_hash', 'new_password', 'current_password', '_csrf', 'sess']);

export function maskAccount(account: string | null | undefined): string {
  if (!account) return '';
  const a = account.replace(/\s+/g, '');
  return a.length <= 4 ? a : `${'*'.repeat(a.length - 4)}${a.slice(-4)}`;
}

export function redact(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (DROP.has(k)) continue;
      out[k] = redact(v, k);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (/id_number$/.test(key)) return maskIdNumber(value);
    if (/account$/.test(key)) return maskAccount(value);
    return maskIdNumbersInText(value);
  }
  return value;
}
