// Names with spaces, apostrophes, `&`, `+`, `#`, `$` and non-Latin letters reach the right object
// through the strict (RFC 3986) Graph emulator; a URLSearchParams-encoded query (space as `+`,
// as Jira Automation's urlEncode writes it) does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findUser, listAccessPackages, odataLiteral, userPath } from '../../../src/graph';
import { createNodeHttp } from '../../../sandbox/adapters/node-http';
import { startHarness, type Harness } from './support/harness';

const TENANT = '5a6b7c8d-2222-4b3c-9d4e-5f6071829304';
const APP = '44444444-dddd-4ddd-8ddd-444444444444';
const SECRET = 'x';
const NAMES = ['Sales & Marketing', "O'Brien's Team", 'R+D Lab', 'Ventes été 😀 #1', '100% / Finance?'];
// Names a wrong decoding could land on instead.
const DECOYS = ['Sales', 'Sales Marketing', 'R D Lab', 'R', "O'Brien"];

let h: Harness;
const ids = new Map<string, string>();

beforeAll(async () => {
  h = await startHarness();
  h.login.addTenant(TENANT);
  h.login.registerApp(TENANT, {
    clientId: APP,
    secret: SECRET,
    roles: ['EntitlementManagement.Read.All', 'User.Read.All'],
  });
  const t = h.emulator.tenant(TENANT);
  const catalog = t.addCatalog({ displayName: 'Names' });
  for (const name of [...NAMES, ...DECOYS])
    ids.set(name, t.addAccessPackage({ catalogId: catalog.id, displayName: name }).id);
  t.addUser({
    id: 'a1a1a1a1-0000-4000-8000-000000000001',
    userPrincipalName: 'a+b@contoso.com',
    mail: 'a+b@contoso.com',
  });
  t.addUser({ id: 'a1a1a1a1-0000-4000-8000-000000000002', userPrincipalName: 'a b@contoso.com', mail: null });
  t.addUser({
    id: 'a1a1a1a1-0000-4000-8000-000000000003',
    userPrincipalName: 'j.doe_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    mail: 'j.doe@fabrikam.com',
  });
  t.addUser({
    id: 'a1a1a1a1-0000-4000-8000-000000000004',
    userPrincipalName: "o'neil@contoso.com",
    mail: 'shared@contoso.com',
    otherMails: ['alias@contoso.com'],
  });
  t.addUser({
    id: 'a1a1a1a1-0000-4000-8000-000000000005',
    userPrincipalName: '$admin@contoso.com',
    mail: null,
  });
});

afterAll(async () => {
  await h.close();
});

const client = () => h.client(TENANT, APP, { kind: 'secret', clientSecret: SECRET });

describe('filtered look-ups through the strict emulator', () => {
  it.each(NAMES)('finds exactly the package named %j', async (name) => {
    const { graph } = client();
    const found = await listAccessPackages(graph, { displayName: name });
    expect(found.map((p) => p.id)).toEqual([ids.get(name)]);
    expect(found[0]!.displayName).toBe(name);
  });

  it.each(['Sales & Marketing', "O'Brien's Team", 'R+D Lab'])(
    'a URLSearchParams-encoded filter for %j does not reach it',
    async (name) => {
      const { graph, tokens, credential } = client();
      await listAccessPackages(graph, { displayName: name }); // proves the package is there
      const token = await tokens.getToken({ cloud: h.cloud, tenantId: TENANT, credential });
      const query = new URLSearchParams({ $filter: `displayName eq ${odataLiteral(name)}` }).toString();
      const response = await createNodeHttp().fetch(
        `${h.emulator.url}/v1.0/identityGovernance/entitlementManagement/accessPackages?${query}`,
        {
          method: 'GET',
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        },
      );
      const text = await response.text();
      // Read strictly, `+` stays `+`: `displayName+eq+'R+D+Lab'` is no valid filter at all.
      expect(response.status).toBe(400);
      expect(JSON.parse(text)).toMatchObject({ error: { code: 'BadRequest' } });
      expect(text).not.toContain(ids.get(name)!);
    },
  );

  it.each([
    ['a+b@contoso.com', 'a1a1a1a1-0000-4000-8000-000000000001'],
    ['a b@contoso.com', 'a1a1a1a1-0000-4000-8000-000000000002'],
    ['j.doe_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'a1a1a1a1-0000-4000-8000-000000000003'],
    ['J.Doe@Fabrikam.com', 'a1a1a1a1-0000-4000-8000-000000000003'],
    ["O'Neil@contoso.com", 'a1a1a1a1-0000-4000-8000-000000000004'],
    ['alias@contoso.com', 'a1a1a1a1-0000-4000-8000-000000000004'],
    ['$admin@contoso.com', 'a1a1a1a1-0000-4000-8000-000000000005'],
  ])('findUser(%j) finds the right user', async (identifier, id) => {
    const { graph } = client();
    expect((await findUser(graph, identifier))?.id).toBe(id);
  });

  it.each([
    ['j.doe_fabrikam.com#EXT#@contoso.onmicrosoft.com', 'a1a1a1a1-0000-4000-8000-000000000003'],
    ['$admin@contoso.com', 'a1a1a1a1-0000-4000-8000-000000000005'],
    ['a+b@contoso.com', 'a1a1a1a1-0000-4000-8000-000000000001'],
  ])('userPath(%j) addresses the user directly', async (upn, id) => {
    const { graph } = client();
    const { data } = await graph.request({
      method: 'GET',
      path: `/v1.0${userPath(upn)}?$select=id`,
      schema: z.looseObject({ id: z.string() }),
    });
    expect(data.id).toBe(id);
  });

  it('answers undefined for an unknown address', async () => {
    const { graph } = client();
    expect(await findUser(graph, 'nobody+x@contoso.com')).toBeUndefined();
  });
});
