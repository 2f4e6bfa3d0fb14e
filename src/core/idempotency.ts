// At-least-once delivery, exactly one effect (DESIGN.md "Workflow rules"): each side effect is
// guarded by a record in the store, written before the effect and completed after it.
//
//   no record           -> claim it (setIfAbsent), perform, record the result
//   done                -> return the recorded result, perform nothing
//   started, lease live -> another invocation is performing it right now: retry later
//   started, lease over -> that invocation died mid-way: reconcile (did the effect happen?)
//                          and only perform again when it did not
import type { Clock, Store } from './ports';
import { RetryLaterError } from '../graph/errors';

export interface EffectRecord<T> {
  state: 'started' | 'done';
  at: number;
  result?: T;
}

export interface OnceOptions<T> {
  /** After a crash mid-effect: find the effect's result if it did happen, else undefined. */
  reconcile?: () => Promise<T | undefined>;
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

  const existing = await store.get<EffectRecord<T>>(key);
  if (existing?.state === 'done') return existing.result as T;

  if (!existing) {
    const claimed = await store.setIfAbsent(key, { state: 'started', at: clock.now() }, { ttlSeconds });
    if (!claimed) {
      const winner = await store.get<EffectRecord<T>>(key);
      if (winner?.state === 'done') return winner.result as T;
      throw new RetryLaterError(`Effect ${key} is being performed by another invocation.`, 5_000);
    }
  } else {
    if (clock.now() - existing.at < leaseMs) {
      throw new RetryLaterError(`Effect ${key} is being performed by another invocation.`, 5_000);
    }
    // One recovery per stale claim: two redeliveries racing here must not both perform.
    const recovering = await store.setIfAbsent(`${key}:recover:${existing.at}`, true, { ttlSeconds });
    if (!recovering) throw new RetryLaterError(`Effect ${key} is being recovered by another invocation.`, 5_000);
    const found = options.reconcile ? await options.reconcile() : undefined;
    if (found !== undefined) {
      await store.set(key, { state: 'done', at: clock.now(), result: found }, { ttlSeconds });
      return found;
    }
    await store.set(key, { state: 'started', at: clock.now() }, { ttlSeconds });
  }

  const result = await perform();
  await store.set(key, { state: 'done', at: clock.now(), result: result ?? null }, { ttlSeconds });
  return result;
}
