// The ports: everything core/ touches arrives through one of these. Forge adapters live in
// src/forge/, Node adapters for the sandbox and the tests in sandbox/adapters/. Keep them few
// and small (DESIGN.md, "The ports").

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Jira REST as the app (Forge: api.asApp().requestJira). `path` is already percent-encoded. */
export interface Jira {
  request(method: HttpMethod, path: string, body?: unknown): Promise<JiraResponse>;
}

export interface JiraResponse {
  status: number;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: unknown;
  /** Lower-case header names. */
  headers: Record<string, string>;
}

export interface QueryResult<T = unknown> {
  results: { key: string; value: T }[];
  nextCursor?: string;
}

/**
 * Key-value store (Forge: @forge/kvs). Keys must match KVS's pattern
 * /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/ and stay under 500 characters (forge-platform.md section 7).
 */
export interface Store {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<void>;
  /** Creates the key only if it does not exist; true when this call created it. */
  setIfAbsent(key: string, value: unknown, options?: { ttlSeconds?: number }): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Keys beginning with `prefix`, in key order. */
  query<T>(prefix: string, options?: { limit?: number; cursor?: string }): Promise<QueryResult<T>>;
  /** Encrypted values: readable only through getSecret, never listed by query. */
  getSecret<T>(key: string): Promise<T | undefined>;
  setSecret(key: string, value: unknown): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

/** The subset of a fetch Response the app reads. */
export interface HttpResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface HttpRequestInit {
  method: HttpMethod;
  headers?: Record<string, string>;
  body?: string;
  /** Aborts the request after this many milliseconds (Forge allows 180 s per outbound request). */
  timeoutMs?: number;
}

/** Outbound HTTP to Graph and Entra login (Forge: fetch from @forge/api, egress-checked). */
export interface Http {
  fetch(url: string, init: HttpRequestInit): Promise<HttpResponse>;
}

export interface QueueJob {
  /** Dispatch key for the consumer's registry. */
  type: string;
  [field: string]: unknown;
}

/** The async-event queue between triggers and Graph work (Forge: @forge/events Queue). */
export interface Queue {
  push(jobs: QueueJob[], options?: { delaySeconds?: number }): Promise<void>;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured log events. Never a secret, a token or a client assertion in `fields`. */
export interface Log {
  event(level: LogLevel, name: string, fields?: Record<string, unknown>): void;
}

export interface Ports {
  jira: Jira;
  store: Store;
  http: Http;
  queue: Queue;
  clock: Clock;
  log: Log;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const silentLog: Log = { event: () => undefined };
