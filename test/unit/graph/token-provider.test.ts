import { X509Certificate } from 'node:crypto';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Credential } from '../../../src/config/schema';
import { credentialSecretKey, tokenCacheKey, type CredentialSecret } from '../../../src/config/secret-keys';
import { resolveCloud, KNOWN_CLOUDS } from '../../../src/graph/clouds';
import {
  GraphNetworkError,
  GraphUnavailableError,
  MissingSecretError,
  RetryLaterError,
  TokenRequestError,
} from '../../../src/graph/errors';
import { createTokenProvider, TOKEN_REFRESH_MARGIN_MS } from '../../../src/graph/token-provider';
import { createMemoryStore } from '../../../sandbox/adapters/memory-store';
import {
  createFakeClock,
  createFakeHttp,
  createRecordingLog,
  json,
  networkError,
  type RecordedRequest,
  type Route,
} from './support/fakes';
import { createTestCertificate, type TestCertificate } from './support/self-signed-cert';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT_ID = '0a1b2c3d-0000-4000-8000-00000000abcd';
const SECRET = 'Sup3r~Secret+/=&value';
const cloud = KNOWN_CLOUDS.global;
const secretCredential: Credential = {
  id: 'msp-app',
  displayName: 'MSP app',
  clientId: CLIENT_ID,
  kind: 'secret',
};
const certCredential: Credential = {
  id: 'msp-cert',
  displayName: 'MSP cert app',
  clientId: CLIENT_ID,
  kind: 'certificate',
};

function form(request: RecordedRequest): Record<string, string> {
  // The token endpoint reads application/x-www-form-urlencoded; we only ever send %20, so a strict
  // decode is the right check that nothing was left raw.
  return Object.fromEntries(
    request.body!.split('&').map((pair) => pair.split('=').map(decodeURIComponent) as [string, string]),
  );
}

function tokenRoute(expiresIn = 3599): Route & { issued: number } {
  const route = Object.assign(
    async () => {
      route.issued += 1;
      return json(200, {
        token_type: 'Bearer',
        expires_in: expiresIn,
        ext_expires_in: expiresIn,
        access_token: `at-${route.issued}`,
      });
    },
    { issued: 0 },
  );
  return route;
}

async function setup(options: { secret?: CredentialSecret | null; route?: Route } = {}) {
  const store = createMemoryStore();
  if (options.secret !== null)
    await store.setSecret(
      credentialSecretKey('msp-app'),
      options.secret ?? { kind: 'secret', clientSecret: SECRET },
    );
  const http = createFakeHttp(options.route ?? tokenRoute());
  const clock = createFakeClock();
  const log = createRecordingLog();
  const provider = createTokenProvider({ http, clock, store, log, random: () => 0.5 });
  return {
    store,
    http,
    clock,
    log,
    provider,
    target: { cloud, tenantId: TENANT, credential: secretCredential },
  };
}

