// The Store port in memory, with Forge KVS's rules, so code that passes here does not fail on Forge
// for a key, a value, a TTL or a query KVS would refuse:
//   key: 2..500 bytes, /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/; value: JSON, <= 240 KiB (secrets 128 KiB),
//   nesting depth <= 31 (https://developer.atlassian.com/platform/forge/limits-kvs-ce/,
//   https://developer.atlassian.com/platform/forge/runtime-reference/storage-api-secret/);
//   TTL a positive number of seconds (at most `maxTtlSeconds` when set), honoured against the injected clock;
//   query in key order, 10 per page by default and 20 at most ("Limit the result size to 10 values,
//   up to a maximum of 20": https://developer.atlassian.com/platform/forge/runtime-reference/storage-api-query/),
//   secrets never listed. setIfAbsent checks and writes in one synchronous step, so concurrent
//   callers see exactly one winner, as KVS's FAIL_IF_EXISTS does.
// A refusal is shaped like @forge/kvs's ForgeKvsAPIError (out/errors.js): name, `code` from the KVS
// error table (https://developer.atlassian.com/platform/forge/storage-reference/handling-errors-kvs/)
// and `responseDetails.status` 400.
import type { Clock, QueryResult, Store } from '../../src/core/ports';
import { systemClock } from '../../src/core/ports';

// Copied from the KVS docs as written. Without the `u` flag, `\s-#` inside the class is whitespace,
// `-` and `#` (a class escape cannot start a range), which is what Forge accepts.
export const KVS_KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/;
export const MAX_KEY_BYTES = 500;
/** KEY_TOO_SHORT: "The provided key needs to be more than one character." */
export const MIN_KEY_LENGTH = 2;
export const MAX_VALUE_BYTES = 240 * 1024;
export const MAX_SECRET_BYTES = 128 * 1024;
export const MAX_DEPTH = 31;
export const DEFAULT_QUERY_LIMIT = 10;
export const MAX_QUERY_LIMIT = 20;

export type KvsErrorCode =
  | 'KEY_TOO_SHORT'
  | 'KEY_TOO_LONG'
  | 'INVALID_KEY'
  | 'MAX_SIZE'
  | 'MAX_DEPTH'
  | 'INVALID_VALUE'
  | 'INVALID_TTL'
  | 'INVALID_QUERY_LIMIT';

/** Mirrors ForgeKvsAPIError: `code`, `message`, `responseDetails`, `context`. */
export class KvsRefusal extends Error {
  readonly responseDetails = { status: 400, statusText: 'Bad Request' };
  readonly context: Record<string, unknown> = {};
  constructor(
    readonly code: KvsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ForgeKvsAPIError';
  }
}
/** A key KVS refuses (KEY_TOO_SHORT, KEY_TOO_LONG, INVALID_KEY). */
export class StoreKeyError extends KvsRefusal {}
/** A value, TTL or query KVS refuses (MAX_SIZE, MAX_DEPTH, INVALID_VALUE, INVALID_TTL, INVALID_QUERY_LIMIT). */
export class StoreValueError extends KvsRefusal {}

interface Entry {
  json: string;
  expiresAt?: number;
}

/** Everything needed to rebuild a store (file-store.ts): JSON text and expiry per key. */
export interface MemoryStoreSnapshot {
  values: Record<string, Entry>;
  secrets: Record<string, Entry>;
}

export interface MemoryStore extends Store {
  /** Live (unexpired) values and secrets, parsed, in key order. */
  dump(): { values: Record<string, unknown>; secrets: Record<string, unknown> };
  snapshot(): MemoryStoreSnapshot;
}

export interface MemoryStoreOptions {
  clock?: Clock;
  initial?: MemoryStoreSnapshot;
  /** Called after every change, with the new snapshot. */
  onChange?: (snapshot: MemoryStoreSnapshot) => void;
  /**
   * The longest TTL accepted. The KVS pages found state a TTL's shape ({ value, unit }, from the
   * time of the write) but no maximum (to confirm on a real site): none by default; tests may set
   * one to check the app stays inside it. The app's longest is 400 days (file-offline-ticket.ts).
   */
  maxTtlSeconds?: number;
  /** What a query limit above 20 gets: refused (default, the stricter) or clamped to 20. */
  queryLimitAboveMax?: 'refuse' | 'clamp';
}

export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH)
    throw new StoreKeyError('KEY_TOO_SHORT', 'The provided key needs to be more than one character.');
  const bytes = Buffer.byteLength(key);
  if (bytes > MAX_KEY_BYTES)
    throw new StoreKeyError(
      'KEY_TOO_LONG',
      `Store key of ${bytes} bytes exceeds KVS's ${MAX_KEY_BYTES}-character limit.`,
    );
  if (!KVS_KEY_PATTERN.test(key)) {
    throw new StoreKeyError(
      'INVALID_KEY',
      `Store key ${JSON.stringify(key)} does not match KVS's key pattern (letters, digits, : . _ - # and spaces).`,
    );
  }
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce<number>((max, child) => Math.max(max, depthOf(child)), 0);
}

