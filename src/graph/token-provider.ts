// App-only tokens for Graph, cached per cloud + tenant + client in memory AND in the store's secret
// space (a later invocation reuses them), renewed 5 minutes before expiry, with one refresh in
// flight per key (a Map of promises cleared in finally, like jose jwks/remote.ts). The request
// itself is token-request.ts. graph-entitlement.md section 2.
import * as z from 'zod';
import type { Credential } from '../config/schema';
import { credentialSecretKey, tokenCacheKey, type CredentialSecret } from '../config/secret-keys';
import type { Clock, Http, Log, Store } from '../core/ports';
import type { Cloud } from './clouds';
import { MissingSecretError } from './errors';
import { requestToken, type IssuedToken } from './token-request';

export interface TokenProviderOptions {
  http: Http;
  clock: Clock;
  store: Store;
  log: Log;
  /** Attempts per token request, retries included. Default 4. */
  maxAttempts?: number;
  random?: () => number;
  /** Per HTTP request. Default 30 s. */
  timeoutMs?: number;
  /** A Retry-After longer than this becomes RetryLaterError instead of a sleep. Default 30 s. */
  maxWaitMs?: number;
}

export interface TokenTarget {
  cloud: Cloud;
  tenantId: string;
  credential: Credential;
}

export interface TokenProvider {
  /** A bearer token for Graph; `forceRefresh` skips both caches (after a 401). */
  getToken(target: TokenTarget & { forceRefresh?: boolean }): Promise<string>;
  /** Forgets the cached token of this target, in memory and in the store. */
  invalidate(target: TokenTarget): Promise<void>;
}

export type CachedToken = IssuedToken;

export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

const CachedTokenSchema = z.object({ accessToken: z.string().min(1), expiresAt: z.number() });
const CredentialSecretSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('secret'), clientSecret: z.string().min(1) }),
  z.object({
    kind: z.literal('certificate'),
    privateKeyPem: z.string().min(1),
    certificatePem: z.string().min(1),
  }),
]);

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const { clock, store } = options;
  const deps = {
    http: options.http,
    clock,
    log: options.log,
    maxAttempts: options.maxAttempts ?? 4,
    random: options.random ?? Math.random,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxWaitMs: options.maxWaitMs ?? 30_000,
  };
  const memory = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<string>>();

  const fresh = (token: CachedToken | undefined): token is CachedToken =>
    token !== undefined && clock.now() < token.expiresAt - TOKEN_REFRESH_MARGIN_MS;
  const keyOf = (target: TokenTarget) =>
    tokenCacheKey(target.cloud, target.tenantId, target.credential.clientId);

  async function readSecret(credential: Credential): Promise<CredentialSecret> {
    const raw = await store.getSecret<unknown>(credentialSecretKey(credential.id));
    const where = `credential "${credential.displayName}" (${credential.id})`;
    const what = credential.kind === 'secret' ? 'client secret' : 'certificate and private key';
    if (raw === undefined) {
      throw new MissingSecretError(
        `No ${what} is stored for ${where}; set it on the admin page under Credentials.`,
      );
    }
    const parsed = CredentialSecretSchema.safeParse(raw);
    if (!parsed.success || parsed.data.kind !== credential.kind) {
      throw new MissingSecretError(
        `The stored ${what} of ${where} is incomplete or of the wrong kind; set it again on the admin page under Credentials.`,
      );
    }
    return parsed.data;
  }

  async function refresh(key: string, target: TokenTarget, forceRefresh: boolean): Promise<string> {
    if (!forceRefresh) {
      // Another invocation may have fetched one already.
      const stored = CachedTokenSchema.safeParse(await store.getSecret<unknown>(key));
      if (stored.success && fresh(stored.data)) {
        memory.set(key, stored.data);
        return stored.data.accessToken;
      }
    }
    const token = await requestToken(deps, { ...target, secret: await readSecret(target.credential) });
    memory.set(key, token);
    await store.setSecret(key, token);
    return token.accessToken;
  }

  return {
    async getToken({ forceRefresh = false, ...target }) {
      const key = keyOf(target);
      const cached = memory.get(key);
      if (!forceRefresh && fresh(cached)) return cached.accessToken;
      const pending = inFlight.get(key);
      if (pending) return pending;
      const promise = refresh(key, target, forceRefresh).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
    async invalidate(target) {
      const key = keyOf(target);
      memory.delete(key);
      await store.deleteSecret(key);
    },
  };
}
