// One client-credentials token request to the customer's tenant, never /common
// (graph-entitlement.md section 2): form-encoded with encodeURIComponent, a client secret or a
// fresh client assertion, retried on 429/5xx/network errors with the same retry.ts rules (the
// token POST creates nothing, so it is safe to repeat).
import * as z from 'zod';
import type { Credential } from '../config/schema';
import type { CredentialSecret } from '../config/secret-keys';
import type { Clock, Http, HttpResponse, Log } from '../core/ports';
import { createClientAssertion } from './client-assertion';
import { graphScope, type Cloud } from './clouds';
import {
  GraphNetworkError,
  GraphThrottledError,
  GraphUnavailableError,
  RetryLaterError,
  TokenRequestError,
} from './errors';
import { parseRetryAfter, retryDelayMs, shouldRetry } from './retry';
import { tokenErrorFromResponse } from './token-endpoint-error';

export interface TokenRequestDeps {
  http: Http;
  clock: Clock;
  log: Log;
  maxAttempts: number;
  random: () => number;
  timeoutMs: number;
  /** A wait longer than this becomes RetryLaterError instead of a sleep. */
  maxWaitMs: number;
}

export interface IssuedToken {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

// expires_in is a number in v2.0 answers; some proxies and v1 answers send a string.
const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
});

export async function requestToken(
  deps: TokenRequestDeps,
  target: { cloud: Cloud; tenantId: string; credential: Credential; secret: CredentialSecret },
): Promise<IssuedToken> {
  const { http, clock, log } = deps;
  const { cloud, tenantId, credential, secret } = target;
  const tokenPath = `/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
  const endpoint = `${cloud.loginBaseUrl}${tokenPath}`;
  const scope = graphScope(cloud);
  for (let attempt = 1; ; attempt++) {
    const fields: Record<string, string> = {
      client_id: credential.clientId,
      scope,
      grant_type: 'client_credentials',
    };
    // A fresh assertion per attempt: each carries its own jti and time window.
    if (secret.kind === 'secret') fields.client_secret = secret.clientSecret;
    else {
      fields.client_assertion_type = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
      fields.client_assertion = await createClientAssertion({
        clientId: credential.clientId,
        tokenEndpoint: endpoint,
        privateKeyPem: secret.privateKeyPem,
        certificatePem: secret.certificatePem,
        now: clock.now(),
      });
    }
    const body = Object.entries(fields)
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
      .join('&');
    const started = clock.now();
    const logFields = { tenantId, cloud: cloud.name, attempt };
    let response: HttpResponse;
    let text: string;
    try {
      response = await http.fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body,
        timeoutMs: deps.timeoutMs,
      });
      text = await response.text();
    } catch (error) {
      log.event('warn', 'graph.token', {
        ...logFields,
        status: undefined,
        ms: clock.now() - started,
        error: 'network',
      });
      if (
        shouldRetry({
          method: 'POST',
          idempotent: true,
          networkError: true,
          attempt,
          maxAttempts: deps.maxAttempts,
        })
      ) {
        await clock.sleep(retryDelayMs({ attempt, now: clock.now(), random: deps.random }));
        continue;
      }
      throw new GraphNetworkError(
        `Could not reach the login endpoint ${cloud.loginBaseUrl} for tenant ${tenantId} (connection error or timeout).`,
        { cause: error },
      );
    }
    const status = response.status;
    log.event(status < 400 ? 'info' : 'warn', 'graph.token', {
      ...logFields,
      status,
      ms: clock.now() - started,
    });
    if (status >= 200 && status < 300) {
      const parsed = TokenResponse.safeParse(safeJson(text));
      if (!parsed.success) {
        throw new TokenRequestError(
          `The login endpoint ${cloud.loginBaseUrl} answered ${status} without an access token.`,
          {
            status,
            reason: 'unknown',
          },
        );
      }
      return {
        accessToken: parsed.data.access_token,
        expiresAt: clock.now() + parsed.data.expires_in * 1000,
      };
    }

    const retryAfterHeader = response.headers.get('retry-after');
    const transient = status === 429 || status >= 500;
    if (
      transient &&
      shouldRetry({ method: 'POST', idempotent: true, status, attempt, maxAttempts: deps.maxAttempts })
    ) {
      const delay = retryDelayMs({ retryAfterHeader, attempt, now: clock.now(), random: deps.random });
      if (delay > deps.maxWaitMs) {
        throw new RetryLaterError(
          `The login endpoint for tenant ${tenantId} asked to wait ${Math.ceil(delay / 1000)} s.`,
          delay,
        );
      }
      await clock.sleep(delay);
      continue;
    }
    const failure = tokenErrorFromResponse({
      status,
      bodyText: text,
      tenantId,
      clientId: credential.clientId,
      credentialName: credential.displayName,
      cloudName: cloud.name,
      scope,
      redact: [fields.client_secret ?? '', fields.client_assertion ?? ''],
    });
    // A known AADSTS refusal says what to fix; a bare 429/5xx after the retries is transient.
    if (failure.details.reason !== 'unknown' || !transient) throw failure;
    const ErrorClass = status === 429 ? GraphThrottledError : GraphUnavailableError;
    throw new ErrorClass(
      `The login endpoint ${cloud.loginBaseUrl} answered ${status} for tenant ${tenantId}; try again later.`,
      {
        status,
        method: 'POST',
        path: tokenPath,
        retryAfterMs: parseRetryAfter(retryAfterHeader, clock.now()),
      },
      { cause: failure },
    );
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
