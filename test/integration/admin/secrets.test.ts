// setCredentialSecret and deleteCredentialSecret: write-only secrets, certificate checks with the
// SHA-1 thumbprint, cached tokens dropped when a secret changes, and the audit trail.
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialSecretKey, tokenCacheKey } from '../../../src/config/secret-keys';
import { KNOWN_CLOUDS } from '../../../src/graph/clouds';
import { checkCertificate } from '../../../src/core/admin/set-credential-secret';
import { listAudit } from '../../../src/core/audit';
import { OperationError } from '../../../src/core/operation';
import { CONTOSO, MSP_APP, MSP_SECRET, ROLES } from '../../../sandbox/demo-data';
import { createTestCertificate, type TestCertificate } from '../../unit/graph/support/self-signed-cert';
import { startAdminWorld, tenantGuid, type AdminWorld } from './support';

let w: AdminWorld;
let cert: TestCertificate;
let otherCert: TestCertificate;
const CERT_TENANT = tenantGuid(7);
const CERT_APP = '0d0d0d0d-0000-4000-8000-0000000000c1';

beforeAll(async () => {
  w = await startAdminWorld();
  [cert, otherCert] = await Promise.all([createTestCertificate('cert-app'), createTestCertificate('other')]);
  w.login.addTenant(CERT_TENANT);
  w.login.registerApp(CERT_TENANT, { clientId: CERT_APP, certificatePem: cert.certificatePem, roles: ROLES });
  const { config } = await w.ok('getConfiguration', {});
  await w.ok('saveConfiguration', {
    ...config,
    credentials: [
      ...config.credentials,
      { id: 'cert-app', displayName: 'Certificate app', clientId: CERT_APP, kind: 'certificate' },
    ],
    tenants: [
      ...config.tenants,
      { tenantId: CERT_TENANT, displayName: 'Cert Co', cloud: 'global', credentialId: 'cert-app' },
    ],
  });
});
afterAll(() => w.close());

