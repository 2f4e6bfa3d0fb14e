// Retry policy for Graph and the token endpoint: a pure decision (shouldRetry) kept apart from
// the delay (retryDelayMs), as in stripe's _shouldRetry / _getSleepTimeInMS and ky's
// retry-timing.ts. Graph: "429/503/504: wait Retry-After, else exponential backoff + jitter";
// a timed-out POST assignmentRequests is never retried blindly (graph-entitlement.md section 4).
import type { HttpMethod } from '../core/ports';

export interface RetryDecisionInput {
  method: HttpMethod;
  /** HTTP status of the answer; absent when the request failed without one. */
  status?: number;
  /** The connection failed or timed out: the server may or may not have processed the request. */
  networkError?: boolean;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  maxAttempts: number;
  /** Body of the failed answer, to tell a refused POST from one that created something. */
  bodyText?: string;
  /**
   * The request is safe to repeat whatever its method (the token endpoint's POST: it creates
   * nothing). Defaults to true for GET, PUT and DELETE only.
   */
  idempotent?: boolean;
}

const IDEMPOTENT_METHODS: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);
// A 429 or 503 means the request was refused before processing; a 504 may have been processed.
const REFUSED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export function shouldRetry(input: RetryDecisionInput): boolean {
  if (input.attempt >= input.maxAttempts) return false;
  const idempotent = input.idempotent ?? IDEMPOTENT_METHODS.has(input.method);
  if (input.networkError) return idempotent; // a POST may have been processed: the workflow re-checks
  if (input.status === undefined) return false;
  if (idempotent) return RETRYABLE_STATUSES.has(input.status);
  return REFUSED_STATUSES.has(input.status) && !looksCreated(input.bodyText);
}

/** An answer carrying an object with an `id` means something was created: never send it again. */
function looksCreated(bodyText: string | undefined): boolean {
  if (!bodyText) return false;
  try {
    const body: unknown = JSON.parse(bodyText);
    return typeof body === 'object' && body !== null && !Array.isArray(body) && 'id' in body;
  } catch {
    return false;
  }
}

/**
 * Milliseconds to wait from a `Retry-After` header: delta-seconds or an HTTP-date
 * (RFC 9110 section 10.2.3). A date in the past means 0; anything unreadable means undefined.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) {
    const seconds = Number(value);
    return Number.isSafeInteger(seconds * 1000) ? seconds * 1000 : undefined;
  }
  // HTTP-date always names the weekday and month in letters; reject bare numbers like "1.5".
  if (!/[A-Za-z]/.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;

export interface RetryDelayInput {
  retryAfterHeader?: string | null;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  now: number;
  /** Uniform in [0, 1). */
  random: () => number;
}

/** `Retry-After` wins; else capped exponential backoff with full jitter (AWS architecture blog). */
export function retryDelayMs(input: RetryDelayInput): number {
  const fromHeader = parseRetryAfter(input.retryAfterHeader, input.now);
  if (fromHeader !== undefined) return fromHeader;
  const exponent = Math.max(0, input.attempt - 1);
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(exponent, 30));
  return Math.floor(input.random() * ceiling);
}
