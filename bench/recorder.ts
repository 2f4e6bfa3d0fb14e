// Records every outbound call (Graph, Entra login, Jira) with its start and end in real time, and
// adds the emulated latency to Entra login calls (the login emulator has no latency option; the
// Graph and Jira emulators add theirs themselves). The critical path is computed from the
// recorded intervals, not from the code: see criticalPath().
import { performance } from 'node:perf_hooks';
import type { Http, Jira } from '../src/core/ports';

export type CallKind = 'graph' | 'login' | 'jira';

export interface RecordedCall {
  kind: CallKind;
  method: string;
  /** Path without the query. */
  path: string;
  status: number | 'network-error';
  /** The tenant of the bearer token sent (Graph calls), read from its `tid` claim. */
  tenant?: string;
  start: number;
  end: number;
}

export interface Recorder {
  readonly calls: RecordedCall[];
  reset(): void;
  wrapHttp(http: Http, options: { loginOrigins: string[]; loginLatencyMs: number }): Http;
  wrapJira(jira: Jira): Jira;
  /** A fetch for the naive chain: the same recording, the same added login latency. */
  wrapFetch(options: { loginOrigins: string[]; loginLatencyMs: number }): typeof fetch;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The `tid` claim of a bearer JWT, unverified (for bookkeeping only). */
function tenantOf(authorization: string | undefined): string | undefined {
  const payload = authorization?.split(' ')[1]?.split('.')[1];
  if (!payload) return undefined;
  try {
    const tid = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { tid?: unknown }).tid;
    return typeof tid === 'string' ? tid.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export function createRecorder(): Recorder {
  const calls: RecordedCall[] = [];
  const record = async <T extends { status: number }>(
    kind: CallKind,
    method: string,
    url: string,
    authorization: string | undefined,
    send: () => Promise<T>,
    addedLatencyMs = 0,
  ): Promise<T> => {
    const start = performance.now();
    const path = url.startsWith('/') ? url.split('?')[0]! : new URL(url).pathname;
    const tenant = tenantOf(authorization);
    try {
      if (addedLatencyMs > 0) await sleep(addedLatencyMs);
      const response = await send();
      calls.push({ kind, method, path, status: response.status, tenant, start, end: performance.now() });
      return response;
    } catch (error) {
      calls.push({ kind, method, path, status: 'network-error', tenant, start, end: performance.now() });
      throw error;
    }
  };
  const isLogin = (url: string, origins: string[]) => origins.includes(new URL(url).origin);

  return {
    calls,
    reset: () => {
      calls.length = 0;
    },
    wrapHttp(http, options) {
      return {
        fetch(url, init) {
          const login = isLogin(url, options.loginOrigins);
          const authorization = Object.entries(init.headers ?? {}).find(
            ([name]) => name.toLowerCase() === 'authorization',
          )?.[1];
          return record(
            login ? 'login' : 'graph',
            init.method,
            url,
            authorization,
            () => http.fetch(url, init),
            login ? options.loginLatencyMs : 0,
          );
        },
      };
    },
    wrapJira(jira) {
      return {
        request: (method, path, body) =>
          record('jira', method, path, undefined, () => jira.request(method, path, body)),
      };
    },
    wrapFetch(options) {
      return (async (input: string | URL | Request, init?: RequestInit) => {
        const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
        const login = isLogin(url, options.loginOrigins);
        const authorization = (init?.headers as Record<string, string> | undefined)?.Authorization;
        return record(
          login ? 'login' : 'graph',
          init?.method ?? 'GET',
          url,
          authorization,
          () => fetch(input, init),
          login ? options.loginLatencyMs : 0,
        );
      }) as typeof fetch;
    },
  };
}

/**
 * The number of calls on the critical path: the longest chain of calls in which each one starts
 * only after the previous one has ended (calls that overlap in time ran in parallel, so at most
 * one of them can be on a chain). Measured from the recorded intervals, so it counts what really
 * ran one after another, including waits the code did not need; O(n²) over a few dozen calls.
 */
export function criticalPath(calls: RecordedCall[]): number {
  const sorted = [...calls].sort((a, b) => a.end - b.end);
  const depth: number[] = [];
  let longest = 0;
  sorted.forEach((call, i) => {
    let best = 0;
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= call.start) best = Math.max(best, depth[j]!);
    depth[i] = best + 1;
    longest = Math.max(longest, depth[i]!);
  });
  return longest;
}
