// At-least-once delivery, exactly one effect (DESIGN.md "Workflow rules"): each side effect is
// guarded by a record in the store, written before the effect and completed after it.
//
//   no record            -> claim it (setIfAbsent), perform, record the result
//   done                 -> return the recorded result, perform nothing
//   started, lease live  -> another invocation is performing it right now: retry later
//   started, released or -> the invocation that claimed it failed or died mid-way: one recovery
//   lease over              (claimed per attempt) reconciles (did the effect happen?) and
//                           performs again only when it did not
//
// The lease must outlast anything its holder may still do, or a takeover performs the effect a
// second time while the holder is still at it (issue 11, finding 6: a submission waiting out
// Graph's Retry-After for longer than a 90 s lease was posted twice). A thrown error releases the
// claim at once, so the lease only ever runs out for an invocation that was stopped mid-way; it
// therefore lasts as long as an invocation can live, whatever the effect waits for inside it.
import type { Clock, Store } from './ports';
import { RetryLaterError } from '../graph/errors';

export interface EffectRecord<T> {
  state: 'started' | 'done';
  /** When the current claim was taken; 0 once its invocation failed and released it. */
  at: number;
  /** Until when the claim holds (set by its holder; older records: `at` + the reader's lease). */
  leaseUntil?: number;
  attempt: number;
  /** When the effect was first claimed: what a reconcile may look for happened after it. */
  firstAt?: number;
  result?: T;
}

export interface OnceOptions<T> {
  /** After a failure or crash mid-effect: the effect's result if it did happen, else undefined. */
  reconcile?: (record: EffectRecord<T>) => Promise<T | undefined>;
  /** How long a started effect belongs to the invocation that claimed it. */
  leaseMs?: number;
  /** Keep the record this long (default 30 days: longer than any queue retention). */
  ttlSeconds?: number;
}

/**
 * A queue consumer runs for 900 s at most before Forge stops it
 * (https://developer.atlassian.com/platform/forge/limits-invocation, "Runtime seconds (async
 * events and scheduled trigger module)"), plus a minute for clock skew between invocations.
 */
export const DEFAULT_LEASE_MS = 960_000;
const DEFAULT_TTL_SECONDS = 30 * 24 * 3600;

export function effectKey(...parts: string[]): string {
  return `effect:${parts.join(':')}`;
}

export async function once<T>(
  deps: { store: Store; clock: Clock },
  key: string,
  perform: () => Promise<T>,
  options: OnceOptions<T> = {},
): Promise<T> {
  const { store, clock } = deps;
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const busy = (waitMs: number) =>
    new RetryLaterError(`Effect ${key} is being performed by another invocation.`, Math.max(1_000, waitMs));

  const claim = (attempt: number, firstAt: number): EffectRecord<T> => {
    const at = clock.now();
    return { state: 'started', at, leaseUntil: at + leaseMs, attempt, firstAt };
  };
  const leaseLeft = (record: EffectRecord<T>): number =>
    record.at === 0 ? 0 : (record.leaseUntil ?? record.at + leaseMs) - clock.now();

  const existing = await store.get<EffectRecord<T>>(key);
  if (existing?.state === 'done') return existing.result as T;

  let attempt = 1;
  let firstAt = clock.now();
  if (!existing) {
    const claimed = await store.setIfAbsent(key, claim(attempt, firstAt), { ttlSeconds });
    if (!claimed) {
      const winner = await store.get<EffectRecord<T>>(key);
      if (winner?.state === 'done') return winner.result as T;
      throw busy(winner ? leaseLeft(winner) : leaseMs);
    }
  } else {
    const left = leaseLeft(existing);
    if (left > 0) throw busy(left);
    // One recovery per attempt: two redeliveries racing here must not both perform.
    const recoverKey = `${key}:recover:${existing.attempt ?? 0}`;
    // The recovery's claim is a lease too: kept for good, a recovery stopped mid-way (its
    // invocation timed out) would leave the effect "busy" until the job gave up.
    const recoverySeconds = Math.ceil(leaseMs / 1000);
    const recovering = await store.setIfAbsent(recoverKey, true, { ttlSeconds: recoverySeconds });
    if (!recovering) throw busy(5_000);
    let found: T | undefined;
    try {
      found = options.reconcile ? await options.reconcile(existing) : undefined;
    } catch (error) {
      // The check itself failed (a Graph 503, a timeout): nothing was decided, so give the claim
      // back. Kept, it would make every later delivery "busy" and wedge the effect for good.
      await store.delete(recoverKey);
      throw error;
    }
    firstAt = existing.firstAt ?? existing.at;
    if (found !== undefined) {
      await store.set(
        key,
        { state: 'done', at: clock.now(), attempt: existing.attempt, firstAt, result: found },
        { ttlSeconds },
      );
      return found;
    }
    attempt = (existing.attempt ?? 0) + 1;
    await store.set(key, claim(attempt, firstAt), { ttlSeconds });
  }

  let result: T;
  try {
    result = await perform();
  } catch (error) {
    // Release the claim at once: the next delivery reconciles instead of waiting out the lease.
    await store.set(key, { state: 'started', at: 0, attempt, firstAt }, { ttlSeconds });
    throw error;
  }
  await store.set(
    key,
    { state: 'done', at: clock.now(), attempt, firstAt, result: result ?? null },
    { ttlSeconds },
  );
  return result;
}
