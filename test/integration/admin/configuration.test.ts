// getConfiguration, saveConfiguration, exportConfiguration, importConfiguration: field errors with
// the schema's paths, server-owned secret fields, audit entries, and no secret ever in a response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/schema';
import { credentialSecretKey } from '../../../src/config/secret-keys';
import { listAudit } from '../../../src/core/audit';
import { MSP_SECRET, CONTOSO, FABRIKAM } from '../../../sandbox/demo-data';
import { startAdminWorld, type AdminWorld } from './support';

let w: AdminWorld;
beforeAll(async () => {
  w = await startAdminWorld();
});
afterAll(() => w.close());

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

async function current(): Promise<Config> {
  return (await w.ok('getConfiguration', {})).config;
}

describe('getConfiguration', () => {
  it('returns the configuration and each credential secret status, never the secret', async () => {
    const view = await w.ok('getConfiguration', {});
    expect(view.config.tenants.map((t) => t.tenantId)).toEqual([CONTOSO, FABRIKAM]);
    expect(view.secrets['msp-app']).toEqual({
      set: true,
      setAt: view.config.credentials[0]!.secretSetAt,
      thumbprint: undefined,
    });
    expect(JSON.stringify(view)).not.toContain(MSP_SECRET);
  });
});

describe('saveConfiguration', () => {
  it('saves a valid change, keeps the server-owned secret fields, and audits it with the actor', async () => {
    const config = clone(await current());
    const setAt = config.credentials[0]!.secretSetAt;
    config.tenants[0]!.displayName = 'Contoso Ltd';
    // A page cannot claim a secret was stored: these two fields are the server's.
    config.credentials[0]!.secretSetAt = '2001-01-01T00:00:00.000Z';
    config.credentials[0]!.certificateThumbprint = 'A'.repeat(40);
    const saved = await w.ok('saveConfiguration', config);
    expect(saved.tenants[0]!.displayName).toBe('Contoso Ltd');
    expect(saved.credentials[0]!.secretSetAt).toBe(setAt);
    expect(saved.credentials[0]!.certificateThumbprint).toBeUndefined();
    const [entry] = await listAudit(w.store, {
      limit: 1,
      filter: { kind: 'admin', text: 'admin.save-configuration' },
    });
    expect(entry).toMatchObject({
      kind: 'admin',
      action: 'admin.save-configuration',
      outcome: 'ok',
      ref: 'configuration',
    });
    expect(entry!.detail).toContain('by admin-account-1');
  });

  it.each([
    [
      'a tenant id that is not a GUID',
      (c: Config) => void (c.tenants[0]!.tenantId = 'not-a-guid'),
      'tenants.0.tenantId',
      /GUID/,
    ],
    [
      'a custom endpoint neither https nor loopback',
      (c: Config) => void (c.tenants[1]!.graphBaseUrl = 'http://graph.example.com'),
      'tenants.1.graphBaseUrl',
      /https/,
    ],
    [
      'a custom endpoint with credentials in it',
      (c: Config) => void (c.tenants[1]!.loginBaseUrl = 'https://user:pw@login.example.com'),
      'tenants.1.loginBaseUrl',
      /user name or password/,
    ],
    [
      'an organization mapped to two tenants',
      (c: Config) => void c.tenants[1]!.organizations.push({ ...c.tenants[0]!.organizations[0]! }),
      'tenants.1.organizations.1',
      /already mapped to tenant/,
    ],
    [
      'an unknown field',
      (c: Config) => void ((c.tenants[0] as Record<string, unknown>).colour = 'blue'),
      'tenants.0.colour',
      /Unknown field "colour"/,
    ],
    [
      'a missing required field',
      (c: Config) => void delete (c.credentials[0] as Partial<Config['credentials'][0]>).clientId,
      'credentials.0.clientId',
      /^Required\.$/,
    ],
    [
      'a tenant using a credential that does not exist',
      (c: Config) => void (c.tenants[0]!.credentialId = 'nope'),
      'tenants.0.credentialId',
      /No credential "nope"/,
    ],
  ])('refuses %s with a message at the field, and changes nothing', async (_what, spoil, path, message) => {
    const before = await current();
    const config = clone(before);
    spoil(config);
    const response = await w.raw('saveConfiguration', config);
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.code).toBe('invalid_input');
    const error = response.errors.find((e) => e.path === path);
    expect(error?.message).toMatch(message);
    expect(await current()).toEqual(before);
  });

  it('deletes the stored secret of a credential that is removed or changes kind', async () => {
    const config = clone(await current());
    config.credentials.push({
      id: 'spare',
      displayName: 'Spare',
      clientId: '0c0c0c0c-0000-4000-8000-0000000000aa',
      kind: 'secret',
    });
    await w.ok('saveConfiguration', config);
    await w.ok('setCredentialSecret', {
      credentialId: 'spare',
      secret: { kind: 'secret', clientSecret: 'spare-secret-value' },
    });
    expect(await w.store.getSecret(credentialSecretKey('spare'))).toBeDefined();

    const toCertificate = clone(await current());
    toCertificate.credentials.find((c) => c.id === 'spare')!.kind = 'certificate';
    const saved = await w.ok('saveConfiguration', toCertificate);
    expect(saved.credentials.find((c) => c.id === 'spare')?.secretSetAt).toBeUndefined();
    expect(await w.store.getSecret(credentialSecretKey('spare'))).toBeUndefined();

    await w.ok('saveConfiguration', {
      ...saved,
      credentials: saved.credentials.filter((c) => c.id !== 'spare'),
    });
    expect((await w.ok('getConfiguration', {})).secrets.spare).toBeUndefined();
  });
});

