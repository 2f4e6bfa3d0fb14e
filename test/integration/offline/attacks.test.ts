// The web trigger under attack: every forged, stale, misdirected or malformed call is answered
// 401, 400 or 413, queues nothing, and leaves an audit entry (without the token). Signing keys
// are the login emulator's; attacker keys are made here.
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { base64url, decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { CONTOSO, FABRIKAM } from '../../../sandbox/demo-data';
import type { ForwardedRequest } from '../../../sandbox/emulators/relay';
import { MAX_BODY_BYTES } from '../../../src/entra/receive-callout';
import type { AuditEntry } from '../../../src/core/audit';
import { startOfflineWorld, type OfflineWorld } from './offline-world';

let w: OfflineWorld;
beforeAll(async () => {
  w = await startOfflineWorld();
  // Warm the key cache once, as any earlier callout would have.
  expect((await w.deliver('contoso', fresh())).statusCode).toBe(202);
});
afterAll(() => w.close());

const nowSeconds = () => Math.floor(w.clock.now() / 1000);
const fresh = () =>
  w.hold({ tenant: 'contoso', packageId: w.offline.contoso.packages.erp, userId: w.demo.users.adele! })
    .callout;

async function validRequest(): Promise<{
  request: ForwardedRequest;
  token: string;
  claims: JWTPayload;
  kid: string;
}> {
  const request = await w.forward('contoso', fresh());
  const token = request.headers.authorization![0]!.slice('Bearer '.length);
  return { request, token, claims: decodeJwt(token), kid: decodeProtectedHeader(token).kid! };
}

const withToken = (request: ForwardedRequest, token: string): ForwardedRequest => ({
  ...request,
  headers: { ...request.headers, authorization: [`Bearer ${token}`] },
});

/** The rolled-up refusal entries (finding 11.7), by tenant and action: their calls by reason. */
async function rollups(): Promise<Map<string, AuditEntry>> {
  const entries = (await w.audit()).filter((e) => e.count !== undefined);
  return new Map(entries.map((e) => [`${e.tenantId ?? 'unknown'}|${e.action}|${e.firstAt}`, e]));
}

/**
 * Sends, then checks: the status, nothing queued, no token in the audit or the log, and the
 * refusal on record: a 401 (anyone can send one) is counted in its rolled-up entry, a refusal of
 * a verified relay's body is an entry of its own. Returns the entry, with the reason as detail.
 */
async function expectRefused(request: ForwardedRequest, status: 401 | 400 | 413, action: string) {
  const queued = w.queue.pushed.length;
  const audited = (await w.audit()).length;
  const counted = await rollups();
  w.clock.advance(1); // the audit trail sorts by time: this entry is the newest
  const response = await w.receive(request);
  expect(response.statusCode).toBe(status);
  expect(w.queue.pushed.length).toBe(queued);
  const entries = await w.audit();
  let entry: AuditEntry;
  if (status === 401) {
    // One more call in one rolled-up entry; no new individual entry.
    const changed = [...(await rollups())].filter(([k, e]) => e.count !== counted.get(k)?.count);
    expect(changed).toHaveLength(1);
    const [key, rolled] = changed[0]!;
    expect(rolled.count).toBe((counted.get(key)?.count ?? 0) + 1);
    expect(entries.length).toBe(audited + (counted.has(key) ? 0 : 1));
    const reason = Object.entries(rolled.reasons ?? {}).find(
      ([r, n]) => n !== (counted.get(key)?.reasons?.[r] ?? 0),
    )![0];
    entry = { ...rolled, detail: reason };
  } else {
    expect(entries.length).toBe(audited + 1);
    entry = entries[0]!;
  }
  expect(entry).toMatchObject({ kind: 'callout', outcome: 'refused', action });
  const token = request.headers.authorization?.[0]?.replace(/^Bearer /i, '');
  if (token && token.length > 20) {
    expect(JSON.stringify(entries)).not.toContain(token);
    expect(JSON.stringify(w.log.events)).not.toContain(token);
  }
  return entry;
}

describe('who may call: the token', () => {
  beforeEach(() => {
    // Stay well inside the 5-minute refetch window of the warm-up.
    expect(w.jwksFetches()).toBeGreaterThan(0);
  });

  it('no token', async () => {
    const { request } = await validRequest();
    const { authorization: _dropped, ...headers } = request.headers;
    const entry = await expectRefused({ ...request, headers }, 401, 'callout.unauthorized');
    expect(entry.detail).toBe('no Authorization header');
  });

  it('not a bearer JWT: garbage, another scheme, two Authorization headers', async () => {
    const { request, token } = await validRequest();
    await expectRefused(withToken(request, 'not-a-jwt'), 401, 'callout.unauthorized');
    await expectRefused(
      { ...request, headers: { ...request.headers, authorization: [`Basic ${token}`] } },
      401,
      'callout.unauthorized',
    );
    await expectRefused(
      { ...request, headers: { ...request.headers, authorization: [`Bearer ${token}`, `Bearer ${token}`] } },
      401,
      'callout.unauthorized',
    );
  });

  it('malformed token: three parts that are not JSON', async () => {
    const { request } = await validRequest();
    const entry = await expectRefused(
      withToken(request, 'aGVsbG8.d29ybGQ.c2ln'),
      401,
      'callout.unauthorized',
    );
    expect(entry.detail).toBe('malformed token');
  });

  it('alg: none', async () => {
    const { request, claims, kid } = await validRequest();
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid }));
    const payload = base64url.encode(JSON.stringify(claims));
    const entry = await expectRefused(
      withToken(request, `${header}.${payload}.`),
      401,
      'callout.unauthorized',
    );
    expect(entry.detail).toBe('algorithm not allowed');
  });

  it("HS256 signed with the tenant's RSA public key as the HMAC secret", async () => {
    const { request, claims, kid } = await validRequest();
    const jwks = JSON.parse(
      await (await w.ports.http.fetch(w.login.jwksUri(CONTOSO), { method: 'GET' })).text(),
    ) as { keys: { kid: string }[] };
    const jwk = jwks.keys.find((k) => k.kid === kid)!;
    const pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({
      type: 'spki',
      format: 'pem',
    }) as string;
    for (const secret of [pem, pem.trim(), JSON.stringify(jwk)]) {
      const forged = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
        .sign(new TextEncoder().encode(secret));
      const entry = await expectRefused(withToken(request, forged), 401, 'callout.unauthorized');
      expect(entry.detail).toBe('algorithm not allowed');
    }
  });

  it('unknown key id: refused, and a flood of invented kids costs at most one JWKS fetch per 5 minutes', async () => {
    const { request, claims } = await validRequest();
    const { privateKey } = await generateKeyPair('RS256');
    const before = w.jwksFetches();
    for (let i = 0; i < 30; i++) {
      const forged = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: `attacker-${i}` })
        .sign(privateKey);
      const entry = await expectRefused(withToken(request, forged), 401, 'callout.unauthorized');
      expect(entry.detail).toBe('unknown signing key');
    }
    expect(w.jwksFetches() - before).toBeLessThanOrEqual(1);
    // Five minutes on: one more fetch for the next 30, not 30.
    w.clock.advance(5 * 60_000);
    const { request: later, claims: laterClaims } = await validRequest();
    const mid = w.jwksFetches();
    for (let i = 0; i < 30; i++) {
      const forged = await new SignJWT(laterClaims)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: `attacker-late-${i}` })
        .sign(privateKey);
      await expectRefused(withToken(later, forged), 401, 'callout.unauthorized');
    }
    expect(w.jwksFetches() - mid).toBe(1);
  });

  it("a real key id, but signed with the attacker's key", async () => {
    const { request, claims, kid } = await validRequest();
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
      .sign(privateKey);
    const entry = await expectRefused(withToken(request, forged), 401, 'callout.unauthorized');
    expect(entry.detail).toMatch(/^token rejected/);
  });

  it('expired (beyond the 2-minute skew); within the skew it is taken', async () => {
    const t = nowSeconds();
    const expired = await w.forward('contoso', fresh(), { iat: t - 7200, nbf: t - 7200, exp: t - 600 });
    await expectRefused(expired, 401, 'callout.unauthorized');
    const justExpired = await w.forward('contoso', fresh(), { iat: t - 3600, nbf: t - 3600, exp: t - 60 });
    expect((await w.receive(justExpired)).statusCode).toBe(202);
  });

  it('not yet valid', async () => {
    const t = nowSeconds();
    await expectRefused(
      await w.forward('contoso', fresh(), { iat: t, nbf: t + 3600, exp: t + 7200 }),
      401,
      'callout.unauthorized',
    );
  });

  it('wrong issuer; both the v1 and the v2 issuer of the right tenant are taken', async () => {
    await expectRefused(
      await w.forward('contoso', fresh(), { iss: `https://sts.windows.net/${FABRIKAM}/` }),
      401,
      'callout.unauthorized',
    );
    await expectRefused(
      await w.forward('contoso', fresh(), { iss: 'https://evil.example/' }),
      401,
      'callout.unauthorized',
    );
    const v2 = await w.forward('contoso', fresh(), {
      iss: `https://login.microsoftonline.com/${CONTOSO}/v2.0`,
      ver: '2.0',
    });
    expect((await w.receive(v2)).statusCode).toBe(202);
  });

  it("a configured tenant's token for another tenant's callout", async () => {
    // Contoso's relay token, sent to Fabrikam's URL (?tenant=FABRIKAM) with a Fabrikam callout.
    const held = w.hold({
      tenant: 'fabrikam',
      packageId: w.offline.fabrikam.packages.rnd,
      userId: w.demo.users.ines!,
    });
    const fabrikamRequest = await w.forward('fabrikam', held.callout);
    const contosoToken = (await w.forward('contoso', held.callout)).headers.authorization![0]!;
    const entry = await expectRefused(
      { ...fabrikamRequest, headers: { ...fabrikamRequest.headers, authorization: [contosoToken] } },
      401,
      'callout.unauthorized',
    );
    expect(entry.detail).toBe("token's tenant differs from the callout's tenant");
    expect(entry.tenantId).toBe(FABRIKAM);
    // Even with Fabrikam's relay identity in the claims, Contoso's tenant stays Contoso's.
    const dressedUp = await w.forward('contoso', held.callout, { oid: w.offline.fabrikam.relay.objectId });
    await expectRefused(
      { ...dressedUp, queryParameters: { tenant: [FABRIKAM] } },
      401,
      'callout.unauthorized',
    );
  });

  it('no tenant, an unknown tenant, or two tenants in the URL', async () => {
    const { request } = await validRequest();
    await expectRefused({ ...request, queryParameters: {} }, 401, 'callout.unauthorized');
    await expectRefused(
      { ...request, queryParameters: { tenant: ['33333333-3333-4333-8333-333333333333'] } },
      401,
      'callout.unauthorized',
    );
    await expectRefused(
      { ...request, queryParameters: { tenant: [CONTOSO, CONTOSO] } },
      401,
      'callout.unauthorized',
    );
    await expectRefused(
      { ...request, queryParameters: { tenant: ['../../evil'] } },
      401,
      'callout.unauthorized',
    );
  });

  it('wrong audience', async () => {
    for (const aud of [
      'https://graph.microsoft.com',
      `api://${w.offline.contoso.audience}`,
      w.offline.fabrikam.audience,
    ]) {
      const entry = await expectRefused(
        await w.forward('contoso', fresh(), { aud }),
        401,
        'callout.unauthorized',
      );
      expect(entry.detail).toMatch(/aud/);
    }
  });

  it('wrong oid, wrong appid (another managed identity of the same tenant)', async () => {
    const other = '99999999-9999-4999-8999-999999999999';
    const e1 = await expectRefused(
      await w.forward('contoso', fresh(), { oid: other, sub: other }),
      401,
      'callout.unauthorized',
    );
    expect(e1.detail).toBe('caller is not the configured relay identity');
    const e2 = await expectRefused(
      await w.forward('contoso', fresh(), { appid: other }),
      401,
      'callout.unauthorized',
    );
    expect(e2.detail).toBe('caller application is not the configured relay identity');
    const e3 = await expectRefused(
      await w.forward('contoso', fresh(), { appid: undefined, azp: other }),
      401,
      'callout.unauthorized',
    );
    expect(e3.detail).toBe('caller application is not the configured relay identity');
  });

  it('tampered payload: claims changed after signing', async () => {
    const { request, token } = await validRequest();
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as JWTPayload;
    const tampered = `${header}.${base64url.encode(JSON.stringify({ ...claims, exp: (claims.exp ?? 0) + 86_400 }))}.${signature}`;
    const entry = await expectRefused(withToken(request, tampered), 401, 'callout.unauthorized');
    expect(entry.detail).toMatch(/signature/i);
  });
});

