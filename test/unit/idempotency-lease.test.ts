// once()'s lease (issue 11, finding 6): the holder records how long its claim holds, as long as an
// invocation can live, and every later delivery honours that, whatever lease it would have used.
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../sandbox/adapters/fake-clock';
import { createMemoryStore } from '../../sandbox/adapters/memory-store';
import { DEFAULT_LEASE_MS, once, type EffectRecord } from '../../src/core/idempotency';
import { RetryLaterError } from '../../src/graph/errors';

const FORGE_CONSUMER_LIMIT_MS = 900_000;

function setup() {
  const clock = createFakeClock();
  const store = createMemoryStore({ clock });
  return { clock, store, deps: { store, clock } };
}

/** Starts an effect that stays in flight until `finish` is called. */
function inFlight(deps: ReturnType<typeof setup>['deps'], key: string) {
  let finish!: (value: string) => void;
  const running = once(deps, key, () => new Promise<string>((resolve) => (finish = resolve)));
  return { running, finish: (value: string) => finish(value) };
}

describe('the lease of a started effect', () => {
  it('outlasts the longest a Forge consumer invocation can run', () => {
    expect(DEFAULT_LEASE_MS).toBeGreaterThan(FORGE_CONSUMER_LIMIT_MS);
  });

  it('is recorded by its holder and keeps another delivery out for all of it', async () => {
    const { clock, store, deps } = setup();
    const first = inFlight(deps, 'effect:1:submit');
    await Promise.resolve();
    const record = await store.get<EffectRecord<string>>('effect:1:submit');
    expect(record?.leaseUntil).toBe(record!.at + DEFAULT_LEASE_MS);

    clock.advance(FORGE_CONSUMER_LIMIT_MS - 1_000);
    let performed = 0;
    const second = once(deps, 'effect:1:submit', async () => `second ${++performed}`, {
      reconcile: async () => undefined,
    });
    const refused = await second.catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RetryLaterError);
    // Told to come back when the lease ends, not straight away.
    expect((refused as RetryLaterError).delayMs).toBe(DEFAULT_LEASE_MS - (FORGE_CONSUMER_LIMIT_MS - 1_000));
    expect(performed).toBe(0);

    first.finish('first');
    expect(await first.running).toBe('first');
    expect(await once(deps, 'effect:1:submit', async () => 'again')).toBe('first');
  });

  it("is the holder's: a reader with a shorter lease of its own still waits", async () => {
    const { clock, deps } = setup();
    const first = inFlight(deps, 'effect:2:submit');
    await Promise.resolve();
    clock.advance(5 * 60_000);
    await expect(
      once(deps, 'effect:2:submit', async () => 'second', {
        leaseMs: 90_000,
        reconcile: async () => undefined,
      }),
    ).rejects.toBeInstanceOf(RetryLaterError);
    first.finish('first');
    await first.running;
  });

  it('once over, lets one recovery reconcile and perform', async () => {
    const { clock, deps } = setup();
    // The holder was stopped mid-way (never settles): only the lease ending frees the effect.
    void once(deps, 'effect:3:submit', () => new Promise<string>(() => undefined));
    await Promise.resolve();
    clock.advance(DEFAULT_LEASE_MS);
    const checked: number[] = [];
    const result = await once(deps, 'effect:3:submit', async () => 'recovered', {
      reconcile: async (record) => {
        checked.push(record.attempt);
        return undefined;
      },
    });
    expect(result).toBe('recovered');
    expect(checked).toEqual([1]);
  });

  it('of a record written before leases were recorded is its claim time plus the lease', async () => {
    const { clock, store, deps } = setup();
    await store.set('effect:4:submit', { state: 'started', at: clock.now(), attempt: 1 });
    clock.advance(60_000);
    await expect(once(deps, 'effect:4:submit', async () => 'x', { leaseMs: 90_000 })).rejects.toBeInstanceOf(
      RetryLaterError,
    );
    clock.advance(30_000);
    expect(await once(deps, 'effect:4:submit', async () => 'x', { leaseMs: 90_000 })).toBe('x');
  });
});

describe('the claim of a recovery', () => {
  it('runs out like a lease, so a recovery stopped mid-way does not wedge the effect', async () => {
    const { clock, deps } = setup();
    await expect(once(deps, 'effect:5:submit', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    // A recovery starts and its invocation is stopped during the check (it never settles).
    void once(deps, 'effect:5:submit', async () => 'stopped', {
      reconcile: () => new Promise(() => undefined),
    });
    await Promise.resolve();
    await expect(
      once(deps, 'effect:5:submit', async () => 'x', { reconcile: async () => undefined }),
    ).rejects.toBeInstanceOf(RetryLaterError);
    clock.advance(DEFAULT_LEASE_MS);
    expect(
      await once(deps, 'effect:5:submit', async () => 'recovered', { reconcile: async () => undefined }),
    ).toBe('recovered');
  });
});
