// Signing keys per tenant, from the tenant's own cloud login host, cached in the store between
// invocations. An unknown key id triggers at most one refetch per REFETCH_AFTER_MS (keys roll
// over rarely; a flood of tokens with invented kids must not become a flood of fetches). One
// refresh in flight per tenant, cleared in `finally` (jose jwks/remote.ts).
import { importJWK, type CryptoKey, type KeyObject } from 'jose';
import { z } from 'zod';
import type { Cloud } from '../graph/clouds';
import type { Clock, Http, Store } from '../core/ports';

export const REFETCH_AFTER_MS = 5 * 60_000;
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
  fetchedAt: number;
}

export interface JwksCache {
  key(tenantId: string, cloud: Cloud, kid: string): Promise<CryptoKey | KeyObject | undefined>;
  readonly stats: { fetches: number };
}

export function createJwksCache(deps: { http: Http; store: Store; clock: Clock }): JwksCache {
  const memory = new Map<string, StoredJwks>();
  const inFlight = new Map<string, Promise<StoredJwks>>();
  const stats = { fetches: 0 };

  const storeKey = (tenantId: string) => `cache:jwks:${tenantId}`;

  async function fetchKeys(tenantId: string, cloud: Cloud): Promise<StoredJwks> {
    const pending = inFlight.get(tenantId);
    if (pending) return pending;
    const work = (async () => {
      stats.fetches++;
      const url = `${cloud.loginBaseUrl}/${encodeURIComponent(tenantId)}/discovery/v2.0/keys`;
      const response = await deps.http.fetch(url, { method: 'GET', headers: { Accept: 'application/json' }, timeoutMs: 5_000 });
      if (response.status !== 200) throw new Error(`JWKS fetch for tenant ${tenantId} answered ${response.status}`);
      const parsed = JwksSchema.parse(JSON.parse(await response.text()));
      const fresh: StoredJwks = { keys: parsed.keys.filter((k) => k.kty === 'RSA'), fetchedAt: deps.clock.now() };
      memory.set(tenantId, fresh);
      await deps.store.set(storeKey(tenantId), fresh, { ttlSeconds: KEEP_SECONDS });
      return fresh;
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
    if (stored) memory.set(tenantId, stored);
    return stored;
  }

  return {
    stats,
    async key(tenantId, cloud, kid) {
      let jwks = await known(tenantId);
      let jwk = jwks?.keys.find((k) => k.kid === kid);
      if (!jwk && (!jwks || deps.clock.now() - jwks.fetchedAt >= REFETCH_AFTER_MS)) {
        jwks = await fetchKeys(tenantId, cloud);
        jwk = jwks.keys.find((k) => k.kid === kid);
      }
      if (!jwk) return undefined;
      return importJWK({ kty: jwk.kty, n: jwk.n, e: jwk.e }, 'RS256') as Promise<CryptoKey | KeyObject>;
    },
  };
}
