/**
 * The app's clock. In production it is the system clock; with CLOCK_START (tests, demonstrations) it runs from
 * that instant at the normal pace, so business "today" is fixed while timeouts still pass.
 */
export function appClock(start: Date | undefined, realNow: () => number = Date.now): () => Date {
  if (!start) return () => new Date(realNow());
  const offset = start.getTime() - realNow();
  return () => new Date(realNow() + offset);
}
