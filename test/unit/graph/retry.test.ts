import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HttpMethod } from '../../../src/core/ports';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  parseRetryAfter,
  retryDelayMs,
  shouldRetry,
} from '../../../src/graph/retry';

const base = { attempt: 1, maxAttempts: 4 };
const RUNS = { numRuns: 1000 };
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('shouldRetry', () => {
  describe.each(['GET', 'PUT', 'DELETE'] as HttpMethod[])('idempotent %s', (method) => {
    it.each([429, 503, 504])('retries %i', (status) => {
      expect(shouldRetry({ ...base, method, status })).toBe(true);
    });
    it.each([400, 401, 403, 404, 409, 500, 502])('does not retry %i', (status) => {
      expect(shouldRetry({ ...base, method, status })).toBe(false);
    });
    it('retries a network error or timeout', () => {
      expect(shouldRetry({ ...base, method, networkError: true })).toBe(true);
    });
    it('does not retry a 2xx', () => {
      expect(shouldRetry({ ...base, method, status: 200 })).toBe(false);
    });
  });

  describe('POST', () => {
    it.each([429, 503])('retries %i that created nothing', (status) => {
      expect(shouldRetry({ ...base, method: 'POST', status })).toBe(true);
      expect(
        shouldRetry({ ...base, method: 'POST', status, bodyText: '{"error":{"code":"TooManyRequests"}}' }),
      ).toBe(true);
      expect(shouldRetry({ ...base, method: 'POST', status, bodyText: 'not json' })).toBe(true);
      expect(shouldRetry({ ...base, method: 'POST', status, bodyText: '[{"id":"x"}]' })).toBe(true);
    });
    it.each([429, 503])('does not retry %i whose body is a created object with an id', (status) => {
      expect(
        shouldRetry({ ...base, method: 'POST', status, bodyText: '{"id":"7a6ab703","state":"submitted"}' }),
      ).toBe(false);
    });
    it('does not retry 504: the request may have been processed', () => {
      expect(shouldRetry({ ...base, method: 'POST', status: 504 })).toBe(false);
    });
    it('never retries a network error or timeout', () => {
      expect(shouldRetry({ ...base, method: 'POST', networkError: true })).toBe(false);
    });
    it.each([200, 201, 202, 204, 400, 500])('does not retry %i', (status) => {
      expect(shouldRetry({ ...base, method: 'POST', status })).toBe(false);
    });
    it('retries network errors and 504 when declared idempotent (token endpoint)', () => {
      expect(shouldRetry({ ...base, method: 'POST', idempotent: true, networkError: true })).toBe(true);
      expect(shouldRetry({ ...base, method: 'POST', idempotent: true, status: 504 })).toBe(true);
    });
  });

  it('PATCH is treated like POST', () => {
    expect(shouldRetry({ ...base, method: 'PATCH', networkError: true })).toBe(false);
    expect(shouldRetry({ ...base, method: 'PATCH', status: 429 })).toBe(true);
  });

  it('stops at maxAttempts', () => {
    expect(shouldRetry({ method: 'GET', status: 503, attempt: 3, maxAttempts: 4 })).toBe(true);
    expect(shouldRetry({ method: 'GET', status: 503, attempt: 4, maxAttempts: 4 })).toBe(false);
    expect(shouldRetry({ method: 'GET', networkError: true, attempt: 1, maxAttempts: 1 })).toBe(false);
  });

  it('does not retry without a status or a network error', () => {
    expect(shouldRetry({ ...base, method: 'GET' })).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed, 15 Jan 2025 11:00:00 GMT', NOW)).toBe(0);
  });
  it.each([null, undefined, '', '  ', '-5', '1.5', 'soon', '12abc', '1e3'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
  it('round-trips any delta-seconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (seconds) => {
        expect(parseRetryAfter(String(seconds), NOW)).toBe(seconds * 1000);
      }),
      RUNS,
    );
  });
  it('round-trips any HTTP-date (IMF-fixdate, second precision)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -86_400, max: 86_400 }), (offsetSeconds) => {
        const header = new Date(NOW + offsetSeconds * 1000).toUTCString();
        expect(parseRetryAfter(header, NOW)).toBe(Math.max(0, offsetSeconds * 1000));
      }),
      RUNS,
    );
  });
  it('never throws and never returns a negative or non-finite number', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (value) => {
        const ms = parseRetryAfter(value, NOW);
        if (ms !== undefined) expect(Number.isFinite(ms) && ms >= 0).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('retryDelayMs', () => {
  it('Retry-After wins over backoff', () => {
    expect(retryDelayMs({ retryAfterHeader: '3', attempt: 5, now: NOW, random: () => 0.9 })).toBe(3000);
    expect(
      retryDelayMs({
        retryAfterHeader: 'Wed, 15 Jan 2025 12:00:10 GMT',
        attempt: 1,
        now: NOW,
        random: () => 0.9,
      }),
    ).toBe(10_000);
  });
  it('falls back to backoff when Retry-After is unreadable', () => {
    expect(retryDelayMs({ retryAfterHeader: 'soon', attempt: 1, now: NOW, random: () => 0.5 })).toBe(250);
  });
  it('doubles the ceiling per attempt from 500 ms (full jitter)', () => {
    const almostOne = () => 0.999999;
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs({ attempt, now: NOW, random: almostOne }))).toEqual([
      499, 999, 1999, 3999, 7999,
    ]);
  });
  it('stays within [0, min(cap, base * 2^(attempt-1))) for any attempt and random', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const delay = retryDelayMs({ attempt, now: NOW, random: () => r });
          const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(ceiling);
          expect(delay).toBeLessThan(BACKOFF_CAP_MS);
        },
      ),
      RUNS,
    );
  });
  it('is capped at 30 s', () => {
    expect(retryDelayMs({ attempt: 50, now: NOW, random: () => 0.999999 })).toBe(29_999);
  });
});
