/** Argon2id hashing (OWASP parameters: 19 MiB, t=2, p=1; memory lowered only in tests through config). */
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /** Spend the same time as a real check when the username does not exist (no timing oracle). */
  verifyDummy(password: string): Promise<void>;
}

export function createPasswordHasher(memoryKib: number): PasswordHasher {
  const options = { memoryCost: memoryKib, timeCost: 2, parallelism: 1 };
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    verify: async (hashed, password) => {
      try {
        return await verify(hashed, password);
      } catch {
        return false;
      }
    },
    verifyDummy: async (password) => {
      dummy ??= hash(randomBytes(16).toString('hex'), options);
      await verify(await dummy, password).catch(() => false);
    },
  };
}
