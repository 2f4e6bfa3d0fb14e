// The Graph HTTP client: bearer token, JSON, retries with Retry-After, a time budget, typed errors
// and paging. v1.0 only (DESIGN.md); paths arrive already encoded (odata.ts).
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Clock, Http, HttpMethod, HttpResponse, Log } from '../core/ports';
import type { Cloud } from './clouds';
import { errorFromResponse } from './error-from-response';
import { checkNextLink } from './next-link';
import { parseGraphBody } from './parse-body';
import {
  GraphMalformedResponseError,
  GraphNetworkError,
  RetryLaterError,
  type AccessBridgeError,
} from './errors';
import { parseRetryAfter, retryDelayMs, shouldRetry } from './retry';

export interface GraphClientOptions {
  http: Http;
  clock: Clock;
  log: Log;
  cloud: Cloud;
  tenantId: string;
  /** `forceRefresh` is asked once after a 401, to replace a cached token Graph no longer takes. */
  getToken: (options?: { forceRefresh?: boolean }) => Promise<string>;
  /** Epoch ms: a wait that would end after it throws RetryLaterError(delayMs) instead of sleeping. */
  deadline?: number;
  /** Attempts per call, retries included. Default 4. */
  maxAttempts?: number;
  random?: () => number;
  /** Per HTTP request. Default 30 s (Forge allows 180 s). */
  timeoutMs?: number;
}

export interface GraphRequest<T> {
  method: HttpMethod;
  /** Starts with `/v1.0/`, already percent-encoded (odata.ts). */
  path: string;
  body?: unknown;
  /** Parses the JSON body; an empty body (204) is parsed as `undefined`. */
  schema: z.ZodType<T>;
  headers?: Record<string, string>;
}

export interface GraphResponse<T> {
  data: T;
  status: number;
  requestId?: string;
}

export interface GraphClient {
  readonly cloud: Cloud;
  readonly tenantId: string;
  /** HTTP requests sent by this client, retries included. */
  readonly stats: { calls: number };
  request<T>(request: GraphRequest<T>): Promise<GraphResponse<T>>;
  /** Every item of a collection, following `@odata.nextLink` verbatim until absent. */
  getAllPages<T>(path: string, itemSchema: z.ZodType<T>): Promise<T[]>;
}

const DEFAULT_MAX_ATTEMPTS = 4;
const DEFAULT_TIMEOUT_MS = 30_000;
// 1,000 pages of Graph's default 100 items exceed the 100,000 assignments a tenant may hold.
const MAX_PAGES = 1000;

interface Sent {
  status: number;
  bodyText: string;
  requestId?: string;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const { http, clock, log, cloud, tenantId } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const stats = { calls: 0 };

  /** Waits `delayMs`, or throws RetryLaterError when the wait would outlive the deadline. */
  async function wait(delayMs: number, cause: AccessBridgeError): Promise<void> {
    if (options.deadline !== undefined && clock.now() + delayMs > options.deadline) {
      throw new RetryLaterError(
        `${cause.message} Retry in ${Math.ceil(delayMs / 1000)} s (beyond this run's time budget).`,
        delayMs,
        {
          cause,
        },
      );
    }
    await clock.sleep(delayMs);
  }

