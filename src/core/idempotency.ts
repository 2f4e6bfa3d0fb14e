// At-least-once delivery, exactly one effect (DESIGN.md "Workflow rules"): each side effect is
// guarded by a record in the store, written before the effect and completed after it.
//
//   no record            -> claim it (setIfAbsent), perform, record the result
//   done                 -> return the recorded result, perform nothing
//   started, lease live  -> another invocation is performing it right now: retry later
//   started, released or -> the invocation that claimed it failed or died mid-way: one recovery
//   lease over              (claimed per attempt) reconciles (did the effect happen?) and
//                           performs again only when it did not
import type { Clock, Store } from './ports';
import { RetryLaterError } from '../graph/errors';

export interface EffectRecord<T> {
  state: 'started' | 'done';
  /** When the current claim was taken; 0 once its invocation failed and released it. */
  at: number;
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

const DEFAULT_LEASE_MS = 90_000;
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

  const existing = await store.get<EffectRecord<T>>(key);
  if (existing?.state === 'done') return existing.result as T;

  let attempt = 1;
  let firstAt = clock.now();
  if (!existing) {
    const claimed = await store.setIfAbsent(
      key,
      { state: 'started', at: firstAt, attempt, firstAt },
      { ttlSeconds },
    );
    if (!claimed) {
      const winner = await store.get<EffectRecord<T>>(key);
      if (winner?.state === 'done') return winner.result as T;
      throw busy(leaseMs);
    }
  } else {
    const age = clock.now() - existing.at;
    if (existing.at !== 0 && age < leaseMs) throw busy(leaseMs - age);
    // One recovery per attempt: two redeliveries racing here must not both perform.
    const recoverKey = `${key}:recover:${existing.attempt ?? 0}`;
    const recovering = await store.setIfAbsent(recoverKey, true, { ttlSeconds });
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
    await store.set(key, { state: 'started', at: clock.now(), attempt, firstAt }, { ttlSeconds });
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
