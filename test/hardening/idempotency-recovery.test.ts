// Regression: a recovery whose reconcile check fails (a Graph 503 while listing open requests)
// must not wedge the effect. Before the fix the recovery claim stayed taken, so every later
// delivery was told "busy" until the job gave up, and the ticket never got its request
// (seen as a flaky give-up in reliability.test.ts under 25% Graph errors).
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../sandbox/adapters/fake-clock';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { once } from '../../src/core/idempotency';
import { RetryLaterError } from '../../src/graph/errors';

describe('once() after a failed reconcile', () => {
  it('lets the next delivery reconcile again and perform the effect exactly once', async () => {
    const clock = createFakeClock();
    const store = createMemoryStore({ clock });
    const deps = { store, clock };
    let performed = 0;

    // 1. The effect fails mid-way: the claim is released for a recovery.
    await expect(
      once(deps, 'effect:1:submit', async () => Promise.reject(new Error('lost answer'))),
    ).rejects.toThrow('lost answer');
    // 2. The recovery's check fails with a transient error.
    await expect(
      once(deps, 'effect:1:submit', async () => ++performed, {
        reconcile: () => Promise.reject(new Error('Graph 503')),
      }),
    ).rejects.toThrow('Graph 503');
    // 3. A later delivery reconciles (nothing found) and performs: not "busy" forever.
    const result = await once(deps, 'effect:1:submit', async () => ++performed, {
      reconcile: async () => undefined,
    });
    expect(result).toBe(1);
    expect(performed).toBe(1);
    // 4. And afterwards the effect is done: no second perform.
    expect(await once(deps, 'effect:1:submit', async () => ++performed)).toBe(1);
    expect(performed).toBe(1);
  });

  it('still refuses a second recovery racing the first one', async () => {
    const clock = createFakeClock();
    const store = createMemoryStore({ clock });
    const deps = { store, clock };
    await expect(
      once(deps, 'effect:2:submit', async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    let release!: () => void;
    const slowCheck = new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
    const first = once(deps, 'effect:2:submit', async () => 'first', { reconcile: () => slowCheck });
    await Promise.resolve();
    await expect(
      once(deps, 'effect:2:submit', async () => 'second', { reconcile: async () => undefined }),
    ).rejects.toBeInstanceOf(RetryLaterError);
    release();
    expect(await first).toBe('first');
  });
});
