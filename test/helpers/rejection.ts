/**
 * The error a call the test expects to fail rejects with, typed as `type`, so the test can read its fields
 * (`fieldErrors`, `duplicate`, …). Fails the test when the call succeeds or fails with anything else.
 */
export async function rejection<E extends Error>(call: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await call;
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected the call to fail with ${type.name}`);
}
