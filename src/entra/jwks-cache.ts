// Signing keys per tenant, from the tenant's own cloud login host, cached in the store between
// invocations. An unknown key id triggers at most one fetch per REFETCH_AFTER_MS per tenant,
// failed fetches included (keys roll over rarely; a flood of tokens with invented kids, or a login
// outage, must not become a flood of fetches). Every web-trigger call is its own invocation, so
// the bound lives in the store, not in memory (finding 11.8):
// - the refetch budget: a fetch first claims `jwks:refetch:<tenant>:<previous attempt>` with a
//   conditional create; of all the invocations that saw the same previous attempt, one fetches;
// - the negative cache: the key ids a fetch did not find stay in the stored set for an hour, so
//   the same invented kid never spends the budget again.
// Neither costs a refused call a write: the claim is read before it is tried, and the negative
// entries ride on the fetcher's own write. A key set older than MAX_AGE_MS is fetched again before use:
// Entra removes a retired (or compromised) key from its JWKS, and tokens it signed must stop
// verifying soon after (learn.microsoft.com/entra/identity-platform/signing-key-rollover). One
// hour costs one fetch per tenant per hour. One attempt in flight per tenant and invocation,
// cleared in `finally` (jose jwks/remote.ts).
import { importJWK, type CryptoKey, type KeyObject } from 'jose';
import * as z from 'zod';
import type { Cloud } from '../graph/clouds';
import type { Clock, Http, Store } from '../core/ports';

export const REFETCH_AFTER_MS = 5 * 60_000;
export const MAX_AGE_MS = 3600_000;
const KEEP_SECONDS = 24 * 3600;
/** How long a key id the tenant's set did not have stays known-unknown. */
export const NEGATIVE_TTL_MS = 3600_000;
const MAX_NEGATIVE = 100;
/** A caller that lost the refetch claim with no usable set waits this long for the winner's. */
const LOSER_POLLS = 5;
const LOSER_POLL_MS = 300;

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
  /** Key ids a fetch did not find, with when: the negative cache. */
  unknownKids?: Record<string, number>;
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
  const attempts = new Map<string, Promise<StoredJwks | undefined>>();
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

  /**
   * The refetch budget, across invocations: one claim per previous attempt (or, before the first
   * fetch, per 5-minute window). Read first, so the losers of a settled race only read.
   */
  async function claimRefetch(tenantId: string, previous: StoredJwks | undefined): Promise<boolean> {
    const now = deps.clock.now();
    const after = previous ? String(previous.attemptedAt) : `w${Math.floor(now / REFETCH_AFTER_MS)}`;
    const key = `jwks:refetch:${tenantId}:${after}`;
    if ((await deps.store.get(key)) !== undefined) return false;
    return deps.store.setIfAbsent(key, now, { ttlSeconds: KEEP_SECONDS });
  }

  function negatives(previous: StoredJwks | undefined, keys: Jwk[], kid: string, now: number) {
    const out: Record<string, number> = {};
    const entries = Object.entries(previous?.unknownKids ?? {}).filter(
      ([k, at]) => now - at < NEGATIVE_TTL_MS && !keys.some((key) => key.kid === k),
    );
    if (!keys.some((key) => key.kid === kid)) entries.push([kid, now]);
    for (const [k, at] of entries.slice(-MAX_NEGATIVE)) out[k] = at;
    return out;
  }

  async function refresh(
    tenantId: string,
    cloud: Cloud,
    previous: StoredJwks | undefined,
    kid: string,
  ): Promise<StoredJwks> {
    stats.fetches++;
    const now = deps.clock.now();
    const attempt: StoredJwks = {
      keys: previous?.keys ?? [],
      fetchedAt: previous?.fetchedAt ?? 0,
      attemptedAt: now,
      unknownKids: previous?.unknownKids,
    };
    // The attempt is on record before the fetch: an invocation that dies mid-fetch must not leave
    // the budget claimed against an attempt the store never saw. A failed fetch leaves it so too,
    // and the next few minutes of callouts do not retry.
    await remember(tenantId, attempt);
    let keys: Jwk[];
    try {
      keys = await download(tenantId, cloud);
    } catch (error) {
      stats.failures++;
      throw new JwksUnavailableError(
        tenantId,
        error instanceof Error ? error.message.slice(0, 200) : 'error',
      );
    }
    const fresh: StoredJwks = {
      keys,
      fetchedAt: now,
      attemptedAt: now,
      unknownKids: negatives(previous, keys, kid, now),
    };
    await remember(tenantId, fresh);
    return fresh;
  }

  /**
   * One attempt per tenant in this invocation (claim and fetch); across invocations the claim
   * decides. A loser takes what the winner stored, waiting briefly when it has nothing fresh yet.
   */
  function fetchOrWait(
    tenantId: string,
    cloud: Cloud,
    previous: StoredJwks | undefined,
    kid: string,
  ): Promise<StoredJwks | undefined> {
    const pending = attempts.get(tenantId);
    if (pending) return pending;
    const work = (async () => {
      if (await claimRefetch(tenantId, previous)) return refresh(tenantId, cloud, previous, kid);
      const usable = (set: StoredJwks | undefined) =>
        set !== undefined && set.fetchedAt > 0 && deps.clock.now() - set.fetchedAt < MAX_AGE_MS;
      let latest = await stored(tenantId);
      for (let i = 0; i < LOSER_POLLS && !usable(latest); i++) {
        await deps.clock.sleep(LOSER_POLL_MS);
        latest = await stored(tenantId);
      }
      return latest;
    })();
    attempts.set(tenantId, work);
    return work.finally(() => attempts.delete(tenantId));
  }

  async function stored(tenantId: string): Promise<StoredJwks | undefined> {
    const value = await deps.store.get<StoredJwks>(storeKey(tenantId));
    if (value) memory.set(tenantId, { ...value, attemptedAt: value.attemptedAt ?? value.fetchedAt });
    return memory.get(tenantId);
  }

  async function known(tenantId: string): Promise<StoredJwks | undefined> {
    return memory.get(tenantId) ?? stored(tenantId);
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
        const knownUnknown = isFresh(jwks) && now - (jwks!.unknownKids?.[kid] ?? -Infinity) < NEGATIVE_TTL_MS;
        if (knownUnknown) return undefined;
        const mayFetch = !jwks || now - jwks.attemptedAt >= REFETCH_AFTER_MS;
        if (mayFetch) jwks = await fetchOrWait(tenantId, cloud, jwks, kid);
        else if (!isFresh(jwks))
          throw new JwksUnavailableError(tenantId, 'the last fetch failed moments ago');
        if (!isFresh(jwks))
          throw new JwksUnavailableError(tenantId, 'another call is fetching them right now');
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