describe('what may be sent: the body (with a valid token)', () => {
  it('oversized body: 413', async () => {
    const request = await w.forward('contoso', { ...fresh(), Justification: 'x'.repeat(MAX_BODY_BYTES) });
    await expectRefused(request, 413, 'callout.too-large');
  });

  it('body that is not JSON: 400', async () => {
    for (const body of ['', '{"Stage":', 'Stage=assignmentRequestApproved', '\u0000\u0001']) {
      const entry = await expectRefused(await w.forward('contoso', body), 400, 'callout.malformed');
      expect(entry.detail).toMatch(/^body is not JSON/);
    }
  });

  it('JSON that is not a callout: 400', async () => {
    for (const body of [
      '[]',
      '"assignmentRequestApproved"',
      '42',
      'null',
      '{}',
      '{"Stage": 7}',
      '{"foo": "bar"}',
      '{"__proto__": {"Stage": "assignmentRequestApproved"}}',
    ]) {
      await expectRefused(await w.forward('contoso', body), 400, 'callout.malformed');
    }
    const held = fresh();
    await expectRefused(
      await w.forward('contoso', { ...held, AccessPackageAssignmentRequestId: 'not-a-guid' }),
      400,
      'callout.malformed',
    );
    const { CustomExtensionStageInstanceId: _gone, ...incomplete } = held;
    await expectRefused(await w.forward('contoso', incomplete), 400, 'callout.incomplete');
  });
});

