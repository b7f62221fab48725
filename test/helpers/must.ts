/**
 * A value the test needs to exist: fails the test with a clear message when it does not.
 * `value: T` (not `T | null | undefined`): knex's `.first('col')` infers its row type from the expected type,
 * and with `T | null | undefined` expected it infers nothing (the result would be typed `null | undefined`).
 */
export function must<T>(value: T, what = 'value'): NonNullable<T> {
  if (value === null || value === undefined) throw new Error(`expected ${what} to exist`);
  return value;
}
