// Promise.all for work done on behalf of one job or request: like Promise.all it fails with the
// first rejection (in argument order), but only once every promise has settled, so no call of
// the job outlives it (Forge: code may run on after the return; never depend on it, section 8).
type Settled<T extends readonly unknown[]> = { -readonly [K in keyof T]: Awaited<T[K]> };

export async function settleAll<T extends readonly unknown[] | []>(promises: T): Promise<Settled<T>> {
  const results = (await Promise.allSettled(promises)) as PromiseSettledResult<unknown>[];
  for (const result of results) if (result.status === 'rejected') throw result.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as Settled<T>;
}
