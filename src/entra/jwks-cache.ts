// Signing keys per tenant, from the tenant's own cloud login host, cached in the store between
// invocations. An unknown key id triggers at most one fetch per REFETCH_AFTER_MS, failed fetches
// included (keys roll over rarely; a flood of tokens with invented kids, or a login outage, must
// not become a flood of fetches). A key set older than MAX_AGE_MS is fetched again before use:
// Entra removes a retired (or compromised) key from its JWKS, and tokens it signed must stop
// verifying soon after (learn.microsoft.com/entra/identity-platform/signing-key-rollover). One
// hour costs one fetch per tenant per hour. One refresh in flight per tenant, cleared in
// `finally` (jose jwks/remote.ts).
import { importJWK, type CryptoKey, type KeyObject } from 'jose';
import * as z from 'zod';
import type { Cloud } from '../graph/clouds';
import type { Clock, Http, Store } from '../core/ports';

export const REFETCH_AFTER_MS = 5 * 60_000;
export const MAX_AGE_MS = 3600_000;
const KEEP_SECONDS = 24 * 3600;

const JwkSchema = z.looseObject({
  kty: z.string(),
  kid: z.string(),
  n: z.string().optional(),
  e: z.string().optional(),
  use: z.string().optional(),
  alg: z.string().optional(),
});
const JwksSchema = z.looseObject({ keys: z.array(JwkSchema).max(100) });
type Jwk = z.infer<typeof JwkSchema>;

interface StoredJwks {
  keys: Jwk[];
  /** Last successful fetch (0: never). */
  fetchedAt: number;
  /** Last fetch attempt, successful or not: the rate limit counts from here. */
  attemptedAt: number;
}

/** The tenant's keys could not be read (login host down, bad answer): a retry may succeed. */
export class JwksUnavailableError extends Error {
  readonly code = 'jwks_unavailable' as const;
  constructor(tenantId: string, reason: string) {
    super(
      `The signing keys of tenant ${tenantId} could not be read (${reason}); try again in a few minutes.`,
    );
  }
}

export interface JwksCache {
  /** The key, undefined when the tenant's current key set has no such kid; throws JwksUnavailableError. */
  key(tenantId: string, cloud: Cloud, kid: string): Promise<CryptoKey | KeyObject | undefined>;
  readonly stats: { fetches: number; failures: number };
}

export function createJwksCache(deps: { http: Http; store: Store; clock: Clock }): JwksCache {
  const memory = new Map<string, StoredJwks>();
  const inFlight = new Map<string, Promise<StoredJwks>>();
  // Importing an RSA key costs more than verifying with it: keep imported keys by kid and modulus.
  const imported = new Map<string, Promise<CryptoKey | KeyObject>>();
  const stats = { fetches: 0, failures: 0 };

  const storeKey = (tenantId: string) => `cache:jwks:${tenantId}`;
  const remember = async (tenantId: string, value: StoredJwks) => {
    memory.set(tenantId, value);
    await deps.store.set(storeKey(tenantId), value, { ttlSeconds: KEEP_SECONDS });
  };

  async function download(tenantId: string, cloud: Cloud): Promise<Jwk[]> {
    const url = `${cloud.loginBaseUrl}/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`;
    const response = await deps.http.fetch(url, {
      method: 'GET',
      headers: { Accept: 'application/json' },
      timeoutMs: 5_000,
    });
    if (response.status !== 200) throw new Error(`answered ${response.status}`);
    const parsed = JwksSchema.safeParse(JSON.parse(await response.text()));
    if (!parsed.success) throw new Error('answer is not a JWKS');
    return parsed.data.keys.filter((k) => k.kty === 'RSA' && k.n && k.e);
  }

  async function refresh(
    tenantId: string,
    cloud: Cloud,
    previous: StoredJwks | undefined,
  ): Promise<StoredJwks> {
    const pending = inFlight.get(tenantId);
    if (pending) return pending;
    const work = (async () => {
      stats.fetches++;
      const now = deps.clock.now();
      try {
        const fresh: StoredJwks = { keys: await download(tenantId, cloud), fetchedAt: now, attemptedAt: now };
        await remember(tenantId, fresh);
        return fresh;
      } catch (error) {
        stats.failures++;
        // Remember the attempt so the next few minutes of callouts do not retry the fetch.
        await remember(tenantId, {
          keys: previous?.keys ?? [],
          fetchedAt: previous?.fetchedAt ?? 0,
          attemptedAt: now,
        });
        throw new JwksUnavailableError(
          tenantId,
          error instanceof Error ? error.message.slice(0, 200) : 'error',
        );
      }
    })();
    inFlight.set(tenantId, work);
    try {
      return await work;
    } finally {
      inFlight.delete(tenantId);
    }
  }

  async function known(tenantId: string): Promise<StoredJwks | undefined> {
    const inMemory = memory.get(tenantId);
    if (inMemory) return inMemory;
    const stored = await deps.store.get<StoredJwks>(storeKey(tenantId));
    if (stored) memory.set(tenantId, { ...stored, attemptedAt: stored.attemptedAt ?? stored.fetchedAt });
    return memory.get(tenantId);
  }

  return {
    stats,
    async key(tenantId, cloud, kid) {
      const now = deps.clock.now();
      let jwks = await known(tenantId);
      const isFresh = (set: StoredJwks | undefined) =>
        set !== undefined && set.fetchedAt > 0 && now - set.fetchedAt < MAX_AGE_MS;
      let jwk = isFresh(jwks) ? jwks!.keys.find((k) => k.kid === kid) : undefined;
      if (!jwk) {
        const mayFetch = !jwks || now - jwks.attemptedAt >= REFETCH_AFTER_MS;
        if (mayFetch) jwks = await refresh(tenantId, cloud, jwks);
        else if (!isFresh(jwks))
          throw new JwksUnavailableError(tenantId, 'the last fetch failed moments ago');
        jwk = jwks!.keys.find((k) => k.kid === kid);
      }
      if (!jwk) return undefined;
      const id = `${tenantId}|${jwk.kid}|${jwk.n}`;
      let key = imported.get(id);
      if (!key) {
        key = importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, 'RS256') as Promise<CryptoKey | KeyObject>;
        imported.set(id, key);
        key.catch(() => imported.delete(id));
      }
      return key;
    },
  };
}
