// The Http port over `fetch` from @forge/api: the only fetch that passes Forge's egress proxy, so
// every host must be in manifest.yml permissions.external.fetch.backend (forge-platform.md
// section 8). One outbound request may take up to 180 s in a long-running consumer.
import { fetch as forgeFetch } from '@forge/api';
import type { Http, HttpRequestInit, HttpResponse } from '../../core/ports';

/** Forge's own cap for one outbound request (limits-invocation). */
export const FORGE_MAX_REQUEST_MS = 180_000;

interface Deadline {
  /** Rejects with a TimeoutError when the time is up; never resolves. */
  expired: Promise<never>;
  clear(): void;
}

function startDeadline(ms: number, controller: AbortController): Deadline {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DOMException(`The request timed out after ${ms} ms.`, 'TimeoutError');
      controller.abort(error);
      reject(error);
    }, ms);
  });
  // Nobody may be waiting any more when it fires (the body was never read): not an unhandled rejection.
  expired.catch(() => undefined);
  return { expired, clear: () => clearTimeout(timer) };
}

/**
 * @forge/api 8.3.0's RequestInit accepts an AbortSignal, but the runtime's proxied fetch is not
 * documented to honour it; so the deadline both aborts the signal and rejects on its own timer,
 * covering the headers and the body. The rejection is a DOMException named TimeoutError, as Node's
 * AbortSignal.timeout() gives (sandbox/adapters/node-http.ts): one kind of timeout on both runtimes.
 */
export function createForgeHttp(fetchImpl: typeof forgeFetch = forgeFetch): Http {
  return {
    async fetch(url: string, init: HttpRequestInit): Promise<HttpResponse> {
      const timeoutMs = Math.min(init.timeoutMs ?? FORGE_MAX_REQUEST_MS, FORGE_MAX_REQUEST_MS);
      const controller = new AbortController();
      const deadline = startDeadline(timeoutMs, controller);
      let response: Awaited<ReturnType<typeof forgeFetch>>;
      try {
        response = await Promise.race([
          fetchImpl(url, {
            method: init.method,
            headers: init.headers,
            body: init.body,
            signal: controller.signal,
          }),
          deadline.expired,
        ]);
      } catch (error) {
        deadline.clear();
        throw error;
      }
      return {
        status: response.status,
        headers: { get: (name: string) => response.headers.get(name) },
        async text() {
          try {
            return await Promise.race([response.text(), deadline.expired]);
          } finally {
            deadline.clear();
          }
        },
      };
    },
  };
}