describe('token provider: client secret', () => {
  it('posts client credentials to the tenant token endpoint, form-encoded with %-escapes', async () => {
    const { provider, http, target } = await setup();
    await expect(provider.getToken(target)).resolves.toBe('at-1');
    const [request] = http.requests;
    expect(request!.url).toBe(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
    expect(request!.method).toBe('POST');
    expect(request!.headers!['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(request!.body).toContain('scope=https%3A%2F%2Fgraph.microsoft.com%2F.default');
    expect(request!.body).not.toMatch(/[+ ]/);
    expect(form(request!)).toEqual({
      client_id: CLIENT_ID,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
      client_secret: SECRET,
    });
  });

  it("uses the cloud's own login host and Graph scope", async () => {
    const { provider, http, target } = await setup();
    await provider.getToken({ ...target, cloud: KNOWN_CLOUDS.usgovdod });
    expect(http.requests[0]!.url).toBe(`https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`);
    expect(form(http.requests[0]!).scope).toBe('https://dod-graph.microsoft.us/.default');
  });

  it('reuses the cached token until 5 minutes before expiry', async () => {
    const { provider, http, clock, target } = await setup();
    expect(await provider.getToken(target)).toBe('at-1');
    clock.advance(3599_000 - TOKEN_REFRESH_MARGIN_MS - 1);
    expect(await provider.getToken(target)).toBe('at-1');
    expect(http.requests).toHaveLength(1);
    clock.advance(1);
    expect(await provider.getToken(target)).toBe('at-2');
    expect(http.requests).toHaveLength(2);
  });

  it('runs one refresh for 10 concurrent callers', async () => {
    const { provider, http, target } = await setup();
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.getToken(target)));
    expect(new Set(tokens)).toEqual(new Set(['at-1']));
    expect(http.requests).toHaveLength(1);
  });

  it('keeps separate tokens per tenant and per cloud', async () => {
    const { provider, http, target } = await setup();
    await provider.getToken(target);
    await provider.getToken({ ...target, tenantId: '11111111-1111-4111-8111-111111111111' });
    await provider.getToken({ ...target, cloud: KNOWN_CLOUDS.usgov });
    await provider.getToken(target);
    expect(http.requests).toHaveLength(3);
  });

  it('persists the token in the secret store, where a new provider instance finds it', async () => {
    const { provider, store, http, clock, target } = await setup();
    await provider.getToken(target);
    const key = tokenCacheKey(cloud, TENANT, CLIENT_ID);
    expect(await store.getSecret(key)).toEqual({ accessToken: 'at-1', expiresAt: clock.now() + 3599_000 });
    expect(store.dump().values).toEqual({}); // never in the listable space
    const second = createTokenProvider({ http, clock, store, log: createRecordingLog() });
    expect(await second.getToken(target)).toBe('at-1');
    expect(http.requests).toHaveLength(1);
  });

  it('ignores a stored token that is stale or malformed', async () => {
    const { provider, store, clock, target } = await setup();
    const key = tokenCacheKey(cloud, TENANT, CLIENT_ID);
    await store.setSecret(key, { accessToken: 'old', expiresAt: clock.now() + TOKEN_REFRESH_MARGIN_MS });
    expect(await provider.getToken(target)).toBe('at-1');
    const other = await setup();
    await other.store.setSecret(key, { token: 'weird' });
    expect(await other.provider.getToken(other.target)).toBe('at-1');
  });

  it('forceRefresh skips both caches; invalidate forgets the token', async () => {
    const { provider, store, http, target } = await setup();
    await provider.getToken(target);
    expect(await provider.getToken({ ...target, forceRefresh: true })).toBe('at-2');
    expect(await provider.getToken(target)).toBe('at-2');
    await provider.invalidate(target);
    expect(await store.getSecret(tokenCacheKey(cloud, TENANT, CLIENT_ID))).toBeUndefined();
    expect(await provider.getToken(target)).toBe('at-3');
    expect(http.requests).toHaveLength(3);
  });

  it('separates custom clouds by their URLs', async () => {
    const { provider, http, target } = await setup();
    const a = resolveCloud({
      cloud: 'custom',
      graphBaseUrl: 'http://127.0.0.1:1001',
      loginBaseUrl: 'http://127.0.0.1:1002',
    });
    const b = resolveCloud({
      cloud: 'custom',
      graphBaseUrl: 'http://127.0.0.1:2001',
      loginBaseUrl: 'http://127.0.0.1:2002',
    });
    await provider.getToken({ ...target, cloud: a });
    await provider.getToken({ ...target, cloud: b });
    expect(http.requests.map((r) => r.url)).toEqual([
      `http://127.0.0.1:1002/${TENANT}/oauth2/v2.0/token`,
      `http://127.0.0.1:2002/${TENANT}/oauth2/v2.0/token`,
    ]);
    expect(form(http.requests[1]!).scope).toBe('http://127.0.0.1:2001/.default');
  });

  it('never logs the secret or the token', async () => {
    const { provider, log, target } = await setup();
    await provider.getToken(target);
    expect(log.events.some((e) => e.name === 'graph.token')).toBe(true);
    expect(JSON.stringify(log.events)).not.toMatch(/Sup3r|at-1/);
  });
});

describe('token provider: missing secrets', () => {
  it('says to set the secret on the admin page', async () => {
    const { provider, http, target } = await setup({ secret: null });
    const error = await provider.getToken(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingSecretError);
    expect((error as Error).message).toMatch(/MSP app.*admin page/);
    expect(http.requests).toHaveLength(0);
  });

  it('refuses a stored secret of the wrong kind', async () => {
    const { provider, target } = await setup({
      secret: { kind: 'certificate', privateKeyPem: 'x', certificatePem: 'y' },
    });
    await expect(provider.getToken(target)).rejects.toBeInstanceOf(MissingSecretError);
  });
});

describe('token provider: token endpoint errors', () => {
  const entraError = (code: number, status = 400, error = 'invalid_client') =>
    json(status, {
      error,
      error_description: `AADSTS${code}: Something about the request. Secret was ${SECRET}.\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2025-01-15 12:00:00Z`,
      error_codes: [code],
      correlation_id: 'corr-1',
    });

  it.each([
    [7000215, 'invalid_secret', /Value \(not its Secret ID\)/],
    [7000222, 'expired_secret', /expired/],
    [700016, 'app_not_in_tenant', /admin consent/],
    [7000229, 'app_not_in_tenant', /admin consent/],
    [90002, 'tenant_not_found', /tenant id and the cloud/],
    [90072, 'tenant_not_found', /tenant id and the cloud/],
    [700027, 'invalid_certificate', /certificate/],
    [700024, 'invalid_certificate', /clock/],
    [65001, 'consent_missing', /consent/],
    [500011, 'wrong_cloud', /another cloud/],
    [50000, 'unknown', /refused/],
  ])('AADSTS%i -> %s', async (code, reason, advice) => {
    const { provider, target } = await setup({ route: async () => entraError(code) });
    const error = await provider.getToken(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).details).toEqual({
      status: 400,
      reason,
      aadsts: `AADSTS${code}`,
      correlationId: 'corr-1',
    });
    expect((error as Error).message).toMatch(advice);
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).not.toContain('Trace ID');
  });

  it('reads the AADSTS code from the description when error_codes is absent', async () => {
    const { provider, target } = await setup({
      route: async () =>
        json(401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000222: The provided client secret keys are expired.',
        }),
    });
    await expect(provider.getToken(target)).rejects.toMatchObject({
      details: { reason: 'expired_secret', aadsts: 'AADSTS7000222' },
    });
  });

  it('retries 429 with Retry-After and 5xx with backoff', async () => {
    const { provider, http, clock, target } = await setup();
    http.respond(json(429, {}, { 'Retry-After': '2' }), json(503, {}), networkError());
    expect(await provider.getToken(target)).toBe('at-1');
    expect(http.requests).toHaveLength(4);
    expect(clock.sleeps).toEqual([2000, 500, 1000]);
  });

  it('gives up after the attempts with GraphUnavailableError', async () => {
    const { provider, target } = await setup({
      route: async () => json(503, { error: 'temporarily_unavailable' }),
    });
    await expect(provider.getToken(target)).rejects.toBeInstanceOf(GraphUnavailableError);
  });

  it('gives up on network errors with GraphNetworkError', async () => {
    const { provider, http, target } = await setup({ route: async () => networkError() });
    await expect(provider.getToken(target)).rejects.toBeInstanceOf(GraphNetworkError);
    expect(http.requests).toHaveLength(4);
  });

  it('turns a long Retry-After into RetryLaterError', async () => {
    const { provider, clock, target } = await setup({
      route: async () => json(429, {}, { 'Retry-After': '300' }),
    });
    await expect(provider.getToken(target)).rejects.toSatisfy(
      (e) => e instanceof RetryLaterError && e.delayMs === 300_000,
    );
    expect(clock.sleeps).toEqual([]);
  });

  it('rejects a 200 without an access token', async () => {
    const { provider, target } = await setup({ route: async () => json(200, { token_type: 'Bearer' }) });
    await expect(provider.getToken(target)).rejects.toMatchObject({ details: { reason: 'unknown' } });
  });

  it('clears the in-flight refresh after a failure so the next call tries again', async () => {
    const { provider, http, target } = await setup();
    http.respond(entraError(7000215));
    await expect(provider.getToken(target)).rejects.toBeInstanceOf(TokenRequestError);
    await expect(provider.getToken(target)).resolves.toBe('at-1');
  });
});

