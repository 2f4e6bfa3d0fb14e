// createForgeHttp takes the fetch to wrap, so no module mock is needed: a fake fetch stands in for
// @forge/api's (which throws outside Forge, forge-platform.md section 11).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FORGE_MAX_REQUEST_MS, createForgeHttp } from '../../../../src/forge/adapters/forge-http';

type FetchArgs = {
  url: string;
  init: { method?: string; headers?: Record<string, string>; body?: unknown; signal?: AbortSignal };
};

function fakeResponse(
  status: number,
  body: string,
  headers: Record<string, string> = {},
  bodyDelay?: Promise<void>,
) {
  return {
    status,
    ok: status < 300,
    statusText: '',
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    text: async () => {
      await bodyDelay;
      return body;
    },
  };
}

function recordingFetch(respond: (args: FetchArgs) => Promise<unknown>) {
  const calls: FetchArgs[] = [];
  const fetchImpl = (async (url: string, init: FetchArgs['init']) => {
    calls.push({ url, init });
    return respond({ url, init });
  }) as unknown as Parameters<typeof createForgeHttp>[0];
  return { calls, fetchImpl };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createForgeHttp', () => {
  it('passes method, headers and body, and exposes status, headers and text', async () => {
    const { calls, fetchImpl } = recordingFetch(async () =>
      fakeResponse(201, '{"id":"1"}', { 'request-id': 'r-1' }),
    );
    const http = createForgeHttp(fetchImpl);
    const response = await http.fetch('https://graph.microsoft.com/v1.0/x', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('Request-Id')).toBe('r-1');
    expect(await response.text()).toBe('{"id":"1"}');
    expect(calls[0]?.url).toBe('https://graph.microsoft.com/v1.0/x');
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(calls[0]?.init.signal?.aborted).toBe(false);
  });

  it('rejects with a TimeoutError and aborts the signal when no answer comes in time', async () => {
    vi.useFakeTimers();
    const { calls, fetchImpl } = recordingFetch(() => new Promise(() => undefined));
    const pending = createForgeHttp(fetchImpl).fetch('https://login.microsoftonline.com/t', {
      method: 'GET',
      timeoutMs: 5_000,
    });
    const outcome = pending.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(4_999);
    expect(calls[0]?.init.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('TimeoutError');
    expect(calls[0]?.init.signal?.aborted).toBe(true);
  });

  it('covers the body with the same deadline', async () => {
    vi.useFakeTimers();
    const { fetchImpl } = recordingFetch(async () =>
      fakeResponse(200, 'late', {}, new Promise(() => undefined)),
    );
    const response = await createForgeHttp(fetchImpl).fetch('https://graph.microsoft.com/', {
      method: 'GET',
      timeoutMs: 1_000,
    });
    const body = response.text().then(
      () => 'read',
      (error: unknown) => (error as DOMException).name,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await body).toBe('TimeoutError');
  });

  it('caps the timeout at Forge’s 180 s and clears the timer once the body is read', async () => {
    vi.useFakeTimers();
    const { calls, fetchImpl } = recordingFetch(() => new Promise(() => undefined));
    const outcome = createForgeHttp(fetchImpl)
      .fetch('https://graph.microsoft.com/', { method: 'GET', timeoutMs: 10 * FORGE_MAX_REQUEST_MS })
      .catch((error: unknown) => (error as DOMException).name);
    await vi.advanceTimersByTimeAsync(FORGE_MAX_REQUEST_MS);
    expect(await outcome).toBe('TimeoutError');
    expect(calls[0]?.init.signal?.aborted).toBe(true);

    const ok = recordingFetch(async () => fakeResponse(200, 'ok'));
    const response = await createForgeHttp(ok.fetchImpl).fetch('https://graph.microsoft.com/', {
      method: 'GET',
    });
    expect(await response.text()).toBe('ok');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes a fetch failure through and clears its timer', async () => {
    vi.useFakeTimers();
    const failure = new TypeError('fetch failed');
    const { fetchImpl } = recordingFetch(async () => {
      throw failure;
    });
    await expect(
      createForgeHttp(fetchImpl).fetch('https://graph.microsoft.com/', { method: 'GET' }),
    ).rejects.toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
  });
});