describe('signing key rotation', () => {
  it('a new key is taken after one refetch; a dropped key is refused once the key set is fetched again', async () => {
    w.clock.advance(5 * 60_000);
    const t = nowSeconds();
    // A token signed with the current key, valid for three hours.
    const oldKeyToken = await w.forward('contoso', fresh(), { iat: t, nbf: t, exp: t + 3 * 3600 });
    w.login.rotateKeys(CONTOSO);
    const before = w.jwksFetches();
    const newKey = await w.forward('contoso', fresh());
    expect(decodeProtectedHeader(newKey.headers.authorization![0]!.slice(7)).kid).not.toBe(
      decodeProtectedHeader(oldKeyToken.headers.authorization![0]!.slice(7)).kid,
    );
    expect((await w.receive(newKey)).statusCode).toBe(202);
    expect(w.jwksFetches() - before).toBe(1);
    // Overlap: both keys are published, the old one still verifies.
    expect((await w.receive(await w.forward('contoso', fresh()))).statusCode).toBe(202);
    w.login.dropOldKeys(CONTOSO);
    // Within the hour the cached set still holds the old key; after it, the set is fetched again.
    w.clock.advance(60 * 60_000);
    const entry = await expectRefused(
      { ...oldKeyToken, body: JSON.stringify(fresh()) },
      401,
      'callout.unauthorized',
    );
    expect(entry.detail).toBe('unknown signing key');
    expect(w.jwksFetches() - before).toBe(2);
    expect((await w.receive(await w.forward('contoso', fresh()))).statusCode).toBe(202);
  });
});

describe('when the keys cannot be read', () => {
  it('answers 503 (the relay retries), queues nothing, and does not hammer the login host', async () => {
    w.clock.advance(61 * 60_000); // the cached set is stale
    w.setJwksFailure(503);
    try {
      const before = w.jwksFetches();
      const queued = w.queue.pushed.length;
      for (let i = 0; i < 5; i++) expect((await w.deliver('contoso', fresh())).statusCode).toBe(503);
      expect(w.jwksFetches() - before).toBe(1);
      expect(w.queue.pushed.length).toBe(queued);
      expect((await w.audit())[0]).toMatchObject({
        outcome: 'failed',
        action: 'callout.keys-unavailable',
        count: 5,
      });
    } finally {
      w.setJwksFailure(undefined);
    }
    w.clock.advance(5 * 60_000);
    expect((await w.deliver('contoso', fresh())).statusCode).toBe(202);
  });
});
