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
    await store.set('kk', value);
    value.list.push(2);
    const read = await store.get<{ list: number[]; when: string }>('kk');
    expect(read).toEqual({ list: [1], when: '2026-01-01T00:00:00.000Z' });
    read?.list.push(3);
    expect(await store.get('kk')).toEqual({ list: [1], when: '2026-01-01T00:00:00.000Z' });
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
  it('lists by prefix in key order, 10 per page by default, at most 20', async () => {
    const store = createMemoryStore();
    for (let i = 50; i >= 0; i -= 1) await store.set(`k:${String(i).padStart(3, '0')}`, i);
    await store.set('other', 0);
    const first = await store.query<number>('k:');
    expect(first.results.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(first.nextCursor).toBeDefined();
    const full = await store.query<number>('k:', { limit: 20, cursor: first.nextCursor });
    expect(full.results).toHaveLength(20);
    expect(full.results[0]?.value).toBe(10);
    const rest = await store.query<number>('k:', { limit: 20, cursor: full.nextCursor });
    expect(rest.results.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => 30 + i));
    const last = await store.query<number>('k:', { limit: 20, cursor: rest.nextCursor });
    expect(last.results.map((r) => r.value)).toEqual([50]);
    expect(last.nextCursor).toBeUndefined();
  });

  it('pages through exactly the live keys with the prefix, whatever the operations (property)', async () => {
    const key = fc.stringMatching(/^[ab:]{2,4}$/);
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
    await store.set('aa', 1, { ttlSeconds: 10 });
    await store.setSecret('ss', 'x');
    await store.delete('missing');
    expect(onChange).toHaveBeenCalledTimes(2);
    const copy = createMemoryStore({ clock, initial: store.snapshot() });
    expect(copy.dump()).toEqual({ values: { aa: 1 }, secrets: { ss: 'x' } });
    clock.advance(10_000);
    expect(await copy.get('aa')).toBeUndefined();
  });
});

// One test per documented KVS limit (https://developer.atlassian.com/platform/forge/limits-kvs-ce/,
// https://developer.atlassian.com/platform/forge/storage-reference/handling-errors-kvs/), with the
// code KVS answers, as @forge/kvs's ForgeKvsAPIError carries it.
describe('memory store refusals, shaped like KVS', () => {
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'ForgeKvsAPIError', responseDetails: { status: 400 } });
    return (error as { code: string }).code;
  };

  it('KEY_TOO_SHORT: a key of one character or none', async () => {
    const store = createMemoryStore();
    expect(await refusal(store.set('', 1))).toBe('KEY_TOO_SHORT');
    expect(await refusal(store.set('k', 1))).toBe('KEY_TOO_SHORT');
    await store.set('kk', 1);
  });

  it('KEY_TOO_LONG: a key over 500', async () => {
    const store = createMemoryStore();
    await store.set('x'.repeat(500), 1);
    expect(await refusal(store.set('x'.repeat(501), 1))).toBe('KEY_TOO_LONG');
  });

  it('INVALID_KEY: a key outside /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/', async () => {
    const store = createMemoryStore();
    for (const key of ['   ', 'a/b', 'a|b', 'a@b', 'ünï', 'a=b', 'a+b'])
      expect(await refusal(store.get(key))).toBe('INVALID_KEY');
  });

  it('MAX_SIZE: a value over 240 KiB (a secret over 128 KiB)', async () => {
    const store = createMemoryStore();
    const sized = (bytes: number) => 'x'.repeat(bytes - 2);
    expect(await refusal(store.set('big', sized(240 * 1024 + 1)))).toBe('MAX_SIZE');
    expect(await refusal(store.setSecret('big', sized(128 * 1024 + 1)))).toBe('MAX_SIZE');
  });

  it('MAX_DEPTH: a value nested deeper than 31', async () => {
    const store = createMemoryStore();
    const nest = (depth: number): unknown => (depth === 0 ? 1 : { a: nest(depth - 1) });
    await store.set('deep', nest(31));
    expect(await refusal(store.set('deeper', nest(32)))).toBe('MAX_DEPTH');
  });

  it('query limit: 1 to 20; above 20 refused, or clamped when set so', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 30; i += 1) await store.set(`q:${String(i).padStart(2, '0')}`, i);
    expect((await store.query('q:', { limit: 20 })).results).toHaveLength(20);
    expect(await refusal(store.query('q:', { limit: 21 }))).toBe('INVALID_QUERY_LIMIT');
    expect(await refusal(store.query('q:', { limit: 100 }))).toBe('INVALID_QUERY_LIMIT');
    expect(await refusal(store.query('q:', { limit: 0 }))).toBe('INVALID_QUERY_LIMIT');
    const lenient = createMemoryStore({ queryLimitAboveMax: 'clamp', initial: store.snapshot() });
    expect((await lenient.query('q:', { limit: 100 })).results).toHaveLength(20);
  });

  it('TTL: a positive number of seconds, up to a maximum when one is set', async () => {
    const store = createMemoryStore({ maxTtlSeconds: 30 * 24 * 3600 });
    await store.set('ttl:ok', 1, { ttlSeconds: 30 * 24 * 3600 });
    for (const ttlSeconds of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 30 * 24 * 3600 + 1])
      expect(await refusal(store.set('ttl:bad', 1, { ttlSeconds }))).toBe('INVALID_TTL');
    await createMemoryStore().set('ttl:long', 1, { ttlSeconds: 400 * 24 * 3600 }); // no ceiling by default
  });
});
