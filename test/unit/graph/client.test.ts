import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveCloud } from '../../../src/graph/clouds';
import { createGraphClient, type GraphClientOptions } from '../../../src/graph/client';
import {
  GraphBadRequestError,
  GraphForbiddenError,
  GraphHttpError,
  GraphMalformedResponseError,
  GraphNetworkError,
  GraphNotFoundError,
  GraphThrottledError,
  GraphUnauthorizedError,
  GraphUnavailableError,
  RetryLaterError,
} from '../../../src/graph/errors';
import {
  createFakeClock,
  createFakeHttp,
  createRecordingLog,
  empty,
  json,
  networkError,
  type FakeHttp,
} from './support/fakes';

const GRAPH = 'https://graph.microsoft.com';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const Item = z.object({ id: z.string() });

function setup(overrides: Partial<GraphClientOptions> = {}, http: FakeHttp = createFakeHttp()) {
  const clock = createFakeClock();
  const log = createRecordingLog();
  const tokenCalls: (boolean | undefined)[] = [];
  let issued = 0;
  const client = createGraphClient({
    http,
    clock,
    log,
    cloud: resolveCloud({ cloud: 'global' }),
    tenantId: TENANT,
    getToken: async (options) => {
      tokenCalls.push(options?.forceRefresh);
      if (options?.forceRefresh) issued += 1;
      return `token-${issued}`;
    },
    random: () => 0.5,
    ...overrides,
  });
  return { client, http, clock, log, tokenCalls };
}

const get = { method: 'GET' as const, path: '/v1.0/users/u1?$select=id', schema: Item };