  async function send(
    method: HttpMethod,
    url: string,
    logPath: string,
    body: unknown,
    extraHeaders?: Record<string, string>,
  ): Promise<Sent> {
    let forceRefresh = false;
    let refreshedAfter401 = false;
    for (let attempt = 1; ;) {
      const token = await options.getToken(forceRefresh ? { forceRefresh: true } : undefined);
      forceRefresh = false;
      const clientRequestId = randomUUID();
      const headers: Record<string, string> = {
        ...withoutReserved(extraHeaders),
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        'client-request-id': clientRequestId,
      };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const started = clock.now();
      stats.calls += 1;
      let response: HttpResponse;
      let bodyText: string;
      try {
        response = await http.fetch(url, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          timeoutMs,
        });
        bodyText = await response.text();
      } catch (error) {
        log.event('warn', 'graph.call', {
          tenantId,
          method,
          path: logPath,
          status: undefined,
          ms: clock.now() - started,
          attempt,
          error: 'network',
          clientRequestId,
        });
        const failure = new GraphNetworkError(
          `Graph ${method} ${logPath} failed without an answer (connection error or timeout).` +
            (method === 'POST' ? ' It may still have been processed; check before sending it again.' : ''),
          { cause: error },
        );
        if (!shouldRetry({ method, networkError: true, attempt, maxAttempts })) throw failure;
        await wait(retryDelayMs({ attempt, now: clock.now(), random }), failure);
        attempt += 1;
        continue;
      }
      const requestId = response.headers.get('request-id') ?? undefined;
      const status = response.status;
      log.event(status < 400 ? 'info' : 'warn', 'graph.call', {
        tenantId,
        method,
        path: logPath,
        status,
        ms: clock.now() - started,
        attempt,
        requestId,
        clientRequestId,
      });
      if (status >= 200 && status < 300) return { status, bodyText, requestId };

      // One fresh token after a 401: the cached one may have been revoked or issued before consent.
      if (status === 401 && !refreshedAfter401) {
        refreshedAfter401 = true;
        forceRefresh = true;
        continue;
      }
      const retryAfterHeader = response.headers.get('retry-after');
      const failure = errorFromResponse({
        status,
        headers: response.headers,
        bodyText,
        method,
        path: logPath,
        clientRequestId,
        retryAfterMs: parseRetryAfter(retryAfterHeader, clock.now()),
      });
      if (!shouldRetry({ method, status, attempt, maxAttempts, bodyText })) throw failure;
      await wait(retryDelayMs({ retryAfterHeader, attempt, now: clock.now(), random }), failure);
      attempt += 1;
    }
  }

  function urlFor(path: string): string {
    if (!path.startsWith('/v1.0/'))
      throw new Error(`Graph paths must start with /v1.0/ (got ${path.split('?')[0]}).`);
    return `${cloud.graphBaseUrl}${path}`;
  }

  async function request<T>(req: GraphRequest<T>): Promise<GraphResponse<T>> {
    const url = urlFor(req.path);
    const logPath = pathWithoutQuery(url);
    const sent = await send(req.method, url, logPath, req.body, req.headers);
    return {
      data: parseGraphBody(sent.bodyText, req.schema, {
        ...bodyContext(sent),
        method: req.method,
        path: logPath,
      }),
      status: sent.status,
      requestId: sent.requestId,
    };
  }

  async function getAllPages<T>(path: string, itemSchema: z.ZodType<T>): Promise<T[]> {
    const pageSchema = z.looseObject({ value: z.array(itemSchema), '@odata.nextLink': z.string().nullish() });
    const items: T[] = [];
    let url: string | undefined = urlFor(path);
    for (let page = 0; url !== undefined; page++) {
      const logPath = pathWithoutQuery(url);
      if (page >= MAX_PAGES) {
        throw new GraphMalformedResponseError(`Graph GET ${logPath} kept paging past ${MAX_PAGES} pages.`, {
          status: 200,
          method: 'GET',
          path: logPath,
        });
      }
      const sent = await send('GET', url, logPath, undefined);
      const data = parseGraphBody(sent.bodyText, pageSchema, {
        ...bodyContext(sent),
        method: 'GET',
        path: logPath,
      });
      items.push(...data.value);
      const nextLink = data['@odata.nextLink'];
      url = nextLink ? checkNextLink(nextLink, cloud.graphBaseUrl, logPath) : undefined;
    }
    return items;
  }

  return { cloud, tenantId, stats, request, getAllPages };
}

const RESERVED_HEADERS = new Set(['authorization', 'accept', 'content-type', 'client-request-id']);

/** Callers may add headers (ConsistencyLevel, Prefer) but never replace ours, in any casing. */
function withoutReserved(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter(([name]) => !RESERVED_HEADERS.has(name.toLowerCase())),
  );
}

const bodyContext = (sent: Sent) => ({ status: sent.status, requestId: sent.requestId });

function pathWithoutQuery(url: string): string {
  return new URL(url).pathname;
}