describe('setCredentialSecret', () => {
  it('stores a client secret, records when, drops cached tokens, and never answers with it', async () => {
    // A token is cached from the old secret.
    expect((await w.ok('testConnection', { tenantId: CONTOSO })).ok).toBe(true);
    const cacheKey = tokenCacheKey(KNOWN_CLOUDS.global, CONTOSO, MSP_APP);
    expect(await w.store.getSecret(cacheKey)).toBeDefined();

    const response = await w.call('setCredentialSecret', {
      credentialId: 'msp-app',
      secret: { kind: 'secret', clientSecret: `  ${MSP_SECRET}\n` },
    });
    expect(response).toEqual({
      ok: true,
      value: { set: true, setAt: new Date(w.clock.now()).toISOString(), thumbprint: undefined },
    });
    expect(JSON.stringify(response)).not.toContain(MSP_SECRET);
    expect(await w.store.getSecret(credentialSecretKey('msp-app'))).toEqual({
      kind: 'secret',
      clientSecret: MSP_SECRET,
    });
    expect(await w.store.getSecret(cacheKey)).toBeUndefined();
    const [entry] = await listAudit(w.store, { limit: 1, filter: { text: 'admin.set-credential-secret' } });
    expect(entry).toMatchObject({
      kind: 'admin',
      ref: 'credential:msp-app',
      outcome: 'ok',
      detail: 'client secret stored (by admin-account-1)',
    });
  });

  it('stores a certificate with its SHA-1 thumbprint, and the tenant then connects with it', async () => {
    const status = await w.ok('setCredentialSecret', {
      credentialId: 'cert-app',
      secret: { kind: 'certificate', privateKeyPem: cert.privateKeyPem, certificatePem: cert.certificatePem },
    });
    const expected = new X509Certificate(cert.certificatePem).fingerprint.replace(/:/g, '');
    expect(status).toMatchObject({ set: true, thumbprint: expected });
    const { config, secrets } = await w.ok('getConfiguration', {});
    expect(config.credentials.find((c) => c.id === 'cert-app')?.certificateThumbprint).toBe(expected);
    expect(secrets['cert-app']).toMatchObject({ set: true, thumbprint: expected });
    expect(JSON.stringify(secrets)).not.toContain('PRIVATE KEY');
    const report = await w.ok('testConnection', { tenantId: CERT_TENANT });
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ['secret', 'ok'],
      ['token', 'ok'],
      ['read-catalogs', 'ok'],
      ['read-users', 'ok'],
      ['write-permission', 'ok'],
      ['organization-lookup', 'ok'],
    ]);
  });

  it.each([
    [
      'a key that does not match the certificate',
      () => ({ privateKeyPem: otherCert.privateKeyPem, certificatePem: cert.certificatePem }),
      'secret.privateKeyPem',
      /does not belong/,
    ],
    [
      'a certificate that is not PEM',
      () => ({ privateKeyPem: cert.privateKeyPem, certificatePem: 'MIIB...not pem' }),
      'secret.certificatePem',
      /not a PEM certificate/,
    ],
    [
      'a key that is not a key',
      () => ({
        privateKeyPem: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        certificatePem: cert.certificatePem,
      }),
      'secret.privateKeyPem',
      /cannot be read/,
    ],
  ])('refuses %s at its field and keeps the stored one', async (_what, material, path, message) => {
    const before = await w.store.getSecret(credentialSecretKey('cert-app'));
    const response = await w.call('setCredentialSecret', {
      credentialId: 'cert-app',
      secret: { kind: 'certificate', ...material() },
    });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.errors[0]?.path).toBe(path);
    expect(response.errors[0]?.message).toMatch(message);
    expect(JSON.stringify(response)).not.toContain('-----BEGIN');
    expect(await w.store.getSecret(credentialSecretKey('cert-app'))).toEqual(before);
  });

  it('refuses an expired certificate', () => {
    const after = Date.UTC(2035, 0, 1);
    expect(() => checkCertificate(cert.privateKeyPem, cert.certificatePem, after)).toThrow(OperationError);
    expect(() => checkCertificate(cert.privateKeyPem, cert.certificatePem, after)).toThrow(
      /expired on 2034-01-01/,
    );
  });

  it('refuses the wrong kind, an unknown credential, and an empty secret', async () => {
    const kind = await w.call('setCredentialSecret', {
      credentialId: 'cert-app',
      secret: { kind: 'secret', clientSecret: 'x' },
    });
    expect(kind.ok === false && kind.errors[0]?.path).toBe('secret.kind');
    const unknown = await w.call('setCredentialSecret', {
      credentialId: 'nobody',
      secret: { kind: 'secret', clientSecret: 'x' },
    });
    expect(unknown).toMatchObject({ ok: false, code: 'not_found' });
    const empty = await w.call('setCredentialSecret', {
      credentialId: 'msp-app',
      secret: { kind: 'secret', clientSecret: '   ' },
    });
    expect(empty).toMatchObject({
      ok: false,
      code: 'invalid_input',
      errors: [{ path: 'secret.clientSecret', message: 'Paste the client secret value.' }],
    });
  });
});

describe('deleteCredentialSecret', () => {
  it('removes the secret; the tenant then fails its test with "store it under Credentials"', async () => {
    expect(await w.ok('deleteCredentialSecret', { credentialId: 'cert-app' })).toEqual({ set: false });
    expect(await w.store.getSecret(credentialSecretKey('cert-app'))).toBeUndefined();
    const { config, secrets } = await w.ok('getConfiguration', {});
    expect(secrets['cert-app']).toEqual({ set: false });
    expect(config.credentials.find((c) => c.id === 'cert-app')?.certificateThumbprint).toBeUndefined();
    const report = await w.ok('testConnection', { tenantId: CERT_TENANT });
    expect(report.steps[0]).toMatchObject({ id: 'secret', status: 'failed', problem: 'secret_missing' });
    expect(report.steps[0]?.advice).toMatch(/store it under Credentials/);
    // Every Graph step is skipped; the Jira site's organization look-up does not need the secret.
    expect(report.steps.slice(1).every((s) => s.status === 'skipped' || s.id === 'organization-lookup')).toBe(
      true,
    );
    const [entry] = await listAudit(w.store, {
      limit: 1,
      filter: { text: 'admin.delete-credential-secret' },
    });
    expect(entry).toMatchObject({ ref: 'credential:cert-app', outcome: 'ok' });
  });
});
