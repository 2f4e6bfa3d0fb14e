// vi.mock of @forge/kvs is allowed here only because Forge's storage cannot run offline (no
// emulator, forge-platform.md section 11). The fake keeps what the adapter sends, so the tests
// check the mapping to KVS calls; the store's behaviour itself is covered by the memory store tests.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => {
  const values = new Map<string, unknown>();
  const secrets = new Map<string, unknown>();
  const calls: { op: string; args: unknown[] }[] = [];
  const failNext: { error?: unknown } = {};
  class FakeKvsApiError extends Error {
    constructor(
      readonly code: string,
      readonly responseDetails: { status: number },
    ) {
      super(code);
    }
  }
  function query() {
    const state: { prefix?: string; limit?: number; cursor?: string } = {};
    const builder = {
      where(_field: 'key', condition: { condition: string; values: [string] }) {
        state.prefix = condition.values[0];
        return builder;
      },
      limit(n: number) {
        state.limit = n;
        return builder;
      },
      cursor(c: string) {
        state.cursor = c;
        return builder;
      },
      async getMany() {
        calls.push({ op: 'query', args: [{ ...state }] });
        const keys = [...values.keys()].filter((k) => k.startsWith(state.prefix ?? '')).sort();
        const start = state.cursor ? keys.indexOf(state.cursor) + 1 : 0;
        const page = keys.slice(start, start + (state.limit ?? 10));
        const nextCursor = start + page.length < keys.length ? page.at(-1) : undefined;
        return { results: page.map((key) => ({ key, value: values.get(key), expireTime: 'x' })), nextCursor };
      },
    };
    return builder;
  }
  const kvs = {
    async get(key: string) {
      calls.push({ op: 'get', args: [key] });
      return values.get(key);
    },
    async set(key: string, value: unknown, options?: { keyPolicy?: string }) {
      calls.push({ op: 'set', args: [key, value, options] });
      if (failNext.error) {
        const { error } = failNext;
        failNext.error = undefined;
        throw error;
      }
      if (options?.keyPolicy === 'FAIL_IF_EXISTS' && values.has(key)) {
        throw new FakeKvsApiError('KEY_CONFLICT', { status: 409 });
      }
      values.set(key, value);
    },
    async delete(key: string) {
      calls.push({ op: 'delete', args: [key] });
      values.delete(key);
    },
    query,
    async getSecret(key: string) {
      return secrets.get(key);
    },
    async setSecret(key: string, value: unknown) {
      calls.push({ op: 'setSecret', args: [key, value] });
      secrets.set(key, value);
    },
    async deleteSecret(key: string) {
      secrets.delete(key);
    },
  };
  return { kvs, values, secrets, calls, failNext, FakeKvsApiError };
});

vi.mock('@forge/kvs', () => ({
  kvs: fake.kvs,
  WhereConditions: { beginsWith: (value: string) => ({ condition: 'BEGINS_WITH', values: [value] }) },
}));

const { createKvsStore, isKeyConflict, InvalidTtlError } =
  await import('../../../../src/forge/adapters/kvs-store');

beforeEach(() => {
  fake.values.clear();
  fake.secrets.clear();
  fake.calls.length = 0;
  fake.failNext.error = undefined;
});

describe('createKvsStore', () => {
  it('maps set and get, with a TTL in seconds only when asked', async () => {
    const store = createKvsStore();
    await store.set('tenant:contoso', { a: 1 });
    await store.set('token:x', 'v', { ttlSeconds: 90.2 });
    expect(fake.calls.map((c) => c.args)).toEqual([
      ['tenant:contoso', { a: 1 }, undefined],
      ['token:x', 'v', { ttl: { value: 91, unit: 'SECONDS' } }],
    ]);
    expect(await store.get('tenant:contoso')).toEqual({ a: 1 });
    expect(await store.get('missing')).toBeUndefined();
  });

  it('rejects a TTL that is not a positive number', async () => {
    const store = createKvsStore();
    for (const ttlSeconds of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.set('k', 1, { ttlSeconds })).rejects.toBeInstanceOf(InvalidTtlError);
    }
  });

  it('setIfAbsent uses FAIL_IF_EXISTS and turns the conflict into false', async () => {
    const store = createKvsStore();
    expect(await store.setIfAbsent('idem:1', { state: 'started' }, { ttlSeconds: 60 })).toBe(true);
    expect(await store.setIfAbsent('idem:1', { state: 'other' })).toBe(false);
    expect(fake.values.get('idem:1')).toEqual({ state: 'started' });
    expect(fake.calls[0]?.args[2]).toEqual({
      keyPolicy: 'FAIL_IF_EXISTS',
      ttl: { value: 60, unit: 'SECONDS' },
    });
    expect(fake.calls[1]?.args[2]).toEqual({ keyPolicy: 'FAIL_IF_EXISTS' });
  });

  it('setIfAbsent rethrows every other failure', async () => {
    const store = createKvsStore();
    const rateLimited = new fake.FakeKvsApiError('RATE_LIMIT_EXCEEDED', { status: 429 });
    fake.failNext.error = rateLimited;
    await expect(store.setIfAbsent('idem:2', 1)).rejects.toBe(rateLimited);
    expect(isKeyConflict(new fake.FakeKvsApiError('KEY_CONFLICT', { status: 409 }))).toBe(true);
    expect(isKeyConflict({ code: 'OTHER', responseDetails: { status: 409 } })).toBe(true);
    expect(isKeyConflict({ code: 'KEY_NOT_FOUND', responseDetails: { status: 404 } })).toBe(false);
    expect(isKeyConflict(new Error('KEY_CONFLICT'))).toBe(false);
    expect(isKeyConflict(undefined)).toBe(false);
  });

  it('queries by prefix with a clamped limit and a cursor, returning only key and value', async () => {
    const store = createKvsStore();
    for (const key of ['t:b', 't:a', 't:c', 'u:a']) await store.set(key, key.toUpperCase());
    const first = await store.query<string>('t:', { limit: 2 });
    expect(first).toEqual({
      results: [
        { key: 't:a', value: 'T:A' },
        { key: 't:b', value: 'T:B' },
      ],
      nextCursor: 't:b',
    });
    const second = await store.query<string>('t:', { limit: 500, cursor: first.nextCursor });
    expect(second).toEqual({ results: [{ key: 't:c', value: 'T:C' }] });
    const queries = fake.calls.filter((c) => c.op === 'query').map((c) => c.args[0]);
    expect(queries).toEqual([
      { prefix: 't:', limit: 2 },
      { prefix: 't:', limit: 20, cursor: 't:b' },
    ]);
    await store.query('');
    expect(fake.calls.at(-1)?.args[0]).toEqual({});
  });

  it('keeps secrets apart from values', async () => {
    const store = createKvsStore();
    await store.setSecret('secret:credential:c1', { kind: 'secret', clientSecret: 's' });
    expect(await store.getSecret('secret:credential:c1')).toEqual({ kind: 'secret', clientSecret: 's' });
    expect(await store.get('secret:credential:c1')).toBeUndefined();
    await store.deleteSecret('secret:credential:c1');
    expect(await store.getSecret('secret:credential:c1')).toBeUndefined();
    await store.set('k', 1);
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
  });
});
