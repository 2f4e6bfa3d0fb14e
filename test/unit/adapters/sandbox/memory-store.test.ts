import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '../../../../sandbox/adapters/fake-clock';
import {
  MAX_SECRET_BYTES,
  MAX_VALUE_BYTES,
  StoreKeyError,
  StoreValueError,
  createMemoryStore,
} from '../../../../sandbox/adapters/memory-store';

describe('memory store keys (KVS rules)', () => {
  it('accepts what KVS accepts', async () => {
    const store = createMemoryStore();
    for (const key of [
      'tenant:contoso',
      'a.b_c-d#e f',
      'secret:token:global:t:c',
      'x'.repeat(500),
      'tab\there',
    ]) {
      await store.set(key, 1);
      expect(await store.get(key)).toBe(1);
    }
  });

  it('refuses what KVS refuses, on every operation', async () => {
    const store = createMemoryStore();
    for (const key of ['', '   ', 'a/b', 'a%2Fb', 'ünï', 'a?b', "o'brien", '$x', 'x'.repeat(501)]) {
      await expect(store.set(key, 1)).rejects.toBeInstanceOf(StoreKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(StoreKeyError);
      await expect(store.setIfAbsent(key, 1)).rejects.toBeInstanceOf(StoreKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(StoreKeyError);
      await expect(store.setSecret(key, 1)).rejects.toBeInstanceOf(StoreKeyError);
      await expect(store.getSecret(key)).rejects.toBeInstanceOf(StoreKeyError);
    }
  });
});

describe('memory store values', () => {
  it('stores JSON copies: later changes on either side do not leak', async () => {
    const store = createMemoryStore();
    const value = { list: [1], when: new Date(Date.UTC(2026, 0, 1)) };
    await store.set('k', value);
    value.list.push(2);
    const read = await store.get<{ list: number[]; when: string }>('k');
    expect(read).toEqual({ list: [1], when: '2026-01-01T00:00:00.000Z' });
    read?.list.push(3);
    expect(await store.get('k')).toEqual({ list: [1], when: '2026-01-01T00:00:00.000Z' });
  });

  it('enforces 240 KiB per value, 128 KiB per secret, depth 31 and JSON-only values', async () => {
    const store = createMemoryStore();
    const sized = (bytes: number) => 'x'.repeat(bytes - 2); // JSON string quotes
    await store.set('fits', sized(MAX_VALUE_BYTES));
    await expect(store.set('big', sized(MAX_VALUE_BYTES + 1))).rejects.toBeInstanceOf(StoreValueError);
    await store.setSecret('fits', sized(MAX_SECRET_BYTES));
    await expect(store.setSecret('big', sized(MAX_SECRET_BYTES + 1))).rejects.toBeInstanceOf(StoreValueError);
    const nest = (depth: number): unknown => (depth === 0 ? 1 : [nest(depth - 1)]);
    await store.set('deep', nest(31));
    await expect(store.set('deeper', nest(32))).rejects.toBeInstanceOf(StoreValueError);
    await expect(store.set('undef', undefined)).rejects.toBeInstanceOf(StoreValueError);
    await expect(store.setIfAbsent('fn', () => 1)).rejects.toBeInstanceOf(StoreValueError);
    expect(await store.get('big')).toBeUndefined();
  });

  it('keeps secrets out of get, query and values', async () => {
    const store = createMemoryStore();
    await store.setSecret('secret:credential:c1', { clientSecret: 's' });
    expect(await store.get('secret:credential:c1')).toBeUndefined();
    expect((await store.query('secret:')).results).toEqual([]);
    expect(store.dump()).toEqual({ values: {}, secrets: { 'secret:credential:c1': { clientSecret: 's' } } });
    await store.deleteSecret('secret:credential:c1');
    expect(await store.getSecret('secret:credential:c1')).toBeUndefined();
  });
});

describe('memory store TTL', () => {
  it('expires a value exactly when its TTL has passed on the injected clock', async () => {
    const clock = createFakeClock();
    const store = createMemoryStore({ clock });
    await store.set('token', 't', { ttlSeconds: 60 });
    clock.advance(59_999);
    expect(await store.get('token')).toBe('t');
    expect((await store.query('tok')).results).toHaveLength(1);
    clock.advance(1);
    expect(await store.get('token')).toBeUndefined();
    expect((await store.query('tok')).results).toEqual([]);
    expect(store.dump().values).toEqual({});
  });

  it('lets setIfAbsent claim an expired key, and set without TTL keeps it forever', async () => {
    const clock = createFakeClock();
    const store = createMemoryStore({ clock });
    expect(await store.setIfAbsent('idem', 'first', { ttlSeconds: 1.5 })).toBe(true);
    clock.advance(1_999);
    expect(await store.setIfAbsent('idem', 'second')).toBe(false);
    clock.advance(1);
    expect(await store.setIfAbsent('idem', 'third')).toBe(true);
    clock.advance(10 ** 12);
    expect(await store.get('idem')).toBe('third');
    await expect(store.set('bad', 1, { ttlSeconds: 0 })).rejects.toBeInstanceOf(StoreValueError);
  });
});

describe('memory store setIfAbsent', () => {
  it('gives exactly one winner among 20 concurrent callers', async () => {
    const store = createMemoryStore();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.setIfAbsent('idem:race', { caller: i })),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await store.get('idem:race')).toEqual({ caller: outcomes.indexOf(true) });
  });
});

