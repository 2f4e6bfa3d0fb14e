// The token provider against the Entra login emulator: client secret and certificate
// credentials, caching, the 401 re-acquisition after a key rollover, and each refusal mapped to
// a reason that says what to fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCatalogs, resolveCloud, TokenRequestError, type TokenFailureReason } from '../../../src/graph';
import { createTestCertificate, type TestCertificate } from '../../unit/graph/support/self-signed-cert';
import { startHarness, type Harness } from './support/harness';

const TENANT = '6c7d8e9f-3333-4c4d-8e5f-60718293a4b5';
const APP = '55555555-eeee-4eee-8eee-555555555555';
const CERT_APP = '66666666-ffff-4fff-8fff-666666666666';
const EXPIRED_APP = '77777777-0000-4000-8000-777777777777';
const UNCONSENTED_APP = '88888888-0000-4000-8000-888888888888';
const SECRET = 'Q~p+w/d=&%20';
const ROLES = ['EntitlementManagement.Read.All'];

let h: Harness;
let cert: TestCertificate;
let otherCert: TestCertificate;

beforeAll(async () => {
  h = await startHarness();
  [cert, otherCert] = await Promise.all([createTestCertificate('app'), createTestCertificate('other')]);
  h.login.addTenant(TENANT);
  h.login.registerApp(TENANT, { clientId: APP, secret: SECRET, roles: ROLES });
  h.login.registerApp(TENANT, { clientId: CERT_APP, certificatePem: cert.certificatePem, roles: ROLES });
  h.login.registerApp(TENANT, {
    clientId: EXPIRED_APP,
    secret: SECRET,
    secretExpiresAt: h.clock.now() - 1,
    roles: ROLES,
  });
  h.login.registerApp(TENANT, { clientId: UNCONSENTED_APP, secret: SECRET, consented: false, roles: ROLES });
  h.emulator.tenant(TENANT).addCatalog({ displayName: 'C' });
});

afterAll(async () => {
  await h.close();
});

describe('token provider against the login emulator', () => {
  it('gets a token with a client secret full of reserved characters, and caches it', async () => {
    const { graph } = h.client(TENANT, APP, { kind: 'secret', clientSecret: SECRET });
    const before = h.login.stats.tokensIssued;
    for (let i = 0; i < 5; i++) await listCatalogs(graph);
    expect(h.login.stats.tokensIssued - before).toBe(1);
  });

  it('gets a token with a certificate assertion (x5t of a real X.509 certificate)', async () => {
    const { graph } = h.client(TENANT, CERT_APP, {
      kind: 'certificate',
      privateKeyPem: cert.privateKeyPem,
      certificatePem: cert.certificatePem,
    });
    expect(await listCatalogs(graph)).toHaveLength(1);
  });

  it('re-acquires the token once when Graph answers 401 after a key rollover', async () => {
    const { graph } = h.client(TENANT, APP, { kind: 'secret', clientSecret: SECRET });
    await listCatalogs(graph);
    h.login.rotateKeys(TENANT);
    h.login.dropOldKeys(TENANT);
    const issued = h.login.stats.tokensIssued;
    h.emulator.resetCounters();
    expect(await listCatalogs(graph)).toHaveLength(1);
    expect(h.emulator.counters.byStatus).toEqual({ '401': 1, '200': 1 });
    expect(h.login.stats.tokensIssued - issued).toBe(1);
  });

  const refusals: [string, () => ReturnType<Harness['client']>, TokenFailureReason, string][] = [
    [
      'a wrong secret',
      () => h.client(TENANT, APP, { kind: 'secret', clientSecret: 'wrong' }),
      'invalid_secret',
      'AADSTS7000215',
    ],
    [
      'an expired secret',
      () => h.client(TENANT, EXPIRED_APP, { kind: 'secret', clientSecret: SECRET }),
      'expired_secret',
      'AADSTS7000222',
    ],
    [
      'an unknown tenant',
      () => h.client('99999999-0000-4000-8000-999999999999', APP, { kind: 'secret', clientSecret: SECRET }),
      'tenant_not_found',
      'AADSTS90002',
    ],
    [
      'an app not in the tenant',
      () =>
        h.client(TENANT, '12121212-0000-4000-8000-121212121212', { kind: 'secret', clientSecret: SECRET }),
      'app_not_in_tenant',
      'AADSTS700016',
    ],
    [
      'an app without admin consent',
      () => h.client(TENANT, UNCONSENTED_APP, { kind: 'secret', clientSecret: SECRET }),
      'app_not_in_tenant',
      'AADSTS7000229',
    ],
    [
      'a key that does not match the certificate',
      () =>
        h.client(TENANT, CERT_APP, {
          kind: 'certificate',
          privateKeyPem: otherCert.privateKeyPem,
          certificatePem: cert.certificatePem,
        }),
      'invalid_certificate',
      'AADSTS700027',
    ],
  ];

  it.each(refusals)('maps %s to its reason', async (_what, make, reason, aadsts) => {
    const { graph } = make();
    const error = await listCatalogs(graph).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).details).toMatchObject({ reason, aadsts });
    expect((error as Error).message).not.toContain(SECRET);
    expect((error as Error).message).not.toMatch(/eyJ/); // no JWT (assertion) in the message
  });

  it('maps a Graph the login host does not know to wrong_cloud', async () => {
    const { tokens, credential } = h.client(TENANT, APP, { kind: 'secret', clientSecret: SECRET });
    const wrongCloud = resolveCloud({
      cloud: 'custom',
      graphBaseUrl: 'http://127.0.0.1:9',
      loginBaseUrl: h.login.url,
    });
    const error = await tokens
      .getToken({ cloud: wrongCloud, tenantId: TENANT, credential })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ details: { reason: 'wrong_cloud', aadsts: 'AADSTS500011' } });
  });
});
