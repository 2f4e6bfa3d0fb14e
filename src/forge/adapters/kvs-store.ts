// The Store port over Forge's Key-Value Store (@forge/kvs; the `storage` export of @forge/api was
// removed in 8.0.0). forge-platform.md section 7; sandbox/adapters/memory-store.ts is the same
// contract in memory, with KVS's key and value limits.
import { kvs, WhereConditions } from '@forge/kvs';
import type { QueryResult, Store } from '../../core/ports';
import { AccessBridgeError } from '../../graph/errors';

export class InvalidTtlError extends AccessBridgeError {
  readonly code = 'invalid_ttl' as const;
}

/** KVS TTLs take a value and a unit (@forge/kvs interfaces/types.d.ts `Ttl`). */
function ttlOption(ttlSeconds: number | undefined): { ttl: { value: number; unit: 'SECONDS' } } | undefined {
  if (ttlSeconds === undefined) return undefined;
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new InvalidTtlError(`ttlSeconds must be a positive number of seconds, not ${ttlSeconds}.`);
  }
  return { ttl: { value: Math.ceil(ttlSeconds), unit: 'SECONDS' } };
}

/**
 * The error `kvs.set(..., { keyPolicy: 'FAIL_IF_EXISTS' })` throws when the key exists. @forge/kvs
 * 1.6.5 throws ForgeKvsAPIError (`code`, `responseDetails.status`) for every failed call and does not
 * document the conflict's code; HTTP 409 `KEY_CONFLICT` is what is reported for it (to confirm on a
 * real site). Duck-typed so a second copy of the package cannot defeat an instanceof check.
 * Anything else is rethrown: a false "already exists" would skip a side effect for good.
 */
export function isKeyConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, responseDetails } = error as { code?: unknown; responseDetails?: { status?: unknown } };
  return code === 'KEY_CONFLICT' || responseDetails?.status === 409;
}

/**
 * KVS returns 10 results by default and at most 20 per page ("Limit the result size to 10 values, up
 * to a maximum of 20": https://developer.atlassian.com/platform/forge/runtime-reference/storage-api-query/).
 * @forge/kvs does not check it; a larger limit is brought down to 20 here rather than sent.
 */
const MAX_QUERY_LIMIT = 20;

export function createKvsStore(): Store {
  return {
    get: <T>(key: string) => kvs.get<T>(key),

    async set(key, value, options) {
      await kvs.set(key, value, ttlOption(options?.ttlSeconds));
    },

    async setIfAbsent(key, value, options) {
      try {
        await kvs.set(key, value, { keyPolicy: 'FAIL_IF_EXISTS', ...ttlOption(options?.ttlSeconds) });
        return true;
      } catch (error) {
        if (isKeyConflict(error)) return false;
        throw error;
      }
    },

    delete: (key) => kvs.delete(key),

    async query<T>(
      prefix: string,
      options: { limit?: number; cursor?: string } = {},
    ): Promise<QueryResult<T>> {
      let query = kvs.query();
      // An empty prefix lists everything: KVS iterates over all keys when no condition is given.
      if (prefix !== '') query = query.where('key', WhereConditions.beginsWith(prefix));
      if (options.limit !== undefined)
        query = query.limit(Math.min(Math.max(1, Math.floor(options.limit)), MAX_QUERY_LIMIT));
      if (options.cursor !== undefined) query = query.cursor(options.cursor);
      const page = await query.getMany<T>();
      const results = page.results.map(({ key, value }) => ({ key, value }));
      return page.nextCursor ? { results, nextCursor: page.nextCursor } : { results };
    },

    getSecret: <T>(key: string) => kvs.getSecret<T>(key),
    setSecret: (key, value) => kvs.setSecret(key, value),
    deleteSecret: (key) => kvs.deleteSecret(key),
  };
}