describe('memory store query', () => {
  it('lists by prefix in key order, 10 per page by default, at most 100', async () => {
    const store = createMemoryStore();
    for (let i = 150; i >= 0; i -= 1) await store.set(`k:${String(i).padStart(3, '0')}`, i);
    await store.set('other', 0);
    const first = await store.query<number>('k:');
    expect(first.results.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first.nextCursor).toBeDefined();
    const big = await store.query<number>('k:', { limit: 1000, cursor: first.nextCursor });
    expect(big.results).toHaveLength(100);
    expect(big.results[0]?.value).toBe(10);
    const rest = await store.query<number>('k:', { limit: 100, cursor: big.nextCursor });
    expect(rest.results.map((r) => r.value)).toEqual(Array.from({ length: 41 }, (_, i) => 110 + i));
    expect(rest.nextCursor).toBeUndefined();
  });

  it('pages through exactly the live keys with the prefix, whatever the operations (property)', async () => {
    const key = fc.stringMatching(/^[ab:]{1,4}$/);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
      fc.record({ kind: fc.constant('setIfAbsent' as const), key, value: fc.integer() }),
      fc.record({ kind: fc.constant('delete' as const), key }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { maxLength: 40 }),
        fc.stringMatching(/^[ab:]{0,2}$/),
        fc.integer({ min: 1, max: 7 }),
        async (ops, prefix, limit) => {
          const store = createMemoryStore();
          const model = new Map<string, number>();
          for (const o of ops) {
            if (o.kind === 'set') {
              await store.set(o.key, o.value);
              model.set(o.key, o.value);
            } else if (o.kind === 'setIfAbsent') {
              const created = await store.setIfAbsent(o.key, o.value);
              expect(created).toBe(!model.has(o.key));
              if (created) model.set(o.key, o.value);
            } else {
              await store.delete(o.key);
              model.delete(o.key);
            }
          }
          const seen: { key: string; value: unknown }[] = [];
          let cursor: string | undefined;
          do {
            const page = await store.query<number>(prefix, { limit, cursor });
            expect(page.results.length).toBeLessThanOrEqual(limit);
            seen.push(...page.results);
            cursor = page.nextCursor;
          } while (cursor);
          const expected = [...model.entries()]
            .filter(([k]) => k.startsWith(prefix))
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
          expect(seen).toEqual(expected.map(([k, value]) => ({ key: k, value })));
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('memory store snapshot', () => {
  it('reports changes and rebuilds from a snapshot with TTLs intact', async () => {
    const clock = createFakeClock();
    const onChange = vi.fn();
    const store = createMemoryStore({ clock, onChange });
    await store.set('a', 1, { ttlSeconds: 10 });
    await store.setSecret('s', 'x');
    await store.delete('missing');
    expect(onChange).toHaveBeenCalledTimes(2);
    const copy = createMemoryStore({ clock, initial: store.snapshot() });
    expect(copy.dump()).toEqual({ values: { a: 1 }, secrets: { s: 'x' } });
    clock.advance(10_000);
    expect(await copy.get('a')).toBeUndefined();
  });
});