describe('exportConfiguration and importConfiguration', () => {
  it('exports JSON that holds no secret and re-imports to the same configuration', async () => {
    const before = await current();
    const { json, fileName } = await w.ok('exportConfiguration', {});
    expect(fileName).toMatch(/^access-bridge-config-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(json)).toEqual(before);
    expect(json).not.toContain(MSP_SECRET);
    expect(json).not.toMatch(/clientSecret|privateKey|BEGIN/);

    // Change it, then import the export: back to what it was, secret kept.
    await w.ok('saveConfiguration', { ...before, tenants: before.tenants.slice(0, 1) });
    const imported = await w.ok('importConfiguration', { json });
    expect(imported).toEqual(before);
    expect(await current()).toEqual(before);
    expect((await w.ok('getConfiguration', {})).secrets['msp-app']?.set).toBe(true);
    // The fake clock does not move: entries of one instant come in any order, so filter.
    const [entry] = await listAudit(w.store, {
      limit: 1,
      filter: { kind: 'admin', text: 'admin.import-configuration' },
    });
    expect(entry).toMatchObject({ outcome: 'ok', ref: 'configuration' });
  });

  it('refuses an import with an unknown field at that field, a bad GUID, or text that is not JSON', async () => {
    const before = await current();
    const withUnknown = { ...clone(before), tenants: [{ ...clone(before.tenants[0]!), secretPlace: 'x' }] };
    const unknown = await w.raw('importConfiguration', { json: JSON.stringify(withUnknown) });
    expect(unknown).toMatchObject({
      ok: false,
      code: 'invalid_input',
      errors: [{ path: 'tenants.0.secretPlace', message: 'Unknown field "secretPlace": remove it.' }],
    });

    const badGuid = clone(before);
    badGuid.tenants[0]!.tenantId = '1234';
    const guid = await w.raw('importConfiguration', { json: JSON.stringify(badGuid) });
    expect(guid.ok === false && guid.errors.map((e) => e.path)).toContain('tenants.0.tenantId');

    const notJson = await w.raw('importConfiguration', { json: '{"tenants": [' });
    expect(notJson.ok === false && notJson.errors[0]?.path).toBe('json');
    expect(await current()).toEqual(before);
  });
});

describe('getWebTriggerUrl', () => {
  it('reports the URL the relays call', async () => {
    expect(await w.ok('getWebTriggerUrl', {})).toEqual({
      url: 'https://11111111-aaaa.hello.atlassian-dev.net/x1/AbCdEf',
    });
  });
});

describe('the custom cloud', () => {
  /** The demo configuration with its first tenant on custom endpoints and the others on global. */
  const withCustom = async () => {
    const config = clone(await current());
    config.tenants = config.tenants.map((t, i) =>
      i === 0
        ? { ...t, cloud: 'custom', graphBaseUrl: 'http://127.0.0.1:9', loginBaseUrl: 'http://127.0.0.1:9' }
        : { ...t, cloud: 'global', graphBaseUrl: undefined, loginBaseUrl: undefined },
    );
    return config;
  };

  it('is saved in the sandbox, which says it is not Forge', async () => {
    expect((await w.ok('getConfiguration', {})).onForge).toBe(false);
    const before = await current();
    const saved = await w.ok('saveConfiguration', await withCustom());
    expect(saved.tenants[0]!.cloud).toBe('custom');
    await w.ok('saveConfiguration', before);
  });

  it('is refused on Forge, save and import alike, with a field error that says why', async () => {
    const before = await current();
    w.deps.onForge = true;
    try {
      expect((await w.ok('getConfiguration', {})).onForge).toBe(true);
      const config = await withCustom();
      const response = await w.call('saveConfiguration', config);
      expect(response).toMatchObject({ ok: false, code: 'invalid_input' });
      const errors = response.ok ? [] : response.errors;
      expect(errors).toEqual([{ path: 'tenants.0.cloud', message: expect.stringContaining('manifest') }]);
      expect(errors[0]!.message).toContain('sandbox');
      const imported = await w.call('importConfiguration', { json: JSON.stringify(config) });
      expect(imported).toMatchObject({ ok: false, errors: [{ path: 'tenants.0.cloud' }] });
      expect(await current()).toEqual(before);
      // Built-in clouds only: saved as before.
      const builtIn = clone(config);
      builtIn.tenants[0] = {
        ...builtIn.tenants[0]!,
        cloud: 'usgov',
        graphBaseUrl: undefined,
        loginBaseUrl: undefined,
      };
      expect((await w.ok('saveConfiguration', builtIn)).tenants[0]!.cloud).toBe('usgov');
    } finally {
      w.deps.onForge = undefined;
      await w.ok('saveConfiguration', before);
    }
  });
});
