/** Password rules (NIST/ASVS style: length over composition; no rotation rule). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const COMMON = new Set(['12345678', '123456789', '1234567890', 'password', 'password1', 'qwertyui', '11111111', '88888888', 'abc12345', 'admin123']);

/** A Chinese message when the password is not acceptable, else undefined. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `密码至少需要 ${PASSWORD_MIN} 个字符`;
  if (password.length > PASSWORD_MAX) return `密码不能超过 ${PASSWORD_MAX} 个字符`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名';
  if (COMMON.has(password.toLowerCase())) return '该密码过于常见，请换一个';
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
