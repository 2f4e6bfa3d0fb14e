// The Http port over Node's global fetch, for the sandbox and the tests (Forge: forge-http.ts over
// @forge/api's fetch). The timeout covers headers and body, like Forge's per-request cap, and an
// optional origin allow-list plays the part of Forge's egress permissions.
import type { Http, HttpRequestInit, HttpResponse } from '../../src/core/ports';
import { AccessBridgeError } from '../../src/graph/errors';

export const DEFAULT_TIMEOUT_MS = 180_000;

/** Forge refuses hosts missing from permissions.external.fetch.backend; so does this, when told. */
export class EgressNotAllowedError extends AccessBridgeError {
  readonly code = 'egress_not_allowed' as const;
}

export interface NodeHttpOptions {
  /** Origins (`https://graph.microsoft.com`) the app may call; any origin when omitted. */
  allowedOrigins?: readonly string[];
  defaultTimeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export function createNodeHttp(options: NodeHttpOptions = {}): Http {
  const fetchImpl = options.fetchImpl ?? globalThis.fetch;
  const allowed = options.allowedOrigins
    ? new Set(options.allowedOrigins.map((o) => new URL(o).origin))
    : undefined;
  return {
    async fetch(url: string, init: HttpRequestInit): Promise<HttpResponse> {
      const origin = new URL(url).origin;
      if (allowed && !allowed.has(origin)) {
        throw new EgressNotAllowedError(
          `${origin} is not an allowed egress origin; add it to manifest.yml and the sandbox's list.`,
        );
      }
      // AbortSignal.timeout rejects with a DOMException named TimeoutError, also while reading the body.
      const response = await fetchImpl(url, {
        method: init.method,
        headers: init.headers,
        body: init.body,
        signal: AbortSignal.timeout(init.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      return {
        status: response.status,
        headers: { get: (name: string) => response.headers.get(name) },
        text: () => response.text(),
      };
    },
  };
}