/** The stored JSON text of a value, or a StoreValueError saying why KVS would refuse it. */
export function encodeValue(key: string, value: unknown, maxBytes: number): string {
  const json = value === undefined ? undefined : JSON.stringify(value);
  if (json === undefined)
    throw new StoreValueError('INVALID_VALUE', `The value for ${key} is not JSON (undefined or a function).`);
  const bytes = Buffer.byteLength(json);
  if (bytes > maxBytes)
    throw new StoreValueError('MAX_SIZE', `The value for ${key} is ${bytes} bytes; KVS allows ${maxBytes}.`);
  const depth = depthOf(JSON.parse(json));
  if (depth > MAX_DEPTH)
    throw new StoreValueError(
      'MAX_DEPTH',
      `The value for ${key} nests ${depth} levels; KVS allows ${MAX_DEPTH}.`,
    );
  return json;
}

function ttlMs(ttlSeconds: number | undefined, maxTtlSeconds: number): number | undefined {
  if (ttlSeconds === undefined) return undefined;
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0 || Math.ceil(ttlSeconds) > maxTtlSeconds) {
    throw new StoreValueError(
      'INVALID_TTL',
      `ttlSeconds must be a positive number of seconds${Number.isFinite(maxTtlSeconds) ? ` up to ${maxTtlSeconds}` : ''}, not ${ttlSeconds}.`,
    );
  }
  // KVS takes a whole number of units (@forge/kvs Ttl { value, unit }): the adapter rounds up.
  return Math.ceil(ttlSeconds) * 1000;
}

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const clock = options.clock ?? systemClock;
  const maxTtlSeconds = options.maxTtlSeconds ?? Number.POSITIVE_INFINITY;
  const values = new Map<string, Entry>(Object.entries(options.initial?.values ?? {}));
  const secrets = new Map<string, Entry>(Object.entries(options.initial?.secrets ?? {}));

  const live = (map: Map<string, Entry>, key: string): Entry | undefined => {
    const entry = map.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= clock.now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  };
  const snapshot = (): MemoryStoreSnapshot => {
    const plain = (map: Map<string, Entry>) =>
      Object.fromEntries(
        [...map.keys()].sort().flatMap((k) => {
          const entry = live(map, k);
          return entry ? [[k, { ...entry }]] : [];
        }),
      );
    return { values: plain(values), secrets: plain(secrets) };
  };
  const changed = () => options.onChange?.(snapshot());
  const read = <T>(map: Map<string, Entry>, key: string): T | undefined => {
    checkKey(key);
    const entry = live(map, key);
    // A fresh parse per read: callers can never mutate what is stored.
    return entry ? (JSON.parse(entry.json) as T) : undefined;
  };
  const write = (
    map: Map<string, Entry>,
    key: string,
    value: unknown,
    maxBytes: number,
    ttlSeconds?: number,
  ) => {
    checkKey(key);
    const json = encodeValue(key, value, maxBytes);
    const ms = ttlMs(ttlSeconds, maxTtlSeconds);
    map.set(key, ms === undefined ? { json } : { json, expiresAt: clock.now() + ms });
  };
  const remove = (map: Map<string, Entry>, key: string) => {
    checkKey(key);
    if (map.delete(key)) changed();
  };

  return {
    get: async <T>(key: string) => read<T>(values, key),
    async set(key, value, opts) {
      write(values, key, value, MAX_VALUE_BYTES, opts?.ttlSeconds);
      changed();
    },
    async setIfAbsent(key, value, opts) {
      // Check and write with no await in between: atomic on Node's single thread.
      checkKey(key);
      if (live(values, key)) return false;
      write(values, key, value, MAX_VALUE_BYTES, opts?.ttlSeconds);
      changed();
      return true;
    },
    delete: async (key) => remove(values, key),
    async query<T>(prefix: string, opts: { limit?: number; cursor?: string } = {}): Promise<QueryResult<T>> {
      const asked = opts.limit ?? DEFAULT_QUERY_LIMIT;
      if (
        !Number.isInteger(asked) ||
        asked < 1 ||
        (asked > MAX_QUERY_LIMIT && options.queryLimitAboveMax !== 'clamp')
      )
        throw new StoreValueError(
          'INVALID_QUERY_LIMIT',
          `A query limit must be a whole number from 1 to ${MAX_QUERY_LIMIT}, not ${asked}.`,
        );
      const limit = Math.min(asked, MAX_QUERY_LIMIT);
      const after = opts.cursor === undefined ? undefined : decodeCursor(opts.cursor);
      const keys = [...values.keys()]
        .filter((k) => k.startsWith(prefix) && (after === undefined || k > after) && live(values, k))
        .sort();
      const page = keys.slice(0, limit);
      const results = page.map((key) => ({ key, value: JSON.parse(values.get(key)?.json ?? 'null') as T }));
      const last = page.at(-1);
      return keys.length > limit && last !== undefined
        ? { results, nextCursor: encodeCursor(last) }
        : { results };
    },
    getSecret: async <T>(key: string) => read<T>(secrets, key),
    async setSecret(key, value) {
      write(secrets, key, value, MAX_SECRET_BYTES);
      changed();
    },
    deleteSecret: async (key) => remove(secrets, key),
    dump() {
      const { values: v, secrets: s } = snapshot();
      const parse = (entries: Record<string, Entry>) =>
        Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, JSON.parse(e.json) as unknown]));
      return { values: parse(v), secrets: parse(s) };
    },
    snapshot,
  };
}