describe('createGraphClient: request', () => {
  it('sends the token, JSON headers and a fresh client-request-id', async () => {
    const { client, http } = setup();
    http.respond(json(201, { id: 'r1' }, { 'request-id': 'req-1' }), json(200, { id: 'u1' }));
    const created = await client.request({ method: 'POST', path: '/v1.0/x', body: { a: 'é' }, schema: Item });
    await client.request(get);
    expect(created).toEqual({ data: { id: 'r1' }, status: 201, requestId: 'req-1' });
    const [post, read] = http.requests;
    expect(post!.url).toBe(`${GRAPH}/v1.0/x`);
    expect(post!.body).toBe('{"a":"é"}');
    expect(post!.headers).toMatchObject({
      Authorization: 'Bearer token-0',
      Accept: 'application/json',
      'Content-Type': 'application/json',
    });
    expect(read!.headers!['Content-Type']).toBeUndefined();
    expect(read!.body).toBeUndefined();
    const ids = http.requests.map((r) => r.headers!['client-request-id']);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(2);
  });

  it('lets callers add headers but not replace Authorization', async () => {
    const { client, http } = setup();
    http.respond(json(200, { id: 'u1' }));
    await client.request({
      ...get,
      headers: { ConsistencyLevel: 'eventual', Authorization: 'Bearer evil', authorization: 'x' },
    });
    expect(http.requests[0]!.headers).toMatchObject({
      ConsistencyLevel: 'eventual',
      Authorization: 'Bearer token-0',
    });
  });

  it('parses an empty 204 body as undefined', async () => {
    const { client, http } = setup();
    http.respond(empty(204));
    await expect(
      client.request({ method: 'POST', path: '/v1.0/x/resume', body: {}, schema: z.undefined() }),
    ).resolves.toEqual({
      data: undefined,
      status: 204,
      requestId: undefined,
    });
  });

  it('refuses paths outside /v1.0', async () => {
    const { client, http } = setup();
    await expect(client.request({ ...get, path: '/beta/users' })).rejects.toThrow(/\/v1\.0\//);
    await expect(client.request({ ...get, path: 'users' })).rejects.toThrow(/\/v1\.0\//);
    expect(http.requests).toHaveLength(0);
  });

  it('counts every HTTP call, retries included', async () => {
    const { client, http } = setup();
    http.respond(json(503, {}), json(200, { id: 'u1' }), json(200, { id: 'u1' }));
    await client.request(get);
    await client.request(get);
    expect(client.stats.calls).toBe(3);
  });
});

describe('createGraphClient: retries', () => {
  it('waits Retry-After seconds after a 429, then succeeds', async () => {
    const { client, http, clock } = setup();
    http.respond(
      json(429, { error: { code: 'TooManyRequests' } }, { 'Retry-After': '7' }),
      json(200, { id: 'u1' }),
    );
    await expect(client.request(get)).resolves.toMatchObject({ data: { id: 'u1' } });
    expect(clock.sleeps).toEqual([7000]);
  });

  it('waits until a Retry-After HTTP-date after a 503', async () => {
    const { client, http, clock } = setup();
    const at = new Date(clock.now() + 12_000).toUTCString();
    http.respond(json(503, {}, { 'Retry-After': at }), json(200, { id: 'u1' }));
    await client.request(get);
    expect(clock.sleeps).toEqual([12_000]);
  });

  it('backs off exponentially with jitter when there is no Retry-After, then gives up', async () => {
    const randoms = [0.999, 0.5, 0];
    const { client, http, clock } = setup({ random: () => randoms.shift()! });
    http.respond(
      json(503, {}),
      json(504, {}),
      json(503, {}),
      json(503, { error: { code: 'ServiceUnavailable', message: 'busy' } }, { 'request-id': 'rq' }),
    );
    const error = await client.request(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect(error).toMatchObject({
      status: 503,
      graphCode: 'ServiceUnavailable',
      requestId: 'rq',
      path: '/v1.0/users/u1',
    });
    expect(http.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([499, 500, 0]);
  });

  it('throws GraphThrottledError with retryAfterMs when 429s outlast the attempts', async () => {
    const { client, http } = setup({ maxAttempts: 2 });
    http.respond(json(429, {}, { 'Retry-After': '1' }), json(429, {}, { 'Retry-After': '9' }));
    await expect(client.request(get)).rejects.toSatisfy(
      (e) => e instanceof GraphThrottledError && e.retryAfterMs === 9000,
    );
  });

  it('throws RetryLaterError with the delay instead of sleeping past the deadline', async () => {
    const clock = createFakeClock();
    const http = createFakeHttp().respond(json(429, {}, { 'Retry-After': '120' }));
    const { client } = setup({ clock, deadline: clock.now() + 60_000 }, http);
    const error = await client.request(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).delayMs).toBe(120_000);
    expect((error as RetryLaterError).cause).toBeInstanceOf(GraphThrottledError);
    expect(clock.sleeps).toEqual([]);
    expect(http.requests).toHaveLength(1);
  });

  it('sleeps when the wait ends before the deadline', async () => {
    const clock = createFakeClock();
    const http = createFakeHttp().respond(json(429, {}, { 'Retry-After': '30' }), json(200, { id: 'u1' }));
    const { client } = setup({ clock, deadline: clock.now() + 60_000 }, http);
    await client.request(get);
    expect(clock.sleeps).toEqual([30_000]);
  });

  it('retries a GET after a network error', async () => {
    const { client, http, clock } = setup();
    http.respond(networkError(), json(200, { id: 'u1' }));
    await expect(client.request(get)).resolves.toMatchObject({ data: { id: 'u1' } });
    expect(clock.sleeps).toHaveLength(1);
  });

  it('gives up with GraphNetworkError after the attempts', async () => {
    const { client, http } = setup({ maxAttempts: 3 });
    http.respond(networkError(), networkError(), networkError('ETIMEDOUT'));
    const error = await client.request(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
    expect(http.requests).toHaveLength(3);
  });

  it('never re-sends a POST after a network error: it may have been processed', async () => {
    const { client, http, clock } = setup();
    http.respond(networkError('ETIMEDOUT'));
    const error = await client
      .request({ method: 'POST', path: '/v1.0/x', body: {}, schema: Item })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphNetworkError);
    expect((error as Error).message).toMatch(/may still have been processed/);
    expect(http.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('re-sends a POST refused with 429, not one answered 504', async () => {
    const { client, http } = setup();
    http.respond(json(429, {}), json(201, { id: 'r1' }));
    await client.request({ method: 'POST', path: '/v1.0/x', body: {}, schema: Item });
    expect(http.requests).toHaveLength(2);
    http.respond(json(504, {}));
    await expect(
      client.request({ method: 'POST', path: '/v1.0/x', body: {}, schema: Item }),
    ).rejects.toBeInstanceOf(GraphUnavailableError);
    expect(http.requests).toHaveLength(3);
  });

  it('passes its timeout to Http', async () => {
    const { client, http } = setup({ timeoutMs: 1234 });
    http.respond(json(200, { id: 'u1' }));
    await client.request(get);
    expect(http.requests[0]!.timeoutMs).toBe(1234);
  });
});

describe('createGraphClient: 401', () => {
  it('re-acquires the token once, then succeeds', async () => {
    const { client, http, tokenCalls } = setup();
    http.respond(json(401, { error: { code: 'InvalidAuthenticationToken' } }), json(200, { id: 'u1' }));
    await client.request(get);
    expect(tokenCalls).toEqual([undefined, true]);
    expect(http.requests.map((r) => r.headers!.Authorization)).toEqual(['Bearer token-0', 'Bearer token-1']);
  });

  it('fails with GraphUnauthorizedError when the fresh token is refused too', async () => {
    const { client, http, tokenCalls } = setup();
    http.respond(
      json(401, {}),
      json(401, {
        error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' },
      }),
    );
    const error = await client.request(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphUnauthorizedError);
    expect((error as GraphUnauthorizedError).graphCode).toBe('InvalidAuthenticationToken');
    expect(tokenCalls).toEqual([undefined, true]);
    expect(http.requests).toHaveLength(2);
  });
});

describe('createGraphClient: error mapping', () => {
  it.each([
    [400, GraphBadRequestError, 'graph_bad_request'],
    [409, GraphBadRequestError, 'graph_bad_request'],
    [403, GraphForbiddenError, 'graph_forbidden'],
    [404, GraphNotFoundError, 'graph_not_found'],
    [500, GraphUnavailableError, 'graph_unavailable'],
    [418, GraphHttpError, 'graph_http_error'],
  ])('%i -> %o', async (status, ErrorClass, code) => {
    const { client, http } = setup();
    http.respond(
      json(status, {
        error: {
          code: 'Some_Code',
          message: 'Something.',
          innerError: { 'request-id': 'inner-id', date: '2025-01-01T00:00:00' },
        },
      }),
    );
    const error = await client
      .request({ ...get, path: "/v1.0/users?$filter=mail%20eq%20'secret%40x.com'" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({
      code,
      status,
      graphCode: 'Some_Code',
      graphMessage: 'Something.',
      requestId: 'inner-id',
      method: 'GET',
      path: '/v1.0/users',
    });
    expect((error as Error).message).not.toContain('secret');
    expect((error as GraphHttpError).clientRequestId).toBe(http.requests[0]!.headers!['client-request-id']);
  });

  it('takes request-id from the header before the envelope', async () => {
    const { client, http } = setup();
    http.respond(
      json(
        404,
        { error: { code: 'Request_ResourceNotFound', innerError: { 'request-id': 'inner-id' } } },
        { 'request-id': 'header-id' },
      ),
    );
    await expect(client.request(get)).rejects.toMatchObject({
      requestId: 'header-id',
      graphCode: 'Request_ResourceNotFound',
    });
  });

  it("tolerates a body that is not Graph's envelope", async () => {
    const { client, http } = setup();
    http.respond({ status: 403, text: '<html>Forbidden</html>' });
    const error = await client.request(get).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphForbiddenError);
    expect((error as GraphForbiddenError).graphCode).toBeUndefined();
    expect((error as Error).message).toMatch(/EntitlementManagement\.ReadWrite\.All/);
  });
});

describe('createGraphClient: malformed answers', () => {
  it('names the failing fields, not their values', async () => {
    const { client, http } = setup();
    http.respond(json(200, { id: 42, displayName: 'Top Secret Name' }, { 'request-id': 'rq' }));
    const schema = z.object({ id: z.string(), nested: z.object({ value: z.string() }) });
    const error = await client.request({ ...get, schema }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphMalformedResponseError);
    expect((error as Error).message).toMatch(/fields: id, nested/);
    expect((error as Error).message).not.toMatch(/42|Top Secret/);
    expect((error as GraphMalformedResponseError).details).toEqual({
      status: 200,
      requestId: 'rq',
      method: 'GET',
      path: '/v1.0/users/u1',
    });
  });

  it('rejects a 2xx body that is not JSON', async () => {
    const { client, http } = setup();
    http.respond({ status: 200, text: '{"id": "u1"' });
    await expect(client.request(get)).rejects.toBeInstanceOf(GraphMalformedResponseError);
  });
});

describe('createGraphClient: paging', () => {
  it('follows @odata.nextLink verbatim until absent', async () => {
    const { client, http } = setup();
    const next1 = `${GRAPH}/v1.0/identityGovernance/entitlementManagement/catalogs?$skiptoken=a%2Bb%3D%3D`;
    const next2 = `${GRAPH}/v1.0/identityGovernance/entitlementManagement/catalogs?$skiptoken=c`;
    http.respond(
      json(200, { value: [{ id: '1' }, { id: '2' }], '@odata.nextLink': next1 }),
      json(200, { value: [{ id: '3' }], '@odata.nextLink': next2 }),
      json(200, { value: [] }),
    );
    const items = await client.getAllPages('/v1.0/identityGovernance/entitlementManagement/catalogs', Item);
    expect(items.map((i) => i.id)).toEqual(['1', '2', '3']);
    expect(http.requests.map((r) => r.url)).toEqual([
      `${GRAPH}/v1.0/identityGovernance/entitlementManagement/catalogs`,
      next1,
      next2,
    ]);
  });

  it('does not normalise the nextLink (URL would rewrite its quote as %27)', async () => {
    const { client, http } = setup();
    const next = `${GRAPH}/v1.0/c?$filter=displayName%20eq%20'x'&$skiptoken=a`;
    http.respond(json(200, { value: [], '@odata.nextLink': next }), json(200, { value: [] }));
    await client.getAllPages('/v1.0/c', Item);
    expect(http.requests[1]!.url).toBe(next);
    expect(new URL(next).href).not.toBe(next);
  });

  it('retries a page on 429 without restarting', async () => {
    const { client, http } = setup();
    http.respond(
      json(200, { value: [{ id: '1' }], '@odata.nextLink': `${GRAPH}/v1.0/c?$skiptoken=x` }),
      json(429, {}, { 'Retry-After': '1' }),
      json(200, { value: [{ id: '2' }] }),
    );
    expect((await client.getAllPages('/v1.0/c', Item)).map((i) => i.id)).toEqual(['1', '2']);
  });

  it.each([
    'https://evil.example.com/v1.0/c?$skiptoken=x',
    'http://graph.microsoft.com/v1.0/c?$skiptoken=x',
    'https://graph.microsoft.com.evil.example/v1.0/c',
    `${GRAPH}/beta/c?$skiptoken=x`,
    'not a url',
  ])('refuses a nextLink outside the Graph origin: %s', async (nextLink) => {
    const { client, http } = setup();
    http.respond(json(200, { value: [{ id: '1' }], '@odata.nextLink': nextLink }));
    await expect(client.getAllPages('/v1.0/c', Item)).rejects.toBeInstanceOf(GraphMalformedResponseError);
    expect(http.requests).toHaveLength(1); // the token never went there
  });

  it('rejects a page whose items do not match', async () => {
    const { client, http } = setup();
    http.respond(json(200, { value: [{ id: '1' }, { nope: true }] }));
    await expect(client.getAllPages('/v1.0/c', Item)).rejects.toThrow(/fields: value\.1\.id/);
  });

  it('works with a custom cloud on a loopback port', async () => {
    const http = createFakeHttp();
    const { client } = setup(
      {
        cloud: resolveCloud({
          cloud: 'custom',
          graphBaseUrl: 'http://127.0.0.1:4010/',
          loginBaseUrl: 'http://127.0.0.1:4011',
        }),
      },
      http,
    );
    http.respond(
      json(200, { value: [{ id: '1' }], '@odata.nextLink': 'http://127.0.0.1:4010/v1.0/c?$skiptoken=2' }),
      json(200, { value: [{ id: '2' }] }),
    );
    expect(await client.getAllPages('/v1.0/c', Item)).toHaveLength(2);
    expect(http.requests[0]!.url).toBe('http://127.0.0.1:4010/v1.0/c');
  });
});

describe('createGraphClient: logging', () => {
  it('logs one graph.call per HTTP call without query, headers, token or body', async () => {
    const { client, http, clock, log } = setup();
    http.respond(json(503, {}), json(200, { id: 'u1', displayName: 'Adele' }, { 'request-id': 'rq' }));
    clock.advance(0);
    await client.request({
      method: 'POST',
      path: "/v1.0/users?$filter=mail%20eq%20'adele%40x.com'",
      body: { secretField: 'hush' },
      schema: Item,
    });
    const calls = log.events.filter((e) => e.name === 'graph.call');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.fields).toMatchObject({
      method: 'POST',
      path: '/v1.0/users',
      status: 503,
      attempt: 1,
      tenantId: TENANT,
    });
    expect(calls[1]!.fields).toMatchObject({
      method: 'POST',
      path: '/v1.0/users',
      status: 200,
      attempt: 2,
      requestId: 'rq',
    });
    expect(typeof calls[1]!.fields.ms).toBe('number');
    const logged = JSON.stringify(log.events);
    for (const forbidden of ['token-0', 'Bearer', 'adele', 'hush', 'Adele', 'secretField'])
      expect(logged).not.toContain(forbidden);
  });
});
