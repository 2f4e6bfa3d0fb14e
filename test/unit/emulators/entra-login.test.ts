import { createHash, generateKeyPairSync, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, importPKCS8, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_BEARER, startEntraLogin, type EntraLogin } from '../../../sandbox/emulators/entra-login';
import { manualClock, type JsonBody } from './helpers';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const CERT_PEM = fixture('test-app.cert.pem');
const KEY_PEM = fixture('test-app.key.pem');
const X5T = createHash('sha1').update(new X509Certificate(CERT_PEM).raw).digest('base64url');
const GRAPH = 'https://graph.example.test';

describe('Entra login emulator', () => {
  const clock = manualClock();
  let login: EntraLogin;
  const tenant = randomUUID();
  const app = {
    clientId: randomUUID(),
    secret: 'Zx8Q~a+b/c=d',
    roles: ['EntitlementManagement.ReadWrite.All'],
  };
  const certApp = randomUUID();

  beforeAll(async () => {
    login = await startEntraLogin({ now: clock.now, tokenLifetimeSeconds: 3600 });
    login.addTenant(tenant);
    login.allowResource(GRAPH);
    login.registerApp(tenant, app);
    login.registerApp(tenant, { clientId: certApp, certificatePem: CERT_PEM, roles: ['User.Read.All'] });
  });
  afterAll(() => login.close());

  const post = async (
    form: Record<string, string>,
    tenantId = tenant,
    contentType = 'application/x-www-form-urlencoded',
  ) => {
    const body = Object.entries(form)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    const res = await fetch(login.tokenEndpoint(tenantId), {
      method: 'POST',
      headers: { 'Content-Type': contentType },
      body,
    });
    return { status: res.status, body: (await res.json()) as Record<string, JsonBody> };
  };
  const secretForm = (over: Record<string, string> = {}) => ({
    grant_type: 'client_credentials',
    client_id: app.clientId,
    client_secret: app.secret,
    scope: `${GRAPH}/.default`,
    ...over,
  });
  const assertion = async (
    claims: Record<string, unknown> = {},
    options: { key?: Parameters<SignJWT['sign']>[0]; alg?: string; x5t?: string; aud?: string } = {},
  ) => {
    const key = options.key ?? (await importPKCS8(KEY_PEM, options.alg ?? 'RS256'));
    const now = Math.floor(clock.now() / 1000);
    return new SignJWT({ jti: randomUUID(), ...claims })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', typ: 'JWT', x5t: options.x5t ?? X5T })
      .setIssuer(certApp)
      .setSubject(certApp)
      .setAudience(options.aud ?? login.tokenEndpoint(tenant))
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 600)
      .sign(key);
  };
  const assertionForm = (clientAssertion: string) => ({
    grant_type: 'client_credentials',
    client_id: certApp,
    client_assertion_type: JWT_BEARER,
    client_assertion: clientAssertion,
    scope: `${GRAPH}/.default`,
  });

  it('issues a v1.0 RS256 access token for a correct secret', async () => {
    const { status, body } = await post(secretForm());
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    const header = decodeProtectedHeader(body.access_token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({
      aud: GRAPH,
      iss: `https://sts.windows.net/${tenant}/`,
      tid: tenant,
      appid: app.clientId,
      azp: app.clientId,
      oid: login.servicePrincipalId(tenant, app.clientId),
      roles: app.roles,
      ver: '1.0',
      iat: clock.now() / 1000,
      exp: clock.now() / 1000 + 3600,
    });
    // The JWKS served over HTTP verifies it.
    const jwks = (await (await fetch(login.jwksUri(tenant))).json()) as {
      keys: { kid: string; use: string }[];
    };
    expect(jwks.keys[0]).toMatchObject({ kid: header.kid, use: 'sig', kty: 'RSA' });
    const v1 = await fetch(`${login.url}/${tenant}/discovery/keys`);
    expect(v1.status).toBe(200);
    await expect(
      jwtVerify(body.access_token, createLocalJWKSet(jwks as never), {
        audience: GRAPH,
        currentDate: new Date(clock.now()),
      }),
    ).resolves.toBeTruthy();
    await expect(login.verifyAccessToken(body.access_token, GRAPH)).resolves.toMatchObject({ tid: tenant });
  });

  it('reads the form as form encoding: a raw + in the secret is a space, so it fails', async () => {
    const raw = `grant_type=client_credentials&client_id=${app.clientId}&client_secret=${app.secret}&scope=${encodeURIComponent(`${GRAPH}/.default`)}`;
    const res = await fetch(login.tokenEndpoint(tenant), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: raw,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error_codes: number[] }).error_codes).toEqual([7000215]);
  });

  it('refuses a wrong secret with Entra’s error shape, never echoing the secret', async () => {
    const { status, body } = await post(secretForm({ client_secret: 'wrong-secret-value' }));
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(body.error_description).toMatch(
      /^AADSTS7000215: Invalid client secret provided\..* Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/,
    );
    expect(body).toHaveProperty('trace_id');
    expect(body).toHaveProperty('correlation_id');
    expect(body).toHaveProperty('timestamp');
    expect(JSON.stringify(body)).not.toContain('wrong-secret-value');
  });

  it('refuses an expired secret with AADSTS7000222', async () => {
    const id = randomUUID();
    login.registerApp(tenant, { clientId: id, secret: 's3cret', secretExpiresAt: clock.now() - 1 });
    const { status, body } = await post(secretForm({ client_id: id, client_secret: 's3cret' }));
    expect(status).toBe(401);
    expect(body.error_codes).toEqual([7000222]);
  });

  it.each([
    ['unknown tenant', () => ({ tenantId: randomUUID(), form: secretForm() }), 400, 'invalid_request', 90002],
    [
      'unknown app',
      () => ({ tenantId: tenant, form: secretForm({ client_id: randomUUID() }) }),
      400,
      'unauthorized_client',
      700016,
    ],
    [
      'scope not allowed',
      () => ({ tenantId: tenant, form: secretForm({ scope: 'https://other.example/.default' }) }),
      400,
      'invalid_resource',
      500011,
    ],
    [
      'scope without /.default',
      () => ({ tenantId: tenant, form: secretForm({ scope: `${GRAPH}/User.Read.All` }) }),
      400,
      'invalid_scope',
      1002012,
    ],
    [
      'other grant type',
      () => ({ tenantId: tenant, form: secretForm({ grant_type: 'password' }) }),
      400,
      'unsupported_grant_type',
      70003,
    ],
    [
      'no credential',
      () => ({
        tenantId: tenant,
        form: { grant_type: 'client_credentials', client_id: app.clientId, scope: `${GRAPH}/.default` },
      }),
      401,
      'invalid_client',
      7000218,
    ],
  ])('%s -> %s %s AADSTS%s', async (_name, make, status, error, code) => {
    const { tenantId, form } = make();
    const res = await post(form, tenantId);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error, error_codes: [code] });
  });

  it('refuses a JSON body: the endpoint reads form encoding only', async () => {
    const res = await fetch(login.tokenEndpoint(tenant), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(secretForm()),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_codes: number[] }).error_codes).toEqual([900144]);
  });

  it('refuses an app without admin consent (no service principal): AADSTS7000229', async () => {
    const id = randomUUID();
    login.registerApp(tenant, { clientId: id, secret: 'x', consented: false });
    const { status, body } = await post(secretForm({ client_id: id, client_secret: 'x' }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_client', error_codes: [7000229] });
  });

  it('omits roles when no application permission is granted', async () => {
    const id = randomUUID();
    login.registerApp(tenant, { clientId: id, secret: 'x' });
    const { body } = await post(secretForm({ client_id: id, client_secret: 'x' }));
    expect(decodeJwt(body.access_token)).not.toHaveProperty('roles');
  });

  it('accepts a client assertion signed by the registered certificate (RS256 and PS256), once', async () => {
    const signed = await assertion();
    const ok = await post(assertionForm(signed));
    expect(ok.status).toBe(200);
    expect(decodeJwt(ok.body.access_token)).toMatchObject({
      appid: certApp,
      appidacr: '2',
      roles: ['User.Read.All'],
    });
    const replay = await post(assertionForm(signed));
    expect(replay.status).toBe(401);
    expect(replay.body.error_codes).toEqual([700027]);
    expect(replay.body.error_description).toContain('replay');
    const ps = await post(assertionForm(await assertion({}, { alg: 'PS256' })));
    expect(ps.status).toBe(200);
  });

  it('accepts an SPKI public key as the registered credential', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const id = randomUUID();
    login.registerApp(tenant, {
      clientId: id,
      certificatePem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    });
    const now = Math.floor(clock.now() / 1000);
    const signed = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(id)
      .setSubject(id)
      .setAudience(login.tokenEndpoint(tenant))
      .setExpirationTime(now + 300)
      .sign(privateKey);
    const res = await post({ ...assertionForm(signed), client_id: id });
    expect(res.status).toBe(200);
  });

  it.each([
    [
      'a bad signature',
      async () =>
        assertion({}, { key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, x5t: X5T }),
      'signature',
    ],
    [
      'the wrong audience',
      async () => assertion({}, { aud: `${login.url}/common/oauth2/v2.0/token` }),
      'audience',
    ],
    [
      'another certificate thumbprint',
      async () => assertion({}, { x5t: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
      'key was not found',
    ],
    [
      'an expired assertion',
      async () => {
        const signed = await assertion();
        clock.advance(3_600_000);
        return signed;
      },
      'expired',
    ],
  ])('refuses a client assertion with %s: AADSTS700027', async (_name, make, reason) => {
    const signed = await make();
    const res = await post(assertionForm(signed));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client', error_codes: [700027] });
    expect(res.body.error_description.toLowerCase()).toContain(reason);
  });

  it('rotates keys: the old kid verifies until dropped, new tokens use the new kid', async () => {
    const first = (await post(secretForm())).body.access_token as string;
    login.rotateKeys(tenant);
    const second = (await post(secretForm())).body.access_token as string;
    expect(decodeProtectedHeader(second).kid).not.toBe(decodeProtectedHeader(first).kid);
    const jwks = (await (await fetch(login.jwksUri(tenant))).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(2);
    await expect(login.verifyAccessToken(first, GRAPH)).resolves.toBeTruthy();
    login.dropOldKeys(tenant);
    await expect(login.verifyAccessToken(first, GRAPH)).rejects.toMatchObject({ reason: 'unknown_key' });
    await expect(login.verifyAccessToken(second, GRAPH)).resolves.toBeTruthy();
  });

  it('verifyAccessToken checks audience, expiry and the signing tenant', async () => {
    const token = (await post(secretForm())).body.access_token as string;
    await expect(login.verifyAccessToken(token, 'https://other.example')).rejects.toMatchObject({
      reason: 'wrong_audience',
    });
    await expect(
      login.verifyAccessToken(token, GRAPH, { nowMs: clock.now() + 3_700_000 }),
    ).rejects.toMatchObject({ reason: 'expired' });
    // A token signed with a key the named tenant does not have (here: tenant's rotated key) fails.
    const other = randomUUID();
    login.addTenant(other);
    login.rotateKeys(tenant);
    const forged = await login.issueToken(tenant, {
      aud: GRAPH,
      tid: other,
      iss: `https://sts.windows.net/${other}/`,
    });
    await expect(login.verifyAccessToken(forged, GRAPH)).rejects.toMatchObject({ reason: 'unknown_key' });
  });

  it('issueToken signs arbitrary claims for other emulators (a relay managed identity)', async () => {
    const token = await login.issueToken(tenant, {
      aud: 'api://access-bridge',
      appid: 'relay-mi',
      oid: 'mi-oid',
    });
    const claims = await login.verifyAccessToken(token, 'api://access-bridge');
    expect(claims).toMatchObject({
      iss: `https://sts.windows.net/${tenant}/`,
      tid: tenant,
      appid: 'relay-mi',
      ver: '1.0',
    });
  });

  it('answers 400 for the JWKS of an unknown tenant and counts token requests', async () => {
    const res = await fetch(login.jwksUri(randomUUID()));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
    expect(login.stats.tokenRequests).toBeGreaterThan(10);
  });
});
