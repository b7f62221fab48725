/** The sign-in form, and where sign-in may lead afterwards. */
import { z } from 'zod';

export const LoginForm = z.object({
  username: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(64)),
  password: z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string().max(256)),
});

/** Only local paths may follow sign-in (no open redirect to another site). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login') || next.startsWith('/logout')) return '/';
  return next;
}
