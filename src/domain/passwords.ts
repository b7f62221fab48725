/** Password rules (NIST/ASVS style: length over composition, refused when common; no rotation rule). */
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/**
 * Passwords nobody may choose: zxcvbn's list of the ~49,000 most common ones, plus this portal's own demo
 * password (printed in the README and at start-up) and common Chinese choices the list may miss.
 */
const PORTAL_KNOWN = ['demo1234', 'woaini1314', 'fp-portal', 'jihuashengyu', 'jsb123456', 'admin1234', 'woaini520', '147258369', '987654321'];
let common: Set<string> | undefined;
function isCommon(password: string): boolean {
  common ??= new Set([...(dictionary['passwords-common'] as string[]), ...PORTAL_KNOWN]);
  return common.has(password.toLowerCase());
}

/** A Chinese message when the password is not acceptable, else undefined. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `密码至少需要 ${PASSWORD_MIN} 个字符`;
  if (password.length > PASSWORD_MAX) return `密码不能超过 ${PASSWORD_MAX} 个字符`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  if (isCommon(password)) return '该密码过于常见或已公开（如演示密码），请换一个';
  return undefined;
}

export const LOCKOUT_ATTEMPTS = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_DURATION_MS = 15 * 60 * 1000;

/**
 * Given the times of recent failures (newest last), is the account locked at `now`, and until when?
 * Locked when 5 failures fall inside a 15-minute window; the lock lasts 15 minutes from the 5th.
 */
export function lockState(failures: Date[], now: Date): { locked: boolean; until?: Date } {
  const times = failures.map((d) => d.getTime()).sort((a, b) => a - b);
  for (let i = LOCKOUT_ATTEMPTS - 1; i < times.length; i++) {
    if (times[i] - times[i - LOCKOUT_ATTEMPTS + 1] <= LOCKOUT_WINDOW_MS) {
      const until = times[i] + LOCKOUT_DURATION_MS;
      if (until > now.getTime()) return { locked: true, until: new Date(until) };
    }
  }
  return { locked: false };
}

export const LOGIN_FAILED_MESSAGE = '用户名或密码错误。';
export const LOGIN_LOCKED_MESSAGE = '登录失败次数过多，账户已锁定 15 分钟。请稍后再试，或联系县级管理员解锁。';