describe('token provider: certificate', () => {
  let cert: TestCertificate;
  beforeAll(async () => {
    cert = await createTestCertificate();
  });

  it('sends a client assertion signed with the key, carrying x5t and x5t#S256', async () => {
    const { provider, http, clock, store } = await setup({ secret: null });
    await store.setSecret(credentialSecretKey('msp-cert'), {
      kind: 'certificate',
      privateKeyPem: cert.privateKeyPem,
      certificatePem: cert.certificatePem,
    });
    await provider.getToken({ cloud, tenantId: TENANT, credential: certCredential });
    const fields = form(http.requests[0]!);
    expect(fields.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(fields.client_secret).toBeUndefined();
    const endpoint = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
    const { payload, protectedHeader } = await jwtVerify(
      fields.client_assertion!,
      await importSPKI(cert.publicKeyPem, 'RS256'),
      {
        audience: endpoint,
        issuer: CLIENT_ID,
        subject: CLIENT_ID,
        currentDate: new Date(clock.now()),
        algorithms: ['RS256'],
      },
    );
    const issued = Math.floor(clock.now() / 1000);
    expect(payload).toMatchObject({ nbf: issued, iat: issued, exp: issued + 600 });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    // x5t checked against node's own SHA-1 fingerprint of the certificate.
    const x509 = new X509Certificate(cert.certificatePem);
    const sha1 = Buffer.from(x509.fingerprint.replace(/:/g, ''), 'hex').toString('base64url');
    const sha256 = Buffer.from(x509.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', x5t: sha1, 'x5t#S256': sha256 });
    expect(decodeProtectedHeader(fields.client_assertion!).x5t).toBe(sha1);
  });

  it('gives each assertion its own jti', async () => {
    const { provider, http, store } = await setup({ secret: null });
    await store.setSecret(credentialSecretKey('msp-cert'), {
      kind: 'certificate',
      privateKeyPem: cert.privateKeyPem,
      certificatePem: cert.certificatePem,
    });
    const target = { cloud, tenantId: TENANT, credential: certCredential };
    await provider.getToken(target);
    await provider.getToken({ ...target, forceRefresh: true });
    const jtis = http.requests.map(
      (r) => JSON.parse(Buffer.from(form(r).client_assertion!.split('.')[1]!, 'base64url').toString()).jti,
    );
    expect(new Set(jtis).size).toBe(2);
  });

  it('never puts the assertion in an error message', async () => {
    const { provider, http, store } = await setup({
      secret: null,
      route: async (request) =>
        json(401, {
          error: 'invalid_client',
          error_description: `AADSTS700027: bad assertion ${form(request).client_assertion}`,
          error_codes: [700027],
        }),
    });
    await store.setSecret(credentialSecretKey('msp-cert'), {
      kind: 'certificate',
      privateKeyPem: cert.privateKeyPem,
      certificatePem: cert.certificatePem,
    });
    const error = await provider
      .getToken({ cloud, tenantId: TENANT, credential: certCredential })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ details: { reason: 'invalid_certificate' } });
    const assertion = form(http.requests[0]!).client_assertion!;
    expect((error as Error).message).not.toContain(assertion);
    expect((error as Error).message).toContain('[redacted]');
  });

  it('explains an unreadable key or certificate without echoing it', async () => {
    const { provider, store } = await setup({ secret: null });
    await store.setSecret(credentialSecretKey('msp-cert'), {
      kind: 'certificate',
      privateKeyPem: 'garbage-key-material',
      certificatePem: cert.certificatePem,
    });
    const target = { cloud, tenantId: TENANT, credential: certCredential };
    await expect(provider.getToken(target)).rejects.toThrow(/private key could not be read/);
    await expect(provider.getToken(target)).rejects.not.toThrow(/garbage/);
    await store.setSecret(credentialSecretKey('msp-cert'), {
      kind: 'certificate',
      privateKeyPem: cert.privateKeyPem,
      certificatePem: 'nope',
    });
    await expect(provider.getToken(target)).rejects.toThrow(/BEGIN CERTIFICATE/);
  });
});
