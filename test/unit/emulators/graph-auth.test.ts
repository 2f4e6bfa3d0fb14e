import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EM, startHarness, type Harness, type JsonBody } from './helpers';

describe('Graph emulator: authentication and roles', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const a = h.graph.tenant(h.tenantA);
    a.addAccessPackage({
      catalogId: a.addCatalog({ displayName: 'A catalog' }).id,
      displayName: 'Tenant A package',
    });
    const b = h.graph.tenant(h.tenantB);
    b.addAccessPackage({
      catalogId: b.addCatalog({ displayName: 'B catalog' }).id,
      displayName: 'Tenant B package',
    });
  });
  afterAll(() => h.close());

  const expectGraphError = (
    res: { status: number; body: JsonBody; headers: Headers },
    status: number,
    code: string,
  ) => {
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.innerError).toMatchObject({
      'request-id': res.headers.get('request-id'),
      'client-request-id': expect.any(String),
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  };

  it('401 InvalidAuthenticationToken without a token', async () => {
    const res = await fetch(`${h.graph.url}${EM}/accessPackages`);
    const body = (await res.json()) as JsonBody;
    expect(res.status).toBe(401);
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(body.error.message).toBe('Access token is empty.');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });

  it('401 for a malformed token, a token for another audience, and an expired token', async () => {
    expectGraphError(await h.get(`${EM}/accessPackages`, 'not-a-jwt'), 401, 'InvalidAuthenticationToken');
    const otherAudience = await h.login.issueToken(h.tenantA, {
      aud: 'https://graph.microsoft.com',
      roles: ['EntitlementManagement.Read.All'],
    });
    const wrongAud = await h.get(`${EM}/accessPackages`, otherAudience);
    expectGraphError(wrongAud, 401, 'InvalidAuthenticationToken');
    expect(wrongAud.body.error.message).toContain('Invalid audience');
    const token = await h.token();
    h.clock.advance(3600 * 1000);
    const expired = await h.get(`${EM}/accessPackages`, token);
    h.clock.advance(-3600 * 1000);
    expectGraphError(expired, 401, 'InvalidAuthenticationToken');
    expect(expired.body.error.message).toContain('expired');
  });

  it('401 for a token signed by a key the tenant never had', async () => {
    const token = await h.token();
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('x'.repeat(256)).toString('base64url')}`;
    expectGraphError(await h.get(`${EM}/accessPackages`, forged), 401, 'InvalidAuthenticationToken');
  });

  it("a tenant's token sees only that tenant's data", async () => {
    const a = await h.get(`${EM}/accessPackages`, await h.token(h.tenantA));
    const b = await h.get(`${EM}/accessPackages`, await h.token(h.tenantB));
    expect(a.body.value.map((p: JsonBody) => p.displayName)).toEqual(['Tenant A package']);
    expect(b.body.value.map((p: JsonBody) => p.displayName)).toEqual(['Tenant B package']);
    const bPackage = b.body.value[0].id;
    expect((await h.get(`${EM}/accessPackages/${bPackage}`, await h.token(h.tenantA))).status).toBe(404);
    expect(h.graph.counters.byTenant[h.tenantA]).toBeGreaterThan(0);
  });

  it('403 Authorization_RequestDenied without the needed application permission', async () => {
    const noRoles = await h.token(h.tenantA, ['Group.Read.All']);
    const readOnly = await h.token(h.tenantA, ['EntitlementManagement.Read.All']);
    const denied = await h.get(`${EM}/accessPackages`, noRoles);
    expectGraphError(denied, 403, 'Authorization_RequestDenied');
    expect(denied.body.error.message).toBe('Insufficient privileges to complete the operation.');
    expect((await h.get(`${EM}/accessPackages`, readOnly)).status).toBe(200);
    const post = await h.post(
      `${EM}/assignmentRequests`,
      { requestType: 'adminAdd', assignment: {} },
      readOnly,
    );
    expectGraphError(post, 403, 'Authorization_RequestDenied');
    expectGraphError(await h.get('/v1.0/users', readOnly), 403, 'Authorization_RequestDenied');
    const directory = await h.token(h.tenantA, ['Directory.Read.All']);
    expect((await h.get('/v1.0/users', directory)).status).toBe(200);
  });

  it('echoes client-request-id and sets a request-id on every answer', async () => {
    const token = await h.token();
    const res = await fetch(`${h.graph.url}${EM}/catalogs`, {
      headers: { Authorization: `Bearer ${token}`, 'client-request-id': 'my-correlation-1' },
    });
    expect(res.headers.get('client-request-id')).toBe('my-correlation-1');
    expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
