import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from '../../../sandbox/emulators/graph';
import { ROUTES } from '../../../sandbox/emulators/graph/router';
import { EM, fetchToken, lit, q, startHarness, validator, type Harness, type JsonBody } from './helpers';

describe('Graph emulator: contract, routing and query options', () => {
  let h: Harness;
  let token: string;
  let pkgId: string;
  beforeAll(async () => {
    h = await startHarness();
    token = await h.token();
    const t = h.graph.tenant(h.tenantA);
    const catalog = t.addCatalog({ displayName: 'Sales' });
    pkgId = t.addAccessPackage({ catalogId: catalog.id, displayName: 'Sales App' }).id;
    t.addAccessPackage({ catalogId: catalog.id, displayName: "O'Neil & Sons #1" });
    t.addUser({ displayName: 'Plus', userPrincipalName: 'a+b@contoso.com' });
    t.addUser({ displayName: 'Space', userPrincipalName: 'a b@contoso.com' });
    t.addUser({
      displayName: 'Guest',
      userPrincipalName: 'g_fabrikam.com#EXT#@contoso.onmicrosoft.com',
      mail: 'g@fabrikam.com',
      userType: 'Guest',
      otherMails: ['g@other.org'],
    });
    t.addUser({ displayName: 'Dollar', userPrincipalName: '$admin@contoso.com' });
  });
  afterAll(() => h.close());

  const message = (res: { body: JsonBody }) => String(res.body?.error?.message ?? '');

  describe('routing', () => {
    it('has a handler for every operation of the contract extract plus the /users overlay, and nothing else', () => {
      const declared = Object.entries(validator().doc.paths).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k))
          .map((m) => `${m.toUpperCase()} ${path}`),
      );
      expect(Object.keys(ROUTES).sort()).toEqual(declared.sort());
    });

    it('400 BadRequest for a path the contract does not declare, naming the segment', async () => {
      const res = await h.get(`${EM}/accessPackageAssignmentPolicies`, token);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BadRequest');
      expect(message(res)).toBe("Resource not found for the segment 'accessPackageAssignmentPolicies'.");
      expect((await h.get(`${EM}/accessPackages/${pkgId}/assignmentPolicies`, token)).status).toBe(400);
    });

    it('405 for a method the contract does not declare on a known path', async () => {
      const res = await fetch(`${h.graph.url}${EM}/accessPackages/${pkgId}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(405);
    });

    it('400 for beta and for another version', async () => {
      const beta = await h.get('/beta/identityGovernance/entitlementManagement/accessPackages', token);
      expect(beta.status).toBe(400);
      expect(message(beta)).toContain('v1.0 only');
    });

    it('matches path segments case-insensitively, as Graph does', async () => {
      expect(
        (await h.get('/v1.0/IdentityGovernance/entitlementmanagement/ACCESSPACKAGES', token)).status,
      ).toBe(200);
    });
  });

  describe('request validation', () => {
    it('400 with the problem list for a body that breaks the contract', async () => {
      const res = await h.post(
        `${EM}/assignmentRequests`,
        { requestType: 'adminAddd', assignment: { targetId: 42 }, justification: 7 },
        token,
      );
      expect(res.status).toBe(400);
      expect(message(res)).toContain('does not match the contract');
      expect(message(res)).toContain('/requestType');
      expect(message(res)).toContain('/assignment/targetId');
      expect(message(res)).toContain('/justification');
    });

    it('400 for a body that is not JSON or has no JSON content type', async () => {
      const res = await fetch(`${h.graph.url}${EM}/assignmentRequests`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
        body: '{"requestType":"adminAdd"}',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as JsonBody).error.message).toContain('Unable to read JSON request payload');
    });

    it('400 for an unknown $ option, a repeated option and a wrongly typed one', async () => {
      expect(message(await h.get(`${EM}/accessPackages?$frobnicate=1`, token))).toContain(
        '$frobnicate is not declared',
      );
      expect(message(await h.get(`${EM}/accessPackages?$top=1&$top=2`, token))).toContain(
        "'$top' was specified more than once",
      );
      expect(message(await h.get(`${EM}/accessPackages?$top=ten`, token))).toContain('not an integer');
      // Graph ignores custom (non-$) parameters.
      expect((await h.get(`${EM}/accessPackages?foo=bar`, token)).status).toBe(200);
    });

    it("contract 'off' lets unknown $ options through", async () => {
      const loose: GraphEmulator = await startGraphEmulator({
        login: h.login,
        now: h.clock.now,
        validator: validator(),
        contract: 'off',
      });
      try {
        h.login.allowResource(loose.url);
        const t = await fetchToken(h.login, h.tenantA, h.clientId, h.secret, loose.url);
        const res = await fetch(`${loose.url}${EM}/accessPackages?$frobnicate=1`, {
          headers: { Authorization: `Bearer ${t}` },
        });
        expect(res.status).toBe(200);
      } finally {
        await loose.close();
      }
    });
  });

  describe('query encoding (RFC 3986)', () => {
    const upns = async (filter: string) => {
      const res = await h.get(`/v1.0/users?$filter=${filter}&$select=displayName`, token);
      return {
        status: res.status,
        names: res.body?.value?.map((u: JsonBody) => u.displayName),
        message: message(res),
      };
    };

    it('%2B is a literal plus and %20 a space', async () => {
      expect((await upns(q(`userPrincipalName eq ${lit('a+b@contoso.com')}`))).names).toEqual(['Plus']);
      expect((await upns(q(`userPrincipalName eq ${lit('a b@contoso.com')}`))).names).toEqual(['Space']);
    });

    it("a raw '+' is refused by default (Graph would read it as a space; URLSearchParams writes spaces as '+')", async () => {
      const raw = await upns(`userPrincipalName%20eq%20'a+b@contoso.com'`);
      expect(raw.status).toBe(400);
      expect(raw.message).toContain("raw '+'");
      const formEncoded = await upns(
        new URLSearchParams({ f: "userPrincipalName eq 'a b@contoso.com'" }).toString().slice(2),
      );
      expect(formEncoded.status).toBe(400);
    });

    it("plusInQuery 'literal' reads a raw '+' as a plus (RFC 3986)", async () => {
      const literal = await startGraphEmulator({
        login: h.login,
        now: h.clock.now,
        validator: validator(),
        plusInQuery: 'literal',
      });
      try {
        h.login.allowResource(literal.url);
        literal.tenant(h.tenantA).addUser({ displayName: 'Plus', userPrincipalName: 'a+b@contoso.com' });
        const t = await fetchToken(h.login, h.tenantA, h.clientId, h.secret, literal.url);
        const res = await fetch(
          `${literal.url}/v1.0/users?$filter=userPrincipalName%20eq%20'a+b@contoso.com'&$select=displayName`,
          { headers: { Authorization: `Bearer ${t}` } },
        );
        expect(((await res.json()) as JsonBody).value).toEqual([
          expect.objectContaining({ displayName: 'Plus' }),
        ]);
      } finally {
        await literal.close();
      }
    });

    it('apostrophes, ampersands and # survive when encoded; an unbalanced quote is 400 Invalid filter clause', async () => {
      const ok = await h.get(
        `${EM}/accessPackages?$filter=${q(`displayName eq ${lit("O'Neil & Sons #1")}`)}`,
        token,
      );
      expect(ok.body.value.map((p: JsonBody) => p.displayName)).toEqual(["O'Neil & Sons #1"]);
      const bad = await h.get(`${EM}/accessPackages?$filter=${q("displayName eq 'O'Neil'")}`, token);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('BadRequest');
      expect(message(bad)).toMatch(/^Invalid filter clause: unbalanced quote/);
    });

    it('400 for an unknown property in $filter, $select or $orderby, and for expanding a structural property', async () => {
      expect(message(await h.get(`${EM}/accessPackages?$filter=${q("nmae eq 'x'")}`, token))).toBe(
        "Could not find a property named 'nmae' on type 'microsoft.graph.accessPackage'.",
      );
      expect((await h.get(`${EM}/accessPackages?$select=id,nope`, token)).status).toBe(400);
      expect((await h.get(`${EM}/accessPackages?$orderby=nope`, token)).status).toBe(400);
      expect(message(await h.get(`${EM}/accessPackages?$expand=displayName`, token))).toContain(
        'Only navigation properties can be expanded',
      );
    });

    it("guest UPNs with %23 in the path, and /users('$...') for a UPN that starts with $", async () => {
      const guest = await h.get(
        `/v1.0/users/${encodeURIComponent('g_fabrikam.com#EXT#@contoso.onmicrosoft.com')}`,
        token,
      );
      expect(guest.body.displayName).toBe('Guest');
      const dollar = await h.get(`/v1.0/users('${encodeURIComponent('$admin@contoso.com')}')`, token);
      expect(dollar.body.displayName).toBe('Dollar');
      expect((await h.get('/v1.0/users/$admin@contoso.com', token)).status).toBe(400);
      const missing = await h.get('/v1.0/users/nobody@contoso.com', token);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('Request_ResourceNotFound');
    });

    it('users: default property set unless $select, any() on otherMails, advanced queries need ConsistencyLevel', async () => {
      const byMail = await h.get(`/v1.0/users?$filter=${q("otherMails/any(x:x eq 'g@other.org')")}`, token);
      expect(byMail.body.value).toHaveLength(1);
      expect(byMail.body.value[0]).not.toHaveProperty('accountEnabled');
      const selected = await h.get(
        `/v1.0/users?$filter=${q("mail eq 'G@FABRIKAM.COM'")}&$select=id,accountEnabled,userType`,
        token,
      );
      expect(selected.body.value).toEqual([
        { id: expect.any(String), accountEnabled: true, userType: 'Guest' },
      ]);
      const ne = `/v1.0/users?$filter=${q("userType ne 'Guest'")}`;
      const refused = await h.get(ne, token);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('Request_UnsupportedQuery');
      const advanced = await h.get(`${ne}&$count=true`, token, { ConsistencyLevel: 'eventual' });
      expect(advanced.status).toBe(200);
      expect(advanced.body['@odata.count']).toBe(3);
    });
  });

  describe('paging', () => {
    it('serves $top-sized pages with an absolute nextLink and an opaque $skiptoken until the end', async () => {
      const t = h.graph.tenant(h.tenantB);
      const catalog = t.addCatalog();
      for (let i = 0; i < 7; i += 1) t.addAccessPackage({ catalogId: catalog.id, displayName: `P${i}` });
      const tokenB = await h.token(h.tenantB);
      const seen: string[] = [];
      let next: string | undefined = `${h.graph.url}${EM}/accessPackages?$top=3&$select=displayName`;
      let pages = 0;
      while (next) {
        expect(next.startsWith(h.graph.url)).toBe(true);
        const res = await fetch(next, { headers: { Authorization: `Bearer ${tokenB}` } });
        const body = (await res.json()) as JsonBody;
        expect(res.status).toBe(200);
        seen.push(...body.value.map((p: JsonBody) => p.displayName));
        next = body['@odata.nextLink'];
        if (next) expect(next).toMatch(/\$skiptoken=[A-Za-z0-9_-]+/);
        pages += 1;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    });

    it('uses the tenant page size without $top, and refuses a skiptoken from another query or tenant', async () => {
      const t = h.graph.tenant(h.tenantB);
      t.setPageSize(2);
      const tokenB = await h.token(h.tenantB);
      const first = await h.get(`${EM}/accessPackages`, tokenB);
      expect(first.body.value).toHaveLength(2);
      const link = new URL(first.body['@odata.nextLink'] as string);
      const skiptoken = link.searchParams.get('$skiptoken') as string;
      const otherQuery = await h.get(`${EM}/accessPackages?$select=id&$skiptoken=${skiptoken}`, tokenB);
      expect(otherQuery.status).toBe(400);
      const otherTenant = await fetch(link, { headers: { Authorization: `Bearer ${token}` } });
      expect(otherTenant.status).toBe(400);
      t.setPageSize(100);
    });
  });

  it('counts every request by route template, including refused ones', async () => {
    h.graph.resetCounters();
    await h.get(`${EM}/accessPackages/${pkgId}`, token);
    await h.get(`${EM}/accessPackages/${pkgId}?$frobnicate=1`, token);
    await fetch(`${h.graph.url}${EM}/accessPackages/${pkgId}`);
    expect(h.graph.counters.total).toBe(3);
    expect(
      h.graph.counters.byRoute[
        'GET /identityGovernance/entitlementManagement/accessPackages/{accessPackage-id}'
      ],
    ).toBe(3);
    expect(h.graph.counters.byStatus).toMatchObject({ 200: 1, 400: 1, 401: 1 });
    const last = h.graph.requests.at(-2);
    expect(last).toMatchObject({
      method: 'GET',
      query: { $frobnicate: '1' },
      tenant: h.tenantA,
      status: 400,
    });
  });
});
